// One jest run for the whole repo (npm test). Nest 12 and some Fastify deps are ESM-only; on Node 20 jest runs in
// CommonJS mode and @swc/jest converts those packages too (see docs/development.md).
const esmPackages = ['@nestjs', 'file-type', 'strtok3', 'token-types', '@tokenizer', 'uint8array-extras', 'content-disposition', 'cookie'];
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
      testMatch: ['<rootDir>/libs/{domain,contracts,live-client}/src/**/*.spec.ts', '<rootDir>/libs/server/src/**/seed-data/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/libs/server/src/**/*.spec.ts', '<rootDir>/apps/api/test/**/*.spec.ts'],
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
  ],
};
