import { MAX_PULSING, PIN_COLORS, pinSeries, pinSeriesId } from './map-option';
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
