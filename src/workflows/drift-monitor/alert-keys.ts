import type { Reply } from '../../chat/reply';
import type { Outbox } from '../../platform/outbox/outbox';
import type { Incident } from './incident-repository';

/** Outbox keys of one incident: deterministic, so a repeated check never sends twice. */
export const alertKeys = (incidentId: string) => ({
  root: `drift:${incidentId}:alert`,
  cardGroup: `drift:${incidentId}:card:`,
  card: (version: number) => `drift:${incidentId}:card:${version}`,
  escalate: (check: number) => `drift:${incidentId}:escalate:${check}`,
  resolved: `drift:${incidentId}:resolved`,
  retrain: (runId: number, phase: 'started' | 'done') =>
    `drift:${incidentId}:retrain:${runId}:${phase}`,
});

/** Replaces the incident's card everywhere (newest state wins over pending older ones). */
export function enqueueCardUpdate(
  outbox: Outbox,
  conversationId: string,
  inc: Incident,
  reply: Reply,
): Promise<boolean> {
  const keys = alertKeys(inc.id);
  return outbox.enqueueLatest(
    {
      key: keys.card(inc.cardVersion),
      conversationId,
      kind: 'update',
      parentKey: keys.root,
      payload: reply,
    },
    keys.cardGroup,
  );
}
