import { OperationRepository } from '../../src/platform/operations/operation-repository';
import { openDatabase } from '../../src/platform/store/database';
import { DEFAULT_USER } from './teams-activities';

/**
 * Writes a succeeded `provision` of llmops-lab with these outputs into a bot's data folder, as
 * if the lab had been provisioned earlier: what `deploy` reads its defaults from.
 */
export function recordSucceededProvision(dataDir: string, outputs: Record<string, string>): void {
  const db = openDatabase(dataDir);
  try {
    const repo = new OperationRepository(db);
    const op = repo.create({
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
    repo.save({ ...op, state: 'succeeded', outputs });
  } finally {
    db.close();
  }
}
