import { expect } from 'vitest';
import { FakeDatabricks } from '../fakes/fake-databricks/fake-databricks';
import { installSecrets, type FakeSecretsState } from '../fakes/fake-databricks/secrets';
import { installServing, type FakeServingState } from '../fakes/fake-databricks/serving';
import { startFakeOpenAI, type FakeOpenAI, type FakeOpenAIOptions } from '../fakes/fake-openai';
import { cardOf, DEFAULT_USER, type Harness } from './bot-harness';
import { CARD_BYTE_LIMIT, checkCard } from './card-validator';
import { startMlflowServer, type MlflowTestServer } from './mlflow-server';
import type { TeamsUser } from './teams-activities';

export interface DeployRigOptions {
  /** What the fake Azure OpenAI accepts (key, deployments, serving endpoints). */
  openAI: FakeOpenAIOptions;
  /** Polls before a serving update settles: 1 for quick tests, 2 to see the "updating" state. */
  pollsToSettle: number;
}

/** The peers every deploy test talks to: a real MLflow, fake Azure OpenAI, fake Databricks. */
export interface DeployRig {
  mlflowServer: MlflowTestServer;
  fakeAI: FakeOpenAI;
  dbx: FakeDatabricks;
  secrets: FakeSecretsState;
  serving: FakeServingState;
  stop(): Promise<void>;
}

/**
 * Starts the deploy peers on loopback; call from beforeAll with MLFLOW_SETUP_TIMEOUT_MS.
 * The canary evaluation tests use canary-eval-rig.ts instead: no MLflow, and a SQL warehouse fake.
 */
export async function startDeployRig(options: DeployRigOptions): Promise<DeployRig> {
  const mlflowServer = await startMlflowServer();
  // Whatever started before a failure is stopped here, since afterAll only sees a whole rig.
  let fakeAI: FakeOpenAI | undefined;
  let dbx: FakeDatabricks | undefined;
  try {
    fakeAI = await startFakeOpenAI(options.openAI);
    dbx = new FakeDatabricks();
    const secrets = installSecrets(dbx);
    const serving = installServing(dbx, {
      secrets,
      dataPlaneUrl: fakeAI.url,
      pollsToSettle: options.pollsToSettle,
    });
    await dbx.start();
    const started = { fakeAI, dbx };
    return {
      mlflowServer,
      fakeAI,
      dbx,
      secrets,
      serving,
      stop: async () => {
        await started.dbx.stop();
        await started.fakeAI.close();
        await mlflowServer.stop();
      },
    };
  } catch (err) {
    await dbx?.stop().catch(() => undefined);
    await fakeAI?.close().catch(() => undefined);
    await mlflowServer.stop();
    throw err;
  }
}

/** What the bot answered a line with: its card (checked by the card validator) or its text. */
export interface Said {
  card: Record<string, unknown> | undefined;
  text: string;
  /** The id of the answer's message (what a button press replies to, and a card update targets). */
  cardId: string;
  /** The plan's operation, from the card's buttons ('' when there is none). */
  operationId: string;
}

/** Posts `line` in the group chat as `from` (in `locale`); the card or text the bot answered with. */
export async function say(
  h: Harness,
  line: string,
  o: { from?: TeamsUser; locale?: string } = {},
): Promise<Said> {
  const ask = h.a.groupChat(line, {
    ...(o.from ? { from: o.from } : {}),
    ...(o.locale ? { locale: o.locale } : {}),
  });
  await h.send(ask);
  const msg = h.connector.requests.find((q) => q.method === 'POST' && q.body?.replyToId === ask.id);
  const card = cardOf(msg?.body);
  if (card) expect(checkCard(card).events).toEqual([]);
  const operationId = /"operationId":"([^"]+)"/.exec(JSON.stringify(card ?? {}))?.[1] ?? '';
  const text = typeof msg?.body?.text === 'string' ? msg.body.text : '';
  return { card, text, cardId: msg?.answeredId ?? 'plan', operationId };
}

/**
 * Presses a button of the plan card `plan` (its operation) as `from`, default the default user:
 * the card that replaced it (invoke response), or the text the bot answered.
 */
