import type { Pool } from 'pg';
import { assertNotNewer, pendingMigrations } from './migration';
import { postgresMigrations } from './postgres-migrations';

/** The advisory lock every replica takes to migrate: a fixed 64-bit key ("llmops-bot migrate"). */
export const MIGRATION_LOCK_KEY = 7_304_519_230_511_223n;

/**
 * Brings the database's schema up to date. Replicas starting together queue on one advisory lock,
 * so exactly one runs each migration and the others find nothing left to do; each migration
 * commits with its version row, so a crash mid-way leaves a consistent, resumable state.
 */
export async function migratePostgres(pool: Pool): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    try {
      await client.query(
        `CREATE TABLE IF NOT EXISTS schema_version (
           version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`,
      );
      const res = await client.query<{ v: number | null }>(
        'SELECT max(version) AS v FROM schema_version',
      );
      let current = res.rows[0]?.v ?? 0;
      assertNotNewer(current, postgresMigrations, {
        what: 'The database',
        setting: 'DATABASE_URL',
      });
      for (const m of pendingMigrations(postgresMigrations, current)) {
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query(
            'INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, $3)',
            [m.version, m.name, Date.now()],
          );
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        }
        current = m.version;
      }
      return current;
    } finally {
      await client
        .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()])
        .catch(() => undefined);
    }
  } finally {
    client.release();
  }
}
