import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpMlflowService } from '../../../src/services/mlflow/http-mlflow-service';
import { OperationRepository } from '../../../src/platform/operations/operation-repository';
import { openSqliteStore } from '../../../src/platform/store/sqlite-store';
import { recordSucceededProvision } from '../../support/provisioned-lab';
import { startArmTestEnv } from '../../fakes/fake-arm/arm-test-env';
import { fakeAccountKeys } from '../../fakes/fake-arm/routes-cognitive';
import type { FakeDatabricks } from '../../fakes/fake-databricks/fake-databricks';
import type { FakeSecretsState } from '../../fakes/fake-databricks/secrets';
import type { FakeServingState } from '../../fakes/fake-databricks/serving';
import { cardText, DEFAULT_USER, startHarness, type Harness } from '../../support/bot-harness';
import {
  sayPersonal,
  startDeployRig,
  validCard,
  waitUntil,
  type DeployRig,
} from '../../support/deploy-rig';
import { MLFLOW_SETUP_TIMEOUT_MS, type MlflowTestServer } from '../../support/mlflow-server';

/** The names `provision` gives the default environment (LAB_RESOURCE_PREFIX = llmops-lab). */
const RG = 'rg-llmops-lab';
const ACCOUNT = 'aoai-llmops-lab';
const ENDPOINT = 'llm-chat';
const KEY1 = fakeAccountKeys(RG, ACCOUNT).key1;

let arm: Awaited<ReturnType<typeof startArmTestEnv>>;
let rig: DeployRig | undefined;
let mlflowServer: MlflowTestServer;
let dbx: FakeDatabricks;
let secrets: FakeSecretsState;
let serving: FakeServingState;
let accountEndpoint = '';
const harnesses: Harness[] = [];
let experimentSeq = 0;

beforeAll(async () => {
  rig = await startDeployRig({
    openAI: { azureApiKey: KEY1, servingEndpoints: [ENDPOINT] },
    pollsToSettle: 2,
  });
  ({ mlflowServer, dbx, secrets, serving } = rig);
  // The account as `provision` leaves it, made by the real SDK clients against the fake ARM.
  arm = await startArmTestEnv();
  const p = arm.provisioner();
  const plan = await p.planRegions();
  const regions = plan.candidates.map((c) => c.region);
  await p.ensureResourceGroup({
    name: RG,
    location: regions[0] ?? '',
    requester: DEFAULT_USER.name,
    environment: 'llmops-lab',
  });
  accountEndpoint = (await p.ensureOpenAIAccount({ resourceGroup: RG, name: ACCOUNT, regions }))
    .endpoint;
}, MLFLOW_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await arm?.stop();
  await rig?.stop();
});

afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.stop();
  serving.endpoints.clear();
  secrets.scopes.clear();
  dbx.requests.length = 0;
});

/** A bot with Azure (fake ARM) and Databricks but no AZURE_OPENAI_API_KEY. */
async function bot(experiment: string, env: Record<string, string> = {}): Promise<Harness> {
  const h = await startHarness({
    env: {
      ADMIN_AAD_OBJECT_IDS: DEFAULT_USER.aadObjectId,
      AZURE_SUBSCRIPTION_ID: arm.fake.state.subscriptionId,
      AZURE_ARM_ENDPOINT: arm.fake.url,
      AZURE_LRO_POLL_INTERVAL_MS: '10',
      AZURE_OPENAI_ENDPOINT: '',
      AZURE_OPENAI_API_KEY: '',
      AZURE_OPENAI_DEPLOYMENT: '',
      DATABRICKS_HOST: dbx.url,
      DATABRICKS_TOKEN: 'dapi-test-token',
      DATABRICKS_SERVING_ENDPOINT: ENDPOINT,
      MLFLOW_TRACKING_URI: mlflowServer.url,
      MLFLOW_DEPLOY_EXPERIMENT: experiment,
      MLFLOW_PROMPTING_EXPERIMENT: `${experiment}-prompting`,
      DEPLOY_POLL_INTERVAL_MS: '20',
      ...env,
    },
  });
  harnesses.push(h);
  return h;
}

