import { DatabricksServing } from '../../services/databricks/serving';
import type { HttpClient } from '../../services/http/http-client';

/** The tag the serving service puts on every endpoint it creates (src/services/databricks/serving.ts). */
export const BOT_ENDPOINT_TAG = { key: 'managed-by', value: 'llmops-bot' } as const;

interface RawEndpoint {
  name?: string;
  tags?: { key?: string; value?: string }[];
}

/**
 * Lists the workspace's serving endpoints (GET /api/2.0/serving-endpoints), keeps those the bot
 * created (by its tag; endpoints made by people stay), and deletes them through the serving
 * service. Returns the names deleted.
 */
export async function deleteBotServingEndpoints(http: HttpClient): Promise<string[]> {
  const body = await http.get<{ endpoints?: RawEndpoint[] } | undefined>(
    'api/2.0/serving-endpoints',
  );
  const mine = (body?.endpoints ?? [])
    .filter((e) =>
      (e.tags ?? []).some(
        (t) => t.key === BOT_ENDPOINT_TAG.key && t.value === BOT_ENDPOINT_TAG.value,
      ),
    )
    .map((e) => e.name ?? '')
    .filter((n) => n !== '');
  const serving = new DatabricksServing(http);
  for (const name of mine) await serving.delete(name);
  return mine;
}
