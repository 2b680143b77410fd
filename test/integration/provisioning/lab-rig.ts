import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Operation } from '../../../src/platform/operations/operation';
import { OperationRepository } from '../../../src/platform/operations/operation-repository';
import { openPostgresStore } from '../../../src/platform/store/postgres-store';
import { openSqliteStore } from '../../../src/platform/store/sqlite-store';
import { CARD_BYTE_LIMIT, checkCard } from '../../support/card-validator';
import {
  cardOf,
  cardText,
  DEFAULT_USER,
  startHarness,
  type CapturedRequest,
  type Harness,
} from '../../support/bot-harness';
import { startArmTestEnv } from '../../fakes/fake-arm/arm-test-env';
import { installClusters, type ClusterFake } from '../../fakes/fake-databricks/clusters';
import { FakeDatabricks, ok } from '../../fakes/fake-databricks/fake-databricks';

export const SECOND_ADMIN = {
  id: '29:1a2b3c-user-dev',
  name: 'Dev Ops',
  aadObjectId: '22222222-2222-2222-2222-222222222221',
};

export type ArmEnv = Awaited<ReturnType<typeof startArmTestEnv>>;

export interface LabRig {
  h: Harness;
  arm: ArmEnv;
  dbx: FakeDatabricks;
  clusters: ClusterFake;
  /** Serving endpoints in the fake workspace (name → tags). */
  endpoints: Map<string, { key: string; value: string }[]>;
  operations(): Promise<Operation[]>;
  stop(): Promise<void>;
}

/**
 * One fake ARM per test file: the managed-identity token cache lives for the whole process,
 * so a second fake (which would not know the cached token) is avoided. Reset between tests.
 */
export const startArm = () => startArmTestEnv();

/** Empties the fake subscription between tests (tokens stay valid). */
export function resetArm(arm: ArmEnv): void {
  const s = arm.fake.state;
  for (const m of [s.resourceGroups, s.accounts, s.deletedAccounts, s.deployments, s.workspaces]) {
    m.clear();
  }
  s.ops.clear();
  s.regionFaults.clear();
  s.quotaLimits.clear();
  s.takenSubdomains.clear();
  s.workspacePollsBeforeDone = undefined;
  arm.fake.requests.length = 0;
}

/** A fake Databricks workspace with the clusters area and a minimal serving listing. */
export async function startLabWorkspace() {
  const dbx = new FakeDatabricks();
  await dbx.start();
  const clusters = installClusters(dbx);
  const endpoints = new Map<string, { key: string; value: string }[]>();
  dbx.route('GET', /^\/api\/2\.0\/serving-endpoints$/, () =>
    ok({ endpoints: [...endpoints].map(([name, tags]) => ({ name, tags })) }),
  );
  dbx.route('DELETE', /^\/api\/2\.0\/serving-endpoints\/([^/]+)$/, (req) => {
    endpoints.delete(req.params[0] ?? '');
    return ok({});
  });
  return { dbx, clusters, endpoints };
}

/** The bot's environment for a lab against the fake ARM and the fake workspace at `dbxUrl`. */
export const labEnv = (arm: ArmEnv, dbxUrl: string): Record<string, string> => ({
  LOG_LEVEL: 'warn',
  AZURE_SUBSCRIPTION_ID: arm.fake.state.subscriptionId,
  AZURE_ARM_ENDPOINT: arm.fake.url,
  AZURE_LRO_POLL_INTERVAL_MS: '10',
  DATABRICKS_HOST: dbxUrl,
  DATABRICKS_TOKEN: 'dapi-test-token',
  DATABRICKS_SINGLE_USER: 'ona.call@example.com',
  ADMIN_AAD_OBJECT_IDS: `${DEFAULT_USER.aadObjectId},${SECOND_ADMIN.aadObjectId}`,
  PROVISION_STEP_SLICE_MS: '300',
});

/**
 * The bot (in-process, real startBot) against the fake ARM (HTTPS, managed-identity tokens)
 * and a fake Databricks workspace with the clusters area and a minimal serving listing.
 */
export async function startLab(arm: ArmEnv, env: Record<string, string> = {}): Promise<LabRig> {
  resetArm(arm);
  const { dbx, clusters, endpoints } = await startLabWorkspace();
  const h = await startHarness({ env: { ...labEnv(arm, dbx.url), ...env } });
  return {
    h,
    arm,
    dbx,
    clusters,
    endpoints,
    async operations() {
      const url = env.DATABASE_URL;
      const store = url ? await openPostgresStore({ url, poolMax: 1 }) : openSqliteStore(h.dataDir);
      try {
        return await new OperationRepository(store).latest('llmops-lab', 50);
      } finally {
        await store.close();
      }
    },
    async stop() {
      await h.stop();
      await dbx.stop();
    },
  };
}

export async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The verb data of the card's actions, by verb. */
export function actionData(
  card: Record<string, unknown> | undefined,
): Record<string, Record<string, unknown> | undefined> {
  const actions = (card?.actions ?? []) as { data?: Record<string, unknown> }[];
  return Object.fromEntries(actions.map((a) => [String(a.data?.verb), a.data]));
}

/** The card of the invoke response (`adaptiveCard/action` answers with the replacing card). */
export function invokeCard(body: unknown): Record<string, unknown> | undefined {
  const b = body as { type?: string; value?: Record<string, unknown> } | undefined;
  return b?.type === 'application/vnd.microsoft.card.adaptive' ? b.value : undefined;
}

/** Card updates the bot sent for a message id, oldest first. */
export const updatesOf = (h: Harness, activityId: string): CapturedRequest[] =>
  h.connector.requests.filter((r) => r.method === 'PUT' && r.activityId === activityId);

export const lastCardText = (h: Harness, activityId: string) =>
  cardText(cardOf(updatesOf(h, activityId).at(-1)?.body));

/** Validates a card and saves it under artifacts/cards/ for review. */
export function saveCard(name: string, card: Record<string, unknown> | undefined): void {
  const result = checkCard(card ?? {});
  if (result.events.length > 0 || result.bytes > CARD_BYTE_LIMIT) {
    throw new Error(`${name}: ${JSON.stringify(result.events)} (${result.bytes} bytes)`);
  }
  const dir = path.resolve('artifacts', 'cards');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(card, null, 2)}\n`);
}
