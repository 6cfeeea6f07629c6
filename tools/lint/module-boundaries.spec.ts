import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

/** Lint one would-be file (never written to disk) as if it stood at `file`; answers the messages of the rules we check. */
function lint(file: string, source: string): string[] {
  const r = spawnSync(path.join(root, 'node_modules/.bin/eslint'), ['--stdin', '--stdin-filename', file, '--format', 'json', '--rule', '@nx/enforce-module-boundaries: off'], {
    cwd: root,
    input: source,
    encoding: 'utf8',
  });
  const [result] = JSON.parse(r.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('module boundaries that lint enforces (deliberate violations, linted as text)', () => {
  it('refuses an import from a higher server module: platform → cases, cases → realtime, notify → pipeline', () => {
    expect(lint('libs/server/src/platform/outbox/x.ts', "import { CaseEntity } from '../../cases/case.entity';\nexport const x = CaseEntity;\n")).toEqual([
      expect.stringContaining('libs/server/src/platform may import only nothing else'),
    ]);
    expect(lint('libs/server/src/cases/x.ts', "import { CaseBroadcaster } from '../realtime/case-broadcaster.service';\nexport const x = CaseBroadcaster;\n")).toHaveLength(1);
    expect(lint('libs/server/src/notify/x.ts', "import { SystemActions } from '../pipeline/system-actions.service';\nexport const x = SystemActions;\n")).toHaveLength(1);
  });

  it('accepts an import in the allowed direction', () => {
    expect(lint('libs/server/src/realtime/x.ts', "import { CaseEntity } from '../cases/case.entity';\nexport const x = CaseEntity;\n")).toEqual([]);
    expect(lint('libs/server/src/pipeline/x.ts', "import { effectsOf } from '../cases/case-effects';\nexport const x = effectsOf;\n")).toEqual([]);
  });

  it('keeps libs/domain free of frameworks: @nestjs/*, typeorm and zod are refused there', () => {
    for (const pkg of ['@nestjs/common', 'typeorm', 'zod']) {
      expect(lint('libs/domain/src/workflow/x.ts', `import * as m from '${pkg}';\nexport const x = m;\n`)).toEqual([expect.stringContaining('standard library')]);
    }
    expect(lint('libs/domain/src/workflow/x.ts', "import { canRead } from './access';\nexport const x = canRead;\n")).toEqual([]);
  });

  it('keeps the job processors out of the api', () => {
    expect(lint('apps/api/src/x.ts', "import { PipelineWorkerModule } from '@gridops/server';\nexport const x = PipelineWorkerModule;\n")).toEqual([
      expect.stringContaining('apps/worker only'),
    ]);
  });
});
