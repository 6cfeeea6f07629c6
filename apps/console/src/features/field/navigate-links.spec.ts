import { fitWithin, jpegName } from './image-resize';
import { navigateLinks } from './navigate-links';

describe('navigation links', () => {
  it('opens the WGS-84 point in the phone map, Baidu (told it is WGS-84) and Amap (shifted to GCJ-02)', () => {
    const l = navigateLinks({ lat: 31.245, lng: 121.38 }, 'CZ-1 暴露垃圾');
    expect(l.geo).toBe('geo:31.245000,121.380000?q=31.245000,121.380000(CZ-1%20%E6%9A%B4%E9%9C%B2%E5%9E%83%E5%9C%BE)');
    expect(l.baidu).toContain('location=31.245000,121.380000');
    expect(l.baidu).toContain('coord_type=wgs84');
    const amap = /position=([\d.]+),([\d.]+)/.exec(l.amap);
    // GCJ-02 lies a few hundred metres off WGS-84 in Shanghai
    expect(Number(amap?.[1]) - 121.38).toBeGreaterThan(0.003);
    expect(Math.abs(Number(amap?.[2]) - 31.245)).toBeGreaterThan(0.001);
  });
});

describe('photo downscaling', () => {
  it('fits the long side into 1600 px, keeping the aspect, never enlarging', () => {
    expect(fitWithin(4032, 3024)).toEqual({ width: 1600, height: 1200 });
    expect(fitWithin(3024, 4032)).toEqual({ width: 1200, height: 1600 });
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
  });

  it('names the re-encoded file .jpg', () => {
    expect(jpegName('IMG_1234.HEIC')).toBe('IMG_1234.jpg');
    expect(jpegName('photo')).toBe('photo.jpg');
  });
});
