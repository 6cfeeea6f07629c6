import type { CaseSummary, OpenMap, OpenMapRow } from '@gridops/contracts';
import { OPEN_MAP_FIELDS } from '@gridops/contracts';
import { GONE_MEMORY, fromOpenMap, isFresh, patchOpenMap, pinLayer, pinLight, type OpenMapState, type Pin } from './open-map-store';

const row = (id: string, over: Partial<Record<'light' | 'state' | 'lng', unknown>> = {}): OpenMapRow => [
  id, `CZ-${id}`, (over.lng as number) ?? 121.39, 31.24, (over.light as OpenMapRow[4]) ?? 'green', (over.state as OpenMapRow[5]) ?? 'IN_PROGRESS',
  'E0102', 'jinsha', 'jinsha-01', 'P2', false, '2026-11-27T01:00:00.000Z', '2026-11-27T05:00:00.000Z',
];
const snapshot = (rows: OpenMapRow[]): OpenMapState =>
  fromOpenMap({ generatedAt: '2026-11-27T02:00:00.000Z', seq: '1', fields: OPEN_MAP_FIELDS, rows, total: rows.length, truncated: false } satisfies OpenMap);

const summary = (id: string, over: Partial<CaseSummary> = {}): CaseSummary => ({
  id,
  number: `CZ-${id}`,
  state: 'DISPATCHED',
  light: 'green',
  source: 'patrol',
  districtCode: 'jinsha',
  gridCellCode: 'jinsha-02',
  categoryCode: 'E0102',
  priority: 'P2',
  urgent: false,
  supervised: false,
  escalatedToDistrict: false,
  assigneeUserId: null,
  assigneeUnitCode: null,
  checkerUserId: null,
  location: { lat: 31.235, lng: 121.395 },
  address: null,
  description: '暴露垃圾',
  stepDueAt: null,
  handlingDueAt: null,
  clockDueAt: '2026-11-27T06:00:00.000Z',
  clockYellowAt: null,
  suggestedDuplicateOf: null,
  dispatchHold: null,
  reportedAt: '2026-11-27T02:00:00.000Z',
  updatedAt: '2026-11-27T02:00:00.000Z',
  version: 3,
  ...over,
});