export async function press(
  h: Harness,
  verb: string,
  plan: Pick<Said, 'cardId' | 'operationId'>,
  from?: TeamsUser,
): Promise<{ text: string; card: Record<string, unknown> | undefined }> {
  const act = h.a.invokeAction(
    verb,
    { operationId: plan.operationId },
    { where: 'groupChat', ...(from ? { from } : {}), replyToId: plan.cardId },
  );
  const res = await h.send(act);
  const said = h.connector.requests.find(
    (q) => q.method === 'POST' && q.body?.replyToId === act.id,
  );
  const body = res.body as { type?: string; value?: Record<string, unknown> };
  const text = said?.body?.text;
  return {
    text: typeof text === 'string' ? text : '',
    card: body.type === 'application/vnd.microsoft.card.adaptive' ? body.value : undefined,
  };
}

/** Waits (20 s at most) until `what` holds. */
export async function until(what: () => boolean | Promise<boolean>, label: string): Promise<void> {
  const end = Date.now() + 20_000;
  while (!(await what())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The bot sent a message matching `what` since request number `from`. */
export const sentSince = (h: Harness, what: RegExp, from = 0): boolean =>
  h.connector.requests.slice(from).some((r) => what.test(String(r.body?.text)));

/** Confirms a deploy plan (deploy, canary promote/rollback) and waits for `endpoint` READY. */
export async function confirmDeploy(h: Harness, plan: Said, endpoint: string): Promise<void> {
  const mark = h.connector.requests.length;
  await press(h, 'deploy.confirm', plan);
  await until(() => sentSince(h, new RegExp(`of ${endpoint} is READY`), mark), `${endpoint} READY`);
}

/**
 * What the fake serves on `endpoint`: each entity's Azure deployment, and the routes. `serving`
 * is read at each call (tests assign it in beforeAll).
 */
export function servedOn(serving: () => FakeServingState, endpoint: string) {
  const live = () => serving().endpoints.get(endpoint)?.config;
  return {
    deployments: () =>
      (live()?.served_entities ?? []).map(
        (e) =>
          ((e.external_model as Record<string, Record<string, unknown>>).openai_config ?? {})
            .openai_deployment_name,
      ),
    routes: () =>
      (live()?.traffic_config?.routes ?? []).map((r) => [
        r.served_entity_name,
        r.traffic_percentage,
      ]),
  };
}

/** Who and what a deploy bot is set up with, besides its peers. */
export interface DeployBotSetup {
  key: string;
  endpoint: string;
  /** The second admin (approves under APPROVALS_REQUIRED=2). */
  reviewer: TeamsUser;
}

/**
 * The environment every canary/deploy bot shares: two admins (the default user and the
 * reviewer), the fake Azure OpenAI with its key and `chat` deployment, the fake Databricks
 * serving the endpoint with fast polls, model gpt-4o-mini. `extra` adds or overrides.
 */
export function deployBotEnv(
  peers: { fakeAI: FakeOpenAI; dbx: FakeDatabricks },
  o: DeployBotSetup,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    LOG_LEVEL: 'warn',
    ADMIN_AAD_OBJECT_IDS: `${DEFAULT_USER.aadObjectId ?? ''},${o.reviewer.aadObjectId ?? ''}`,
    AZURE_OPENAI_ENDPOINT: peers.fakeAI.url,
    AZURE_OPENAI_API_KEY: o.key,
    AZURE_OPENAI_DEPLOYMENT: 'chat',
    DATABRICKS_HOST: peers.dbx.url,
    DATABRICKS_TOKEN: 'dapi-test-token',
    DATABRICKS_SERVING_ENDPOINT: o.endpoint,
    DEPLOY_MODEL_NAME: 'gpt-4o-mini',
    DEPLOY_POLL_INTERVAL_MS: '20',
    ...extra,
  };
}

/** The card in a message body, checked by the card validator (events, size); throws without one. */
export function validCard(body: Record<string, unknown> | undefined): Record<string, unknown> {
  const card = cardOf(body);
  if (!card) throw new Error(`expected a card, got ${JSON.stringify(body).slice(0, 300)}`);
  const check = checkCard(card);
  expect(check.events).toEqual([]);
  expect(check.bytes).toBeLessThanOrEqual(CARD_BYTE_LIMIT);
  return card;
}

/** Sends a personal message; returns the reply body and the id the connector gave it. */
export async function sayPersonal(h: Harness, text: string) {
  const before = h.connector.requests.length;
  await h.send(h.a.personal(text));
  const all = await h.connector.waitFor(before + 1);
  const reply = all[before];
  if (!reply?.body) throw new Error('no reply');
  return { body: reply.body, id: reply.answeredId ?? '' };
}

export { waitUntil } from './wait-until';
