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

  it('updates the cached case file and marks its timeline stale', () => {
    const view: CaseView = { case: { ...summary(), reporter: null } as unknown as CaseView['case'], timeline: [], allowedActions: ['register'], attachments: [] };
    qc.setQueryData(caseKeys.detail('a'), view);
    applyCaseEvent(qc, message(summary({ state: 'PENDING_FILE', version: 2 })));
    expect(qc.getQueryData<CaseView>(caseKeys.detail('a'))?.case.state).toBe('PENDING_FILE');
    expect(qc.getQueryState(caseKeys.detail('a'))?.isInvalidated).toBe(true);
  });
});

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
  ] as [object, boolean | undefined][])('%o → %s', (filters, expected) => {
    expect(matchesFilters(summary(), filters)).toBe(expected);
  });
});