describe('patching the open-case map from live events', () => {
  it('reads the snapshot rows into pins by id', () => {
    const s = snapshot([row('a'), row('b', { light: 'red' })]);
    expect(s.pins.size).toBe(2);
    expect(s.pins.get('b')).toMatchObject({ number: 'CZ-b', light: 'red', district: 'jinsha', version: null, dueAt: Date.parse('2026-11-27T05:00:00.000Z') });
  });

  it('adds a new open case and counts it in the total', () => {
    const { state, added } = patchOpenMap(snapshot([row('a')]), [summary('n', { state: 'REPORTED', light: null, clockDueAt: null })]);
    expect(added).toBe(1);
    expect(state.total).toBe(2);
    expect(state.pins.get('n')).toMatchObject({ state: 'REPORTED', light: null, dueAt: null, grid: 'jinsha-02', version: 3 });
  });

  it('moves and recolours a case it already shows', () => {
    const { state, updated } = patchOpenMap(snapshot([row('a')]), [summary('a', { light: 'red', location: { lat: 31.2351, lng: 121.3952 } })]);
    expect(updated).toBe(1);
    expect(state.total).toBe(1);
    expect(state.pins.get('a')).toMatchObject({ light: 'red', lat: 31.2351, lng: 121.3952 });
  });

  it('removes closed and void cases', () => {
    const s = snapshot([row('a'), row('b')]);
    const { state, removed } = patchOpenMap(s, [summary('a', { state: 'CLOSED' }), summary('b', { state: 'VOID' })]);
    expect(removed).toBe(2);
    expect(state.pins.size).toBe(0);
    expect(state.total).toBe(0);
  });

  it('ignores an event older than the one it already applied (crossed or replayed events)', () => {
    const first = patchOpenMap(snapshot([]), [summary('a', { version: 5, state: 'IN_PROGRESS', light: 'yellow' })]).state;
    const { state, updated, added } = patchOpenMap(first, [summary('a', { version: 4, state: 'DISPATCHED', light: 'green' }), summary('a', { version: 5 })]);
    expect(updated + added).toBe(0);
    expect(state).toBe(first); // nothing changed: the same object comes back
    expect(state.pins.get('a')).toMatchObject({ state: 'IN_PROGRESS', light: 'yellow' });
  });

  it('does not bring back a closed case when an older event of it arrives late', () => {
    const closed = patchOpenMap(snapshot([row('a')]), [summary('a', { version: 9, state: 'CLOSED' })]).state;
    const late = patchOpenMap(closed, [summary('a', { version: 8, state: 'PENDING_CLOSE' })]);
    expect(late.state.pins.has('a')).toBe(false);
    expect(late.added).toBe(0);
    // a dissatisfied callback reopens it with a newer version: back on the map
    const reopened = patchOpenMap(closed, [summary('a', { version: 10, state: 'REWORK' })]).state;
    expect(reopened.pins.get('a')).toMatchObject({ state: 'REWORK', version: 10 });
    expect(reopened.gone.has('a')).toBe(false);
  });

  it('applies a batch in order: created, then updated, then closed within one flush', () => {
    const { state, added, removed } = patchOpenMap(snapshot([]), [
      summary('x', { version: 1, state: 'REPORTED' }),
      summary('x', { version: 2, state: 'PENDING_FILE' }),
      summary('x', { version: 3, state: 'VOID' }),
    ]);
    expect([added, removed]).toEqual([1, 1]);
    expect(state.pins.size).toBe(0);
    expect(state.total).toBe(0);
  });

  it('does not modify the state it was given', () => {
    const s = snapshot([row('a')]);
    patchOpenMap(s, [summary('a', { state: 'CLOSED' }), summary('b')]);
    expect([...s.pins.keys()]).toEqual(['a']);
    expect(s.gone.size).toBe(0);
    expect(s.total).toBe(1);
  });

  it('remembers a bounded number of removed cases', () => {
    const many = Array.from({ length: GONE_MEMORY + 10 }, (_, i) => summary(`c${i}`, { state: 'CLOSED' }));
    const { state } = patchOpenMap(snapshot([]), many);
    expect(state.gone.size).toBe(GONE_MEMORY);
    expect(state.gone.has('c0')).toBe(false);
    expect(state.gone.has(`c${GONE_MEMORY + 9}`)).toBe(true);
  });
});

describe('what a pin shows', () => {
  const pin = snapshot([row('a', { light: 'yellow' })]).pins.get('a') as Pin;

  it('turns red once its clock is due, whatever the server last said', () => {
    expect(pinLight(pin, Date.parse('2026-11-27T04:59:59.000Z'))).toBe('yellow');
    expect(pinLight(pin, Date.parse('2026-11-27T05:00:00.000Z'))).toBe('red');
  });

  it('turns blue once the fix is reported and the case waits for its check, unless it is overdue', () => {
    const before = Date.parse('2026-11-27T04:59:59.000Z');
    expect(pinLayer(pin, before)).toBe('yellow');
    expect(pinLayer({ ...pin, state: 'PENDING_CHECK' }, before)).toBe('fixed');
    expect(pinLayer({ ...pin, state: 'HANDLED' }, before)).toBe('fixed');
    expect(pinLayer({ ...pin, state: 'PENDING_CHECK' }, Date.parse('2026-11-27T05:00:00.000Z'))).toBe('red');
    expect(pinLayer({ ...pin, light: null, dueAt: null }, before)).toBe('none');
  });

  it('pulses for the first minute after it was reported', () => {
    expect(isFresh(pin, Date.parse('2026-11-27T01:00:59.000Z'))).toBe(true);
    expect(isFresh(pin, Date.parse('2026-11-27T01:01:00.000Z'))).toBe(false);
  });
});