/** The outputs `provision` leaves for the account made in beforeAll. */
const provisioned = () => ({
  region: 'swedencentral',
  endpoint: accountEndpoint,
  account: ACCOUNT,
  deployment: 'chat',
  model: 'gpt-4o-mini 2024-07-18',
});

/** Stores a succeeded `provision` of llmops-lab with these outputs in the bot's store. */
function recordProvision(h: Harness, outputs: Record<string, string>): Promise<void> {
  return recordSucceededProvision(h.dataDir, outputs);
}

/** Plans, confirms, and returns the plan card, the final card and the finished message. */
async function deploy(h: Harness, line = 'deploy') {
  const before = h.connector.requests.length;
  const plan = await sayPersonal(h, line);
  const planCard = validCard(plan.body);
  const operationId = /"operationId":"([^"]+)"/.exec(JSON.stringify(planCard))?.[1] ?? '';
  expect(operationId).not.toBe('');
  await h.send(h.a.invokeAction('deploy.confirm', { operationId }, { replyToId: plan.id }));
  const finished = await waitUntil('the finished message', () =>
    h.connector.requests
      .slice(before)
      .find((r) => /<at>.*<\/at> (Deploy|Rollback) of/.test(String(r.body?.text))),
  );
  const updates = h.connector.requests.filter(
    (r) => r.method === 'PUT' && r.activityId === plan.id,
  );
  return {
    plan: cardText(planCard),
    final: cardText(validCard(updates.at(-1)?.body)),
    finished: String(finished.body?.text),
  };
}

/** The Azure OpenAI deployment the endpoint's live config serves. */
const servedDeployment = () =>
  /"openai_deployment_name":"([^"]+)"/.exec(
    JSON.stringify(serving.endpoints.get(ENDPOINT)?.config),
  )?.[1];

/** Everything MLflow holds for the deploy experiment: runs (params, tags) and artifacts. */
async function mlflowRecords(experiment: string): Promise<string> {
  const mlflow = new HttpMlflowService({ baseUrl: mlflowServer.url });
  const exp = await mlflow.getExperimentByName(experiment);
  const runs = (await mlflow.searchRuns({ experimentIds: [exp.experimentId] })).items;
  expect(runs.length).toBe(1);
  const artifacts = await Promise.all(
    runs.map(async (run) => {
      const uri = run.info.artifactUri?.replace(/^mlflow-artifacts:\/+/, '') ?? '';
      const res = await fetch(
        `${mlflowServer.url}/api/2.0/mlflow-artifacts/artifacts/${uri}/endpoint-config.json`,
      );
      return res.text();
    }),
  );
  return JSON.stringify({ runs, artifacts });
}

/** key1 went to Databricks once (secrets/put) and into no activity, log, audit, store or run. */
async function expectKeyOnlyInSecret(h: Harness, experiment: string): Promise<void> {
  expect(secrets.scopes.get('llmops-bot')?.get('azure-openai-key')).toBe(KEY1);
  const carriers = dbx.requests.filter((r) => JSON.stringify(r).includes(KEY1));
  expect(carriers.map((r) => r.path)).toEqual(['/api/2.0/secrets/put']);
  expect(JSON.stringify(h.connector.requests)).not.toContain(KEY1);
  expect(h.logs.length).toBeGreaterThan(0);
  expect(JSON.stringify(h.logs)).not.toContain(KEY1);
  expect(JSON.stringify(await h.auditEntries())).not.toContain(KEY1);
  const store = openSqliteStore(h.dataDir);
  try {
    const ops = await new OperationRepository(store).latest(`endpoint:${ENDPOINT}`, 10);
    expect(ops.length).toBe(1);
    expect(JSON.stringify(ops)).not.toContain(KEY1);
  } finally {
    await store.close();
  }
  const records = await mlflowRecords(experiment);
  expect(records).toContain(ACCOUNT);
  expect(records).not.toContain(KEY1);
}

