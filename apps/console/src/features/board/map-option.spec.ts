import { HOTSPOT_COLOR, HOTSPOT_SERIES_ID, MAX_PULSING, PIN_COLORS, RED_EXTRA, hotspotSeries, pinSeries, pinSeriesId, pinSize } from './map-option';
import type { Pin } from './open-map-store';

const NOW = Date.parse('2026-11-27T02:00:00.000Z');
const pin = (id: string, over: Partial<Pin> = {}): Pin => ({
  id, number: `CZ-${id}`, lng: 121.39, lat: 31.24, light: 'green', state: 'IN_PROGRESS', category: 'E0102', district: 'jinsha', grid: 'jinsha-01',
  priority: 'P2', supervised: false, createdAt: NOW - 3_600_000, dueAt: NOW + 3_600_000, version: null, ...over,
});

describe('pins as map layers', () => {
  it('puts each pin on the layer of its light (grey without a clock) and remembers which case is where', () => {
    const s = pinSeries(
      [pin('a'), pin('b', { light: 'red' }), pin('c', { light: null, dueAt: null }), pin('d', { light: 'yellow', dueAt: NOW - 1 }), pin('e', { state: 'PENDING_CHECK' })],
      NOW,
      8,
      [],
    );
    expect(s.counts).toEqual({ none: 1, fixed: 1, green: 1, yellow: 0, red: 2 });
    expect(s.ids[pinSeriesId('fixed')]).toEqual(['e']); // fixed, waiting for its check: blue
    expect(s.ids[pinSeriesId('red')]).toEqual(['b', 'd']); // d's clock ran out: red whatever the server said
    expect(s.ids[pinSeriesId('none')]).toEqual(['c']);
  });

  it('draws the layers in large mode so thousands of pins are one path each', () => {
    const s = pinSeries([pin('a')], NOW, 8, []);
    const layers = (s.option.series as { id: string; large?: boolean; itemStyle?: { color: string } }[]).filter((x) => x.id.startsWith('pins-'));
    expect(layers.map((l) => l.id)).toEqual(['pins-none', 'pins-fixed', 'pins-green', 'pins-yellow', 'pins-red']);
    expect(layers.every((l) => l.large)).toBe(true);
    expect(layers[4].itemStyle?.color).toBe(PIN_COLORS.red);
  });

  it('pulses the pins of the last minute, the newest first, at most MAX_PULSING', () => {
    const fresh = Array.from({ length: MAX_PULSING + 5 }, (_, i) => pin(`n${i}`, { createdAt: NOW - 50_000 + i * 1000 }));
    const s = pinSeries([pin('old'), ...fresh], NOW, 8, []);
    expect(s.fresh).toHaveLength(MAX_PULSING);
    expect(s.fresh[0]).toMatchObject({ id: `n${MAX_PULSING + 4}`, color: PIN_COLORS.green });
    expect(s.fresh.some((f) => f.id === 'old' || f.id === 'n0')).toBe(false);
  });
});

describe('hotspot rings', () => {
  it('draws each hotspot as a hollow orange ring under the pins, larger than a red pin, scaled with the wall', () => {
    const rings = [{ id: 'h1', lng: 121.39, lat: 31.24, count: 4 }, { id: 'h2', lng: 121.4, lat: 31.25, count: 3 }];
    const [series] = hotspotSeries(rings).series as { id: string; data: number[][]; symbolSize: number; z: number; itemStyle: { borderColor: string; borderWidth: number } }[];
    expect(series.id).toBe(HOTSPOT_SERIES_ID);
    expect(series.data).toEqual([[121.39, 31.24, 4], [121.4, 31.25, 3]]);
    expect(series.itemStyle.borderColor).toBe(HOTSPOT_COLOR);
    expect(Object.values(PIN_COLORS)).not.toContain(HOTSPOT_COLOR);
    expect(series.symbolSize).toBeGreaterThan(pinSize('grid') * RED_EXTRA);
    // under every pin layer (z 5 and up), so a click on a pin inside the ring opens its case
    const pinZ = (pinSeries([pin('a')], NOW, 8, []).option.series as { id: string; z: number }[]).filter((x) => x.id.startsWith('pins-')).map((x) => x.z);
    expect(series.z).toBeLessThan(Math.min(...pinZ));
    const [big] = hotspotSeries(rings, 2).series as { symbolSize: number; itemStyle: { borderWidth: number } }[];
    expect(big.symbolSize).toBe(series.symbolSize * 2);
    expect(big.itemStyle.borderWidth).toBe(series.itemStyle.borderWidth * 2);
  });
});
