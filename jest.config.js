// One jest run for the whole repo (npm test). Nest 12 and some Fastify deps are ESM-only; on Node 20 jest runs in
// CommonJS mode and @swc/jest converts those packages too (see docs/development.md).
const esmPackages = ['@nestjs', 'file-type', 'strtok3', 'token-types', '@tokenizer', 'uint8array-extras', 'content-disposition', 'cookie', '@ant-design/colors', '@ant-design/fast-color'];
const transform = {
  '^.+\\.(t|j|mj)sx?$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true, tsx: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    },
  ],
};
const shared = {
  transform,
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/|(@[^/]+/)?[^/]+/node_modules/)`],
  moduleNameMapper: {
    '^@gridops/(domain|contracts|server|live-client)$': '<rootDir>/libs/$1/src/index.ts',
    '^@gridops/server-testing$': '<rootDir>/libs/server-testing/src/index.ts',
  },
  rootDir: __dirname,
  testEnvironment: 'node',
};

module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/libs/{domain,contracts,live-client}/src/**/*.spec.ts',
        '<rootDir>/libs/server/src/**/seed-data/*.spec.ts',
        '<rootDir>/apps/simulator/src/**/*.spec.ts',
        '<rootDir>/tools/**/*.spec.ts',
      ],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/libs/server/src/**/*.spec.ts', '<rootDir>/apps/api/test/**/*.spec.ts', '<rootDir>/apps/simulator/test/**/*.spec.ts'],
      testPathIgnorePatterns: ['/seed-data/'],
      globalSetup: '<rootDir>/libs/server-testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/libs/server-testing/src/global-teardown.ts',
      // testTimeout is not honoured inside a project entry: the setup file sets it
      setupFilesAfterEnv: ['<rootDir>/libs/server-testing/src/jest-setup.ts'],
    },
    {
      ...shared,
      displayName: 'console',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/apps/console/src/**/*.spec.{ts,tsx}'],
      setupFilesAfterEnv: ['<rootDir>/apps/console/src/test/setup.ts'],
      moduleNameMapper: { ...shared.moduleNameMapper, '\\.(css|less)$': '<rootDir>/apps/console/src/test/style-stub.js' },
    },
    {
      // browser tests: Debian's Chromium (playwright-core) against the running product on the BUILT console and
      // api (npm test builds first); one file at a time, after or before the other projects' files
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/apps/console/e2e/**/*.e2e.spec.ts'],
      runner: '<rootDir>/apps/console/e2e/support/serial-runner.cjs',
      setupFilesAfterEnv: ['<rootDir>/apps/console/e2e/support/jest-setup.ts'],
    },
  ],
};
