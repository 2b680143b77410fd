import { OperationRepository } from '../../src/platform/operations/operation-repository';
import { openSqliteStore } from '../../src/platform/store/sqlite-store';
import { DEFAULT_USER } from './teams-activities';

/**
 * Writes a succeeded `provision` of llmops-lab with these outputs into a bot's data folder, as
 * if the lab had been provisioned earlier: what `deploy` reads its defaults from.
 */
export async function recordSucceededProvision(
  dataDir: string,
  outputs: Record<string, string>,
): Promise<void> {
  const store = openSqliteStore(dataDir);
  try {
    const repo = new OperationRepository(store);
    const op = await repo.create({
      kind: 'provision',
      environment: 'llmops-lab',
      params: {},
      plan: 'provision',
      steps: [],
      requesterId: DEFAULT_USER.aadObjectId,
      requesterName: DEFAULT_USER.name,
      conversationId: 'c1',
      ttlMs: 60_000,
    });
    await repo.save({ ...op, state: 'succeeded', outputs });
  } finally {
    await store.close();
  }
}
