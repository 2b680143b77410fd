import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    // PostgreSQL for the store tests (both backends), and trusts the fake ARM's self-signed certificate in every forked worker (NODE_EXTRA_CA_CERTS).
    globalSetup: ['test/fakes/fake-arm/global-setup.ts', 'test/support/postgres-global-setup.ts'],
  },
});
