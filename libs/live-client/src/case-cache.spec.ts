import { QueryClient } from '@tanstack/query-core';
import type { CaseEventMessage, CaseSummary, CaseView, Page } from '@gridops/contracts';
import { applyCaseEvent } from './case-cache';
import { matchesFilters } from './case-filters';
import { caseKeys } from './query-keys';

const summary = (over: Partial<CaseSummary> = {}): CaseSummary => ({
  id: 'a',
  number: 'CZ-20261126-0001',
  state: 'REPORTED',
  light: 'green',
  source: 'hotline_12345',
  districtCode: 'jinsha',
  gridCellCode: 'jinsha-01',
  categoryCode: 'E0102',
  priority: 'P2',
  urgent: false,
  supervised: false,
  escalatedToDistrict: false,
  assigneeUserId: null,
  assigneeUnitCode: null,
  checkerUserId: null,
  location: { lat: 31.23, lng: 121.39 },
  address: null,
  description: 'x',
  stepDueAt: null,
  handlingDueAt: null,
  clockDueAt: null,
  clockYellowAt: null,
  suggestedDuplicateOf: null,
  dispatchHold: null,
  reportedAt: '2026-11-26T01:00:00.000Z',
  updatedAt: '2026-11-26T01:00:00.000Z',
  version: 1,
  ...over,
});
const message = (c: CaseSummary, seq = '10'): CaseEventMessage => ({
  seq,
  type: 'comment',
  caseId: c.id,
  fromState: c.state,
  toState: c.state,
  actor: { role: 'operator', name: 'x' },
  at: c.updatedAt,
  case: c,
});

describe('patching cached case lists from live events', () => {
  let qc: QueryClient;
  beforeEach(() => (qc = new QueryClient()));
  afterEach(() => qc.clear());
  const list = (filters: object) => qc.getQueryData<Page<CaseSummary>>(caseKeys.list(filters))?.items ?? [];

  it('adds a new case to the lists it fits and leaves the others alone', () => {
    qc.setQueryData(caseKeys.list({ district: 'jinsha' }), { items: [], nextCursor: null });
    qc.setQueryData(caseKeys.list({ district: 'xincheng' }), { items: [], nextCursor: null });
    applyCaseEvent(qc, message(summary()));
    expect(list({ district: 'jinsha' }).map((c) => c.id)).toEqual(['a']);
    expect(list({ district: 'xincheng' })).toEqual([]);
  });

  it('replaces a case in place when it changes, and drops it from a list it no longer fits', () => {
    qc.setQueryData(caseKeys.list({ state: 'REPORTED' }), { items: [summary()], nextCursor: null });
    qc.setQueryData(caseKeys.list({ open: 'true' }), { items: [summary()], nextCursor: null });
    applyCaseEvent(qc, message(summary({ state: 'PENDING_FILE', version: 2 })));
    expect(list({ state: 'REPORTED' })).toEqual([]);
    expect(list({ open: 'true' })[0]).toMatchObject({ state: 'PENDING_FILE', version: 2 });
    applyCaseEvent(qc, message(summary({ state: 'CLOSED', version: 9 })));
    expect(list({ open: 'true' })).toEqual([]);
  });

  it('ignores a message older than what the cache holds (events of two processes can cross)', () => {
    qc.setQueryData(caseKeys.list({}), { items: [summary({ state: 'DISPATCHED', version: 5 })], nextCursor: null });
    applyCaseEvent(qc, message(summary({ state: 'PENDING_DISPATCH', version: 4 })));
    expect(list({})[0]).toMatchObject({ state: 'DISPATCHED', version: 5 });
  });

  it('marks a list it cannot judge locally (text search) for refetch instead of guessing', () => {
    const key = caseKeys.list({ q: '井盖' });
    qc.setQueryData(key, { items: [], nextCursor: null });
    applyCaseEvent(qc, message(summary()));
    expect(qc.getQueryState(key)?.isInvalidated).toBe(true);
    expect(list({ q: '井盖' })).toEqual([]);
  });

  it("patches a phone's own lists (assignee=me, checker=me) without refetching them: the event says whose work it is", () => {
    const asker = { userId: 'w1' };
    const mine = caseKeys.list({ assignee: 'me', state: 'DISPATCHED' });
    const toCheck = caseKeys.list({ checker: 'me', state: 'PENDING_CHECK' });
    qc.setQueryData(mine, { items: [], nextCursor: null });
    qc.setQueryData(toCheck, { items: [], nextCursor: null });
    // someone else's case in the 片区 changes: no list is touched, none refetched
    applyCaseEvent(qc, message(summary({ id: 'b', state: 'DISPATCHED', assigneeUserId: 'w2' })), asker);
    expect(qc.getQueryState(mine)?.isInvalidated).toBe(false);
    expect(list({ assignee: 'me', state: 'DISPATCHED' })).toEqual([]);
    // dispatched to me: it joins my 待签收 list
    applyCaseEvent(qc, message(summary({ state: 'DISPATCHED', assigneeUserId: 'w1', version: 2 })), asker);
    expect(list({ assignee: 'me', state: 'DISPATCHED' }).map((c) => c.id)).toEqual(['a']);
    // its fix reported and the check given to me: it leaves that list and joins my 待核查
    applyCaseEvent(qc, message(summary({ state: 'PENDING_CHECK', assigneeUserId: 'w1', checkerUserId: 'w1', version: 3 })), asker);
    expect(list({ assignee: 'me', state: 'DISPATCHED' })).toEqual([]);
    expect(list({ checker: 'me', state: 'PENDING_CHECK' }).map((c) => c.id)).toEqual(['a']);
    expect(qc.getQueryState(mine)?.isInvalidated).toBe(false);
    expect(qc.getQueryState(toCheck)?.isInvalidated).toBe(false);
  });

  it('updates the cached case file and marks its timeline stale', () => {
    const view: CaseView = { case: { ...summary(), reporter: null } as unknown as CaseView['case'], timeline: [], allowedActions: ['register'], attachments: [] };
    qc.setQueryData(caseKeys.detail('a'), view);
    applyCaseEvent(qc, message(summary({ state: 'PENDING_FILE', version: 2 })));
    expect(qc.getQueryData<CaseView>(caseKeys.detail('a'))?.case.state).toBe('PENDING_FILE');
    expect(qc.getQueryState(caseKeys.detail('a'))?.isInvalidated).toBe(true);
  });
});

const [W1, W2, W3] = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333'];

describe('matching a case against list filters', () => {
  it.each([
    [{}, true],
    [{ district: 'jinsha,nujiang' }, true],
    [{ district: 'xincheng' }, false],
    [{ light: 'red' }, false],
    [{ state: 'REPORTED', source: 'hotline_12345' }, true],
    [{ open: 'false' }, false],
    [{ category: 'E0101' }, false],
    [{ q: 'x' }, undefined],
    [{ cursor: 'abc' }, undefined],
    [{ checker: 'me' }, undefined],
    [{ assignee: 'me' }, undefined],
  ] as [object, boolean | undefined][])('%o → %s', (filters, expected) => {
    expect(matchesFilters(summary(), filters)).toBe(expected);
  });

  it.each([
    [{ assignee: 'me' }, true],
    [{ assignee: W2 }, false],
    [{ checker: 'me' }, false],
    [{ checker: W3 }, true],
  ] as [object, boolean][])('knowing who asks (W1): %o → %s', (filters, expected) => {
    expect(matchesFilters(summary({ assigneeUserId: W1, checkerUserId: W3 }), filters, { userId: W1 })).toBe(expected);
  });
});
