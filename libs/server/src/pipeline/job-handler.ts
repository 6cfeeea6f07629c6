import type { JobName, JobPayloads } from '@gridops/contracts';

/** What a handler reports: it did the work, or the world had moved on and there was nothing to do. */
export type JobOutcome = 'done' | `skipped: ${string}`;

export type JobHandler<N extends JobName> = (payload: JobPayloads[N]) => Promise<JobOutcome>;
export type JobHandlerMap = { [N in JobName]?: JobHandler<N> };

/** A processor contributes handlers for some job names; the runner checks every name is handled exactly once. */
export interface JobProcessor {
  handlers(): JobHandlerMap;
}

export const JOB_PROCESSORS = Symbol('JOB_PROCESSORS');

/** Every job name with no handler, and every name with more than one: the worker refuses to boot on either. */
export function checkHandlerCoverage(all: readonly JobName[], maps: readonly JobHandlerMap[]): { missing: JobName[]; duplicated: JobName[] } {
  const counts = new Map<JobName, number>();
  for (const m of maps) for (const name of Object.keys(m) as JobName[]) counts.set(name, (counts.get(name) ?? 0) + 1);
  return {
    missing: all.filter((n) => !counts.has(n)),
    duplicated: all.filter((n) => (counts.get(n) ?? 0) > 1),
  };
}
