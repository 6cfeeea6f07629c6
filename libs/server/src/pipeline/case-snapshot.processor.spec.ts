import { CASE_SNAPSHOT_EVERY_MS, JOB_SCHEDULES, JobName } from '@gridops/contracts';
import type { CaseSnapshots } from '../cases/case-snapshots';
import { CaseSnapshotProcessor } from './case-snapshot.processor';
import { plannedSlot } from './scheduled-jobs';

describe('replay.snapshot: a slot is taken once it is safely past', () => {
  const lag = JOB_SCHEDULES[JobName.SnapshotCases].lagMs ?? 0;
  const slot = new Date('2026-12-07T06:00:00.000Z');
  const taken: string[] = [];
  const snapshots = {
    take: async (at: Date) => (taken.push(at.toISOString()), { taken: taken.filter((t) => t === at.toISOString()).length === 1, open: 0 }),
    prune: async () => 0,
  } as unknown as CaseSnapshots;
  const processor = new CaseSnapshotProcessor(snapshots);

  it('plans the slot that began a lag ago, so its run never meets a change still committing', () => {
    expect(lag).toBeGreaterThanOrEqual(60_000);
    const schedule = JOB_SCHEDULES[JobName.SnapshotCases];
    expect(plannedSlot(slot.getTime() + lag - 1, schedule).getTime()).toBe(slot.getTime() - CASE_SNAPSHOT_EVERY_MS);
    expect(plannedSlot(slot.getTime() + lag, schedule).getTime()).toBe(slot.getTime());
  });

  it('skips a slot not yet past its lag and a payload without a time; takes a slot once', async () => {
    expect(await processor.snapshot({ at: slot.toISOString() }, new Date(slot.getTime() + lag - 1))).toMatch(/^skipped: .* not past yet/);
    expect(await processor.snapshot({ at: 'soon' }, new Date(slot.getTime() + lag))).toMatch(/^skipped: no slot/);
    expect(taken).toEqual([]);
    expect(await processor.snapshot({ at: slot.toISOString() }, new Date(slot.getTime() + lag))).toBe('done');
    expect(await processor.snapshot({ at: slot.toISOString() }, new Date(slot.getTime() + lag))).toMatch(/already taken/);
  });
});
