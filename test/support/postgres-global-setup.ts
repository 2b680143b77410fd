import { startPostgres } from './postgres-server';

/**
 * vitest globalSetup: one PostgreSQL cluster for the whole run (initdb costs seconds; a database
 * per test costs ~0.1 s). Its superuser URL reaches the forked workers through the environment;
 * each test that needs PostgreSQL creates its own database in it (test-store.ts).
 */
export default async function setup(): Promise<() => void> {
  const server = await startPostgres();
  process.env.LLMOPS_TEST_PG_URL = server.url();
  return () => server.stop();
}
