/** Browser journeys (Playwright + Debian Chromium); one app and one fresh database per file. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  setupFiles: ['<rootDir>/test/helpers/block-network.ts'],
  maxWorkers: 1,
  testTimeout: 120000,
};
