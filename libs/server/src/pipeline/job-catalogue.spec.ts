import { JobName } from '@gridops/contracts';
import { checkHandlerCoverage, type JobHandlerMap } from './job-handler';
import { JobRunner } from './job-runner.service';
import { loadConfig } from '../platform/config/app-config';

describe('the worker refuses to boot when the job catalogue and the handlers disagree', () => {
  const noop = async () => 'done' as const;
  const every: JobHandlerMap = Object.fromEntries(Object.values(JobName).map((n) => [n, noop]));
  const config = loadConfig({ NODE_ENV: 'test' });

  it('accepts one handler per job', () => {
    expect(checkHandlerCoverage(Object.values(JobName), [every])).toEqual({ missing: [], duplicated: [] });
    expect(() => new JobRunner([{ handlers: () => every }], config, undefined as never, undefined as never)).not.toThrow();
  });

  it('names a job with no handler', () => {
    const { [JobName.AutoClose]: _gone, ...rest } = every;
    expect(() => new JobRunner([{ handlers: () => rest }], config, undefined as never, undefined as never)).toThrow(/missing: \[case.auto-close\]/);
  });

  it('names a job handled twice', () => {
    expect(() => new JobRunner([{ handlers: () => every }, { handlers: () => ({ [JobName.AutoClose]: noop }) }], config, undefined as never, undefined as never)).toThrow(/handled twice: \[case.auto-close\]/);
  });
});
