import { gcj02ToWgs84, wgs84ToGcj02 } from './gcj02';

describe('GCJ-02 ↔ WGS-84', () => {
  // 长征镇 lies around 31.24 N, 121.39 E: GCJ-02 there is shifted roughly 0.002° south and 0.0045° east
  const town = { lat: 31.245, lng: 121.38 };

  it('shifts a point in Shanghai by a few hundred metres, south-east', () => {
    const g = wgs84ToGcj02(town);
    expect(g.lat - town.lat).toBeLessThan(-0.001);
    expect(g.lat - town.lat).toBeGreaterThan(-0.004);
    expect(g.lng - town.lng).toBeGreaterThan(0.003);
    expect(g.lng - town.lng).toBeLessThan(0.006);
  });

  it('inverts the shift to under a millimetre', () => {
    for (const p of [town, { lat: 31.23, lng: 121.37 }, { lat: 39.9, lng: 116.4 }, { lat: 22.5, lng: 114.05 }]) {
      const back = gcj02ToWgs84(wgs84ToGcj02(p));
      expect(Math.abs(back.lat - p.lat)).toBeLessThan(1e-8);
      expect(Math.abs(back.lng - p.lng)).toBeLessThan(1e-8);
    }
  });

  it('leaves points outside China unchanged', () => {
    expect(wgs84ToGcj02({ lat: 51.5, lng: -0.12 })).toEqual({ lat: 51.5, lng: -0.12 });
    expect(gcj02ToWgs84({ lat: 51.5, lng: -0.12 })).toEqual({ lat: 51.5, lng: -0.12 });
  });
});
