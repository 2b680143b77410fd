import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { FakeDatabricks } from '../fakes/fake-databricks/fake-databricks';
import { installSecrets } from '../fakes/fake-databricks/secrets';
import { installServing, type FakeServingState } from '../fakes/fake-databricks/serving';
import { installSql } from '../fakes/fake-databricks/sql';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai';
import { startHarness, type Harness } from './bot-harness';
import { deployBotEnv } from './deploy-rig';
import type { TeamsUser } from './teams-activities';

/** The peers of a canary evaluation through the bot (no MLflow: the evaluation runs without). */
export interface CanaryEvalPeers {
  fakeAI: FakeOpenAI;
  dbx: FakeDatabricks;
  serving: FakeServingState;
  stop(): Promise<void>;
}

/** The second admin of these tests (approves under APPROVALS_REQUIRED=2). */
export const RAE: TeamsUser = {
  id: '29:1a2b3c-user-reviewer',
  name: 'Rae Viewer',
  aadObjectId: '44444444-4444-4444-4444-444444444444',
};

const SUITES = path.resolve(__dirname, '..', 'fixtures', 'deploy-suites');

/**
 * Fake Azure OpenAI (deployments chat, chat-v2; `endpoint` served per entity) and fake
 * Databricks (serving, secrets, and a SQL warehouse that counts both entities alike: live
 * traffic does not tell them apart, the suite does). Call from beforeAll; stop in afterAll.
 */
export async function startCanaryEvalPeers(
  key: string,
  endpoint: string,
): Promise<CanaryEvalPeers> {
  const fakeAI = await startFakeOpenAI({
    azureApiKey: key,
    deployments: ['chat', 'chat-v2'],
    bearerToken: 'dapi-test-token',
    servingEndpoints: [endpoint],
  });
  const dbx = new FakeDatabricks();
  const serving = installServing(dbx, {
    secrets: installSecrets(dbx),
    dataPlaneUrl: fakeAI.url,
    pollsToSettle: 1,
  });
  installSql(dbx, {
    answer: (statement) => {
      if (statement.includes('bin_width')) {
        const rows: string[][] = [];
        for (let v = 0; v < 20; v++) {
          rows.push(['latency_ms', `${300 + v}.0`, '10', '0.0']);
          rows.push(['completion_tokens', `${80 + v}.0`, '10', '0.0']);
        }
        return { columns: [], rows };
      }
      return {
        columns: [],
        rows: [
          ['status', 'ok', '200'],
          ['finish_reason', 'stop', '200'],
          ['content_filter', 'no', '200'],
        ],
      };
    },
  });
  try {
    await dbx.start();
  } catch (err) {
    await fakeAI.close();
    throw err;
  }
  return {
    fakeAI,
    dbx,
    serving,
    stop: async () => {
      await dbx.stop();
      await fakeAI.close();
    },
  };
}

/** The deploy bot's environment plus the evaluation's: warehouse, inference table, suite gate-pass. */
export function canaryEvalBotEnv(
  peers: CanaryEvalPeers,
  o: { key: string; endpoint: string },
  extra: Record<string, string> = {},
): Record<string, string> {
  return deployBotEnv(
    peers,
    { ...o, reviewer: RAE },
    {
      DATABRICKS_WAREHOUSE_ID: 'wh-1',
      DRIFT_INFERENCE_TABLE: 'ml.serving.{target}_payload',
      PROMPT_SUITES_DIR: SUITES,
      CANARY_SUITE: 'gate-pass',
      CANARY_WINDOW_MINUTES: '30',
      ...extra,
    },
  );
}

/** The newest state of the card sent as `cardId` (updates in place), as JSON text. */
export const latestUpdate = (h: Harness, cardId: string): string =>
  JSON.stringify(
    h.connector.requests.filter((r) => r.method === 'PUT' && r.path.endsWith(cardId)).at(-1)
      ?.body ?? {},
  );

/**
 * Starts the peers around the calling test file (beforeAll/afterAll) and returns them (once
 * started) and a bot wired to them; `env` adds to canaryEvalBotEnv.
 */
export function useCanaryEvalPeers(key: string, endpoint: string) {
  let peers: CanaryEvalPeers | undefined;
  beforeAll(async () => {
    peers = await startCanaryEvalPeers(key, endpoint);
  });
  afterAll(async () => {
    await peers?.stop();
  });
  const started = (): CanaryEvalPeers => {
    if (!peers) throw new Error('the canary evaluation peers did not start');
    return peers;
  };
  return {
    peers: started,
    bot: (env: Record<string, string> = {}) =>
      startHarness({ env: canaryEvalBotEnv(started(), { key, endpoint }, env) }),
  };
}
