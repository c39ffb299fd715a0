/** Unit and HTTP tests; each file gets its own database (see test/helpers/db.ts). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // test/scale starts real app processes against PostgreSQL, and test/postgres tests what only a
  // PostgreSQL server does (pg_dump backups); on the embedded database they do not apply.
  testPathIgnorePatterns: ['/test/e2e/', ...(process.env.TEST_DATABASE_URL ? [] : ['/test/scale/', '/test/postgres/'])],
  transform: {
    // pdf.js comes only as an ES module, so this helper keeps its import() as Node's own.
    'helpers/tagged-pdf\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs', ignoreDynamic: true } }],
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }],
  },
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
  setupFiles: ['<rootDir>/test/helpers/block-network.ts'],
  maxWorkers: 2,
  // Each test file's modules stay in its worker's memory (1.5 GB per worker by the end of a run);
  // a worker that big took more than Jest's 500 ms to exit and was killed, with a warning.
  // Jest starts a fresh worker once one passes this after a file.
  workerIdleMemoryLimit: '512MB',
  testTimeout: 30000,
};
