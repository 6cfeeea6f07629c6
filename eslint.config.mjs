// Lint for the whole workspace; run it through nx (`npm run lint`) so the module-boundary rule sees the project graph.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/**
 * libs/server is one Nx project; its top-level folders are modules in one direction (docs/architecture.md):
 * platform ← directory ← {auth, attachments} ← cases ← features ← pipeline, with database (every entity, seeds)
 * above them all but the pipeline. Each folder may import only the folders listed here — so no cycles.
 */
const SERVER_MODULES = {
  platform: [],
  directory: ['platform'],
  auth: ['platform', 'directory'],
  attachments: ['platform', 'directory'],
  cases: ['platform', 'directory', 'attachments'],
  intake: ['platform', 'directory', 'attachments', 'cases'],
  notify: ['platform', 'directory', 'cases'],
  realtime: ['platform', 'directory', 'cases'],
  stats: ['platform', 'directory', 'cases'],
  devices: ['platform', 'directory', 'attachments', 'cases', 'intake'],
  video: ['platform', 'directory', 'attachments', 'cases', 'intake'],
  suggest: ['platform', 'directory'],
  hotline: ['platform', 'directory', 'attachments', 'auth', 'cases', 'intake', 'suggest'],
  open311: ['platform', 'directory', 'attachments', 'auth', 'cases', 'intake'],
  admin: ['platform', 'directory', 'auth', 'cases', 'stats'],
  exports: ['platform', 'directory', 'cases', 'stats'],
  hotspots: ['platform', 'directory', 'cases', 'intake', 'stats'],
  trends: ['platform', 'directory', 'cases', 'realtime'],
  pipeline: ['platform', 'directory', 'attachments', 'cases', 'intake', 'devices', 'notify', 'realtime', 'stats', 'suggest', 'trends'],
  database: ['platform', 'directory', 'auth', 'attachments', 'cases', 'intake', 'notify', 'realtime', 'stats', 'devices', 'hotline', 'open311', 'admin', 'trends', 'hotspots', 'video'],
};
const serverModuleRules = Object.entries(SERVER_MODULES).map(([module, allowed]) => {
  const forbidden = Object.keys(SERVER_MODULES).filter((m) => m !== module && !allowed.includes(m));
  return {
    files: [`libs/server/src/${module}/**/*.ts`],
    // tests may reach across (a spec of hotline rows reads the seeded geography, say)
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // a relative import that climbs out of this module into a forbidden one
              regex: `^(\\.\\./)+(${forbidden.join('|')})(/|$)`,
              message: `libs/server/src/${module} may import only ${allowed.length ? allowed.join(', ') : 'nothing else in libs/server'} (module order: docs/architecture.md)`,
            },
          ],
        },
      ],
    },
  };
});

/** The worker's job processors and relay: only apps/worker (and the test harness that runs a worker) may import them. */
const WORKER_ONLY = ['PipelineWorkerModule', 'OutboxRelay', 'JobRunner', 'JOB_PROCESSORS', 'checkHandlerCoverage'];

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**', '**/.nx/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // libs/domain and libs/contracts are pure TypeScript: they import nothing but each other
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'] },
            // the console never imports server code
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:web', 'scope:shared'] },
            { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['scope:server', 'scope:shared'] },
            // tools (the demo simulator) are clients of the product: of the shared libs they use only domain and
            // contracts, and they reach the product through its REST API, never through server code
            { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'] },
            // the live client (socket + query cache) is pure TS over contracts; the console and tests use it
            { sourceTag: 'type:client', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:domain', 'type:contracts', 'type:testing', 'type:client'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:domain', 'type:contracts'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib', 'type:domain', 'type:contracts', 'type:app', 'type:client'] },
          ],
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  ...serverModuleRules,
  {
    // the domain is pure TypeScript: nothing outside the standard library (no Nest, no TypeORM, no zod)
    files: ['libs/domain/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\.{1,2}/|node:)', message: 'libs/domain imports nothing outside the standard library' }] }],
    },
  },
  {
    files: ['apps/api/**/*.ts', 'apps/simulator/**/*.ts', 'apps/console/**/*.ts', 'apps/console/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: '@gridops/server', importNames: WORKER_ONLY, message: 'job processors run in apps/worker only' }] }],
    },
  },
];
