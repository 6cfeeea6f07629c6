import type { ActionRequest, CaseView } from '@gridops/contracts';
import { HttpError } from '../../api/http';
import { runBulkDispatch, type BulkRow } from './bulk-dispatch';

const rows = [
  { id: 'a', number: 'CZ-20261126-0001', version: 3 },
  { id: 'b', number: 'CZ-20261126-0002', version: 5 },
  { id: 'c', number: 'CZ-20261126-0003', version: 1 },
];
const ok = {} as CaseView;

describe('bulk dispatch', () => {
  it('dispatches each case with its own version and the same assignee, and reports each row', async () => {
    const sent: [string, ActionRequest][] = [];
    const progress: BulkRow[][] = [];
    const result = await runBulkDispatch(
      rows,
      { assignee: { unitCode: 'chengguan' }, note: '  批量派遣 ' },
      async (id, body) => {
        sent.push([id, body]);
        if (id === 'b') throw new HttpError(409, 'CONFLICT', 'the case changed since you loaded it', { currentVersion: 6 });
        if (id === 'c') throw new HttpError(422, 'INVALID_ASSIGNEE', 'unknown unit chengguan');
        return ok;
      },
      async () => ({ case: { state: 'DISPATCHED' } }) as CaseView,
      (r) => progress.push(r),
    );
    expect(sent).toEqual([
      ['a', { version: 3, assignee: { unitCode: 'chengguan' }, note: '批量派遣' }],
      ['b', { version: 5, assignee: { unitCode: 'chengguan' }, note: '批量派遣' }],
      ['c', { version: 1, assignee: { unitCode: 'chengguan' }, note: '批量派遣' }],
    ]);
    expect(result.map((r) => r.status)).toEqual(['done', 'conflict', 'failed']);
    expect(result[1].stateNow).toBe('DISPATCHED');
    expect(result[2].error).toEqual({ key: 'INVALID_ASSIGNEE', message: 'unknown unit chengguan' });
    // one at a time: the second starts only after the first has its result
    const secondRunning = progress.findIndex((p) => p[1].status === 'running');
    expect(progress[secondRunning][0].status).toBe('done');
  });

  it('keeps going after a network failure and says so for that row', async () => {
    const result = await runBulkDispatch(
      rows.slice(0, 2),
      { assignee: { userId: '5f0d8c1e-2b7a-4c1e-9a51-3d7e4b2c1a90' } },
      async (id) => {
        if (id === 'a') throw new HttpError(0, 'NETWORK', 'network unavailable');
        return ok;
      },
      async () => ok,
      () => undefined,
    );
    expect(result.map((r) => [r.status, r.error?.key])).toEqual([
      ['failed', 'network'],
      ['done', undefined],
    ]);
  });
});
