/** One schema step; each backend keeps its own append-only list with the same versions. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const latestVersion = (list: readonly Migration[]): number =>
  list.reduce((max, m) => Math.max(max, m.version), 0);

/** In version order: the steps a store at `current` still has to run. */
export const pendingMigrations = (list: readonly Migration[], current: number): Migration[] =>
  [...list].filter((m) => m.version > current).sort((a, b) => a.version - b.version);

/**
 * A store written by a newer build: refusing to start is the only safe answer, since this
 * build would misread (and might overwrite) columns it does not know.
 */
export function assertNotNewer(
  current: number,
  list: readonly Migration[],
  where: { what: string; setting: string },
): void {
  const latest = latestVersion(list);
  if (current > latest) {
    throw new Error(
      `${where.what} was written by a newer version of the bot (schema ${current}, this build knows ${latest}). Upgrade the bot or point ${where.setting} elsewhere.`,
    );
  }
}