describe('deploy without AZURE_OPENAI_API_KEY', () => {
  it('right after provision, stores key1 of the provisioned account and reaches READY', async () => {
    const experiment = `account-key-${process.pid}-${++experimentSeq}`;
    const h = await bot(experiment);
    await recordProvision(h, provisioned());
    const { plan, final, finished } = await deploy(h);
    expect(plan).toContain(`← key of ${ACCOUNT}`);
    expect(finished).toContain(`Deploy of ${ENDPOINT} is READY`);
    expect(final).toMatch(/Store key.*\(key of aoai-llmops-lab\)/s);
    expect(final).toMatch(/Wait for READY.*READY · config v1/s);
    expect(serving.endpoints.get(ENDPOINT)?.ready).toBe('READY');
    const listKeys = arm.fake.requests.filter((r) => /\/listKeys$/i.test(r.path));
    expect(listKeys.map((r) => r.method)).toEqual(['POST']);
    await expectKeyOnlyInSecret(h, experiment);
  });

  it('deploy flags pick the deployment and settings; rollback stores the same account key', async () => {
    const experiment = `account-key-${process.pid}-${++experimentSeq}`;
    const h = await bot(experiment);
    await recordProvision(h, provisioned());
    await deploy(h);
    const second = await deploy(
      h,
      'deploy --deployment chat-v2 --temperature 0.2 --max-tokens 800',
    );
    expect(second.plan).toMatch(/chat-v2 @ /);
    expect(second.plan).toContain('temperature 0.2, max tokens 800');
    expect(servedDeployment()).toBe('chat-v2');
    const mlflow = new HttpMlflowService({ baseUrl: mlflowServer.url });
    const exp = await mlflow.getExperimentByName(experiment);
    const runs = (await mlflow.searchRuns({ experimentIds: [exp.experimentId] })).items;
    const v2 = runs.find((run) => run.params.some((p) => p.value === 'chat-v2'));
    expect(v2?.params).toEqual(
      expect.arrayContaining([
        { key: 'temperature', value: '0.2' },
        { key: 'max_tokens', value: '800' },
      ]),
    );

    const back = await deploy(h, 'rollback');
    expect(back.plan).toContain(`← key of ${ACCOUNT}`);
    expect(back.plan).toContain('temperature 1, max tokens model default');
    expect(back.finished).toContain(`Rollback of ${ENDPOINT} is READY`);
    expect(back.final).toMatch(/Store key.*\(key of aoai-llmops-lab\)/s);
    expect(servedDeployment()).toBe('chat');
  });

  it('reads the key of a configured endpoint whose account is in the environment group', async () => {
    const experiment = `account-key-${process.pid}-${++experimentSeq}`;
    const h = await bot(experiment, {
      AZURE_OPENAI_ENDPOINT: accountEndpoint,
      AZURE_OPENAI_DEPLOYMENT: 'chat',
    });
    const { finished } = await deploy(h);
    expect(finished).toContain(`Deploy of ${ENDPOINT} is READY`);
    await expectKeyOnlyInSecret(h, experiment);
  });

  it('still asks for the key when the endpoint belongs to no account it can find', async () => {
    const h = await bot(`account-key-${process.pid}-${++experimentSeq}`, {
      AZURE_OPENAI_ENDPOINT: 'https://elsewhere.openai.azure.com/',
      AZURE_OPENAI_DEPLOYMENT: 'chat',
    });
    const reply = await sayPersonal(h, 'deploy');
    expect(String(reply.body.text)).toMatch(/set AZURE_OPENAI_API_KEY/);
    expect(serving.endpoints.size).toBe(0);
    expect(secrets.scopes.size).toBe(0);
  });
});
