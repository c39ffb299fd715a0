/** Unit and HTTP tests; each file gets its own database (see test/helpers/db.ts). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // test/scale starts real app processes against PostgreSQL; on the embedded database it does not apply.
  testPathIgnorePatterns: ['/test/e2e/', ...(process.env.TEST_DATABASE_URL ? [] : ['/test/scale/'])],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
  setupFiles: ['<rootDir>/test/helpers/block-network.ts'],
  maxWorkers: 2,
  testTimeout: 30000,
};
