import { mkdtempSync, rmSync } from 'node:fs';
import { recordSucceededProvision } from '../../support/provisioned-lab';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpMlflowService } from '../../../src/services/mlflow/http-mlflow-service';
import type { FakeDatabricks } from '../../fakes/fake-databricks/fake-databricks';
import type { FakeSecretsState } from '../../fakes/fake-databricks/secrets';
import type { FakeServingState } from '../../fakes/fake-databricks/serving';
import { fakeEcho, type FakeOpenAI } from '../../fakes/fake-openai';
import { cardText, DEFAULT_USER, startHarness, type Harness } from '../../support/bot-harness';
import {
  sayPersonal,
  startDeployRig,
  validCard,
  waitUntil,
  type DeployRig,
} from '../../support/deploy-rig';
import { MLFLOW_SETUP_TIMEOUT_MS, type MlflowTestServer } from '../../support/mlflow-server';

const AZURE_KEY = 'aoai-SECRET-value-9d3f1e77';
const ENDPOINT = 'llm-chat';
const SUITES = path.resolve(__dirname, '..', '..', 'fixtures', 'deploy-suites');

let rig: DeployRig | undefined;
let mlflowServer: MlflowTestServer;
let fakeAI: FakeOpenAI;
let dbx: FakeDatabricks;
let secrets: FakeSecretsState;
let serving: FakeServingState;
const harnesses: Harness[] = [];
const dirs: string[] = [];
let experimentSeq = 0;

beforeAll(async () => {
  rig = await startDeployRig({
    openAI: {
      azureApiKey: AZURE_KEY,
      bearerToken: 'dapi-test-token',
      deployments: ['chat', 'chat-v2'],
      servingEndpoints: [ENDPOINT],
    },
    pollsToSettle: 2,
  });
  ({ mlflowServer, fakeAI, dbx, secrets, serving } = rig);
}, MLFLOW_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await rig?.stop();
});

afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  serving.endpoints.clear();
  serving.hold = false;
  secrets.scopes.clear();
  fakeAI.clear();
});

/** A bot wired to the fakes and the real MLflow; `experiment` isolates MLflow history per test. */
async function bot(
  experiment: string,
  env: Record<string, string> = {},
  dataDir?: string,
): Promise<Harness> {
  const h = await startHarness({
    ...(dataDir ? { dataDir } : {}),
    env: {
      ADMIN_AAD_OBJECT_IDS: DEFAULT_USER.aadObjectId,
      AZURE_OPENAI_ENDPOINT: fakeAI.url,
      AZURE_OPENAI_API_KEY: AZURE_KEY,
      AZURE_OPENAI_DEPLOYMENT: 'chat',
      DATABRICKS_HOST: dbx.url,
      DATABRICKS_TOKEN: 'dapi-test-token',
      DATABRICKS_SERVING_ENDPOINT: ENDPOINT,
      MLFLOW_TRACKING_URI: mlflowServer.url,
      MLFLOW_DEPLOY_EXPERIMENT: experiment,
      MLFLOW_PROMPTING_EXPERIMENT: `${experiment}-prompting`,
      DEPLOY_MODEL_NAME: 'gpt-4o-mini',
      DEPLOY_MODEL_VERSION: '2024-07-18',
      DEPLOY_INFERENCE_TABLE: 'ml.serving',
      DEPLOY_POLL_INTERVAL_MS: '20',
      PROMPT_SUITES_DIR: SUITES,
      ...env,
    },
  });
  harnesses.push(h);
  return h;
}

const newExperiment = () => `deployments-${process.pid}-${++experimentSeq}`;

function operationIdOf(card: Record<string, unknown>): string {
  const json = JSON.stringify(card);
  const id = /"operationId":"([^"]+)"/.exec(json)?.[1];
  if (!id) throw new Error(`no operation id in ${json.slice(0, 300)}`);
  return id;
}

/** Plans with `command`, confirms, and returns the final card once the operation has ended. */
async function planConfirmFinish(h: Harness, command: string) {
  const start = h.connector.requests.length;
  const plan = await sayPersonal(h, command);
  const planCard = validCard(plan.body);
  const operationId = operationIdOf(planCard);
  const res = await h.send(
    h.a.invokeAction('deploy.confirm', { operationId }, { replyToId: plan.id }),
  );
  const invoked = JSON.stringify(res.body);
  expect(invoked).toContain('◔ Running');
  const finished = await waitUntil('the finished message', () =>
    h.connector.requests
      .slice(start)
      .find((r) => /<at>.*<\/at> (Deploy|Rollback) of/.test(String(r.body?.text))),
  );
  const updates = h.connector.requests.filter(
    (r) => r.method === 'PUT' && r.activityId === plan.id,
  );
  const finalCard = validCard(updates.at(-1)?.body);
  return { planCard, finalCard, finished: String(finished.body?.text), updates, operationId };
}

const mlflowClient = () => new HttpMlflowService({ baseUrl: mlflowServer.url });

async function deploymentRuns(experiment: string) {
  const mlflow = mlflowClient();
  const exp = await mlflow.getExperimentByName(experiment);
  return (await mlflow.searchRuns({ experimentIds: [exp.experimentId] })).items;
}

const entityConfig = (name: string) => {
  const ep = serving.endpoints.get(name);
  return ep?.config?.served_entities.map(({ state: _state, ...rest }) => rest);
};

describe('deploy', () => {
  it('plans, deploys to READY, records the run in MLflow, and `ask` answers through it', async () => {
    const experiment = newExperiment();
    const h = await bot(experiment);
    const { planCard, finalCard, finished } = await planConfirmFinish(h, 'deploy');
    const plan = cardText(planCard);
    expect(plan).toContain(`${ENDPOINT} (new)`);
    expect(plan).toContain('{{secrets/llmops-bot/azure-openai-key}}');
    expect(plan).toContain('inference table ml.serving');
    expect(finished).toContain(`Deploy of ${ENDPOINT} is READY`);
    const final = cardText(finalCard);
    expect(final).toContain('✔ Done');
    expect(final).toMatch(/Wait for READY.*READY · config v1/s);
    expect(JSON.stringify(finalCard)).toContain('Open MLflow run');

    const ep = serving.endpoints.get(ENDPOINT);
    expect(ep?.ready).toBe('READY');
    expect(ep?.configUpdate).toBe('NOT_UPDATING');
    expect(entityConfig(ENDPOINT)).toEqual([
      {
        name: 'gpt-4o-mini',
        external_model: {
          name: 'gpt-4o-mini',
          provider: 'openai',
          task: 'llm/v1/chat',
          openai_config: {
            openai_api_type: 'azure',
            openai_api_base: fakeAI.url,
            openai_api_version: '2024-10-21',
            openai_deployment_name: 'chat',
            openai_api_key: '{{secrets/llmops-bot/azure-openai-key}}',
          },
        },
      },
    ]);
    expect(ep?.aiGateway).toEqual({
      usage_tracking_config: { enabled: true },
      inference_table_config: {
        enabled: true,
        catalog_name: 'ml',
        schema_name: 'serving',
        table_name_prefix: 'llm_chat',
      },
    });
    expect(secrets.scopes.get('llmops-bot')?.get('azure-openai-key')).toBe(AZURE_KEY);

    const [run, ...others] = await deploymentRuns(experiment);
    expect(others).toEqual([]);
    expect(run?.info.status).toBe('FINISHED');
    const params = Object.fromEntries(run?.params.map((p) => [p.key, p.value]) ?? []);
    expect(params).toMatchObject({
      model: 'gpt-4o-mini',
      version: '2024-07-18',
      endpoint: ENDPOINT,
      api_version: '2024-10-21',
      temperature: '1',
    });
    const tags = Object.fromEntries(run?.tags.map((t) => [t.key, t.value]) ?? []);
    expect(tags).toMatchObject({
      requester: DEFAULT_USER.name,
      environment: 'llmops-lab',
      previous_config_version: 'none',
      config_version: '1',
    });
    const artifacts = await mlflowClient().listArtifacts(run?.info.runId ?? '');
    expect(artifacts.map((a) => a.path)).toEqual(['endpoint-config.json']);
    const uri = run?.info.artifactUri?.replace(/^mlflow-artifacts:\/+/, '') ?? '';
    const artifact = (await (
      await fetch(
        `${mlflowServer.url}/api/2.0/mlflow-artifacts/artifacts/${uri}/endpoint-config.json`,
      )
    ).json()) as { name: string; config: { served_entities: unknown[] } };
    expect(artifact.name).toBe(ENDPOINT);
    expect(artifact.config.served_entities).toEqual(entityConfig(ENDPOINT));

    const answer = cardText(
      validCard((await sayPersonal(h, 'ask --target databricks What is MLflow?')).body),
    );
    expect(answer).toContain(fakeEcho(ENDPOINT, 'What is MLflow?'));
    expect(answer).toContain(`databricks (${ENDPOINT} @ 127.0.0.1`);
    const audit = (await h.auditEntries()).filter((e) => e.action === 'deploy');
    expect(audit.map((e) => e.result).sort()).toEqual(['ok', 'planned']);

    // The key reached Databricks once (secrets/put) and nothing else ever carried it.
    const carriers = dbx.requests.filter((r) => JSON.stringify(r).includes(AZURE_KEY));
    expect(carriers.map((r) => r.path)).toEqual(['/api/2.0/secrets/put']);
    expect(JSON.stringify(h.connector.requests)).not.toContain(AZURE_KEY);
    expect(JSON.stringify(h.logs)).not.toContain(AZURE_KEY);
    expect(JSON.stringify(await h.auditEntries())).not.toContain(AZURE_KEY);
    expect(JSON.stringify(run)).not.toContain(AZURE_KEY);
    expect(JSON.stringify(artifact)).not.toContain(AZURE_KEY);
  });

  it('reports UPDATE_FAILED with the deployment message and records a FAILED run', async () => {
    const experiment = newExperiment();
    const h = await bot(experiment);
    serving.failNextUpdate(`Azure OpenAI rejected the key ${AZURE_KEY.slice(0, 4)}… (401)`);
    const { finalCard, finished } = await planConfirmFinish(h, 'deploy');
    const text = cardText(finalCard);
    expect(finished).toContain('failed');
    expect(text).toContain('✖ Failed');
    expect(text).toContain('UPDATE_FAILED: Azure OpenAI rejected the key');
    expect(text).toMatch(/○ \*\*Record in MLflow\*\*\s*Pending/);
    const [run] = await deploymentRuns(experiment);
    expect(run?.info.status).toBe('FAILED');
    expect(run?.tags.find((t) => t.key === 'error')?.value).toContain('UPDATE_FAILED');
    expect(
      (await h.auditEntries()).find((e) => e.action === 'deploy' && e.result === 'failed'),
    ).toBeTruthy();
  });

  it('refuses a second deploy of the same endpoint while one is in progress', async () => {
    const h = await bot(newExperiment());
    serving.hold = true;
    const first = await sayPersonal(h, 'deploy');
    const second = await sayPersonal(h, 'deploy');
    const firstId = operationIdOf(validCard(first.body));
    const secondId = operationIdOf(validCard(second.body));
    await h.send(
      h.a.invokeAction('deploy.confirm', { operationId: firstId }, { replyToId: first.id }),
    );
    await waitUntil('the endpoint update to start', () =>
      serving.endpoints.get(ENDPOINT)?.configUpdate === 'IN_PROGRESS' ? true : undefined,
    );
    const before = h.connector.requests.length;
    await h.send(
      h.a.invokeAction('deploy.confirm', { operationId: secondId }, { replyToId: second.id }),
    );
    const refused = await waitUntil('the refusal', () =>
      h.connector.requests.slice(before).find((r) => String(r.body?.text).includes('Refused')),
    );
    expect(String(refused.body?.text)).toContain(
      `Refused: \`deploy\` cannot start: **${DEFAULT_USER.name}** is running \`deploy\` on **endpoint ${ENDPOINT}**`,
    );
    const mark = h.connector.requests.length;
    await h.send(h.a.personal('deploy'));
    const typed = await waitUntil('the typed refusal', () =>
      h.connector.requests
        .slice(mark)
        .find((r) => r.method === 'POST' && typeof r.body?.text === 'string'),
    );
    expect(String(typed.body?.text)).toContain(
      `A deploy of ${ENDPOINT} by ${DEFAULT_USER.name} is in progress`,
    );
    serving.hold = false;
    await waitUntil('the first deploy to finish', () =>
      h.connector.requests.find((r) => String(r.body?.text).includes('is READY')),
    );
  });

  it('stops before touching the endpoint when the required suite fails', async () => {
    const h = await bot(newExperiment(), { DEPLOY_REQUIRED_SUITE: 'gate-fail' });
    const { planCard, finalCard } = await planConfirmFinish(h, 'deploy');
    expect(cardText(planCard)).toContain('suite gate-fail must pass');
    const text = cardText(finalCard);
    expect(text).toContain('Suite gate-fail failed: 1/2 passed; wants-kolmogorov');
    expect(serving.endpoints.has(ENDPOINT)).toBe(false);
  });

  it('passes a green suite gate and deploys', async () => {
    const h = await bot(newExperiment(), { DEPLOY_REQUIRED_SUITE: 'gate-pass' });
    const { finalCard } = await planConfirmFinish(h, 'deploy');
    expect(cardText(finalCard)).toMatch(/✔ \*\*Suite gate-pass\*\*\s*1\/1 passed\s*Done/);
    expect(serving.endpoints.get(ENDPOINT)?.ready).toBe('READY');
  });

  it('a dry run changes nothing and has no buttons', async () => {
    const h = await bot(newExperiment());
    const card = validCard((await sayPersonal(h, 'deploy --dry-run')).body);
    expect(cardText(card)).toContain('Dry run: nothing was changed.');
    expect(card.actions).toBeUndefined();
    expect(serving.endpoints.size).toBe(0);
  });

  it('writes the plan in French for a fr-FR user, on a valid card, and changes nothing yet', async () => {
    const h = await bot(newExperiment(), { DEPLOY_REQUIRED_SUITE: 'gate-pass' });
    await h.send(h.a.personal('deploy --temperature 0.2', { locale: 'fr-FR' }));
    const [reply] = await h.connector.waitFor(1);
    const plan = cardText(validCard(reply?.body));
    expect(plan).toContain(`Déployer ${ENDPOINT}`);
    expect(plan).toContain(`Point de terminaison`);
    expect(plan).toContain(`${ENDPOINT} (nouveau)`);
    expect(plan).toContain(`Crée le point de terminaison ${ENDPOINT}.`);
    expect(plan).toContain('température 0,2, jetons max valeur par défaut du modèle');
    expect(plan).toContain('secret Databricks {{secrets/llmops-bot/azure-openai-key}}');
    expect(plan).toContain('table d’inférence ml.serving');
    expect(plan).toContain('la suite gate-pass doit réussir');
    expect(plan).toContain('Vous seul pouvez confirmer ; le plan expire dans 15 min.');
    expect(plan).not.toMatch(/Endpoint|Settings|Gateway|Only you/);
    expect(serving.endpoints.size).toBe(0);
  });
});

describe('deploy after provision', () => {
  /** A data dir whose store holds a succeeded `provision` of llmops-lab with these outputs. */
  async function provisioned(outputs: Record<string, string>): Promise<string> {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'llmops-deploy-provisioned-'));
    dirs.push(dataDir);
    await recordSucceededProvision(dataDir, outputs);
    return dataDir;
  }

  it('serves what provision created when the endpoint and deployment are not configured', async () => {
    const dataDir = await provisioned({
      endpoint: `${fakeAI.url}/`,
      deployment: 'chat-v2',
      model: 'gpt-5-mini 2025-08-07',
    });
    const unset = {
      AZURE_OPENAI_ENDPOINT: '',
      AZURE_OPENAI_DEPLOYMENT: '',
      DEPLOY_MODEL_NAME: '',
      DEPLOY_MODEL_VERSION: '',
    };
    const h = await bot(newExperiment(), unset, dataDir);
    const { planCard } = await planConfirmFinish(h, 'deploy');
    const plan = cardText(planCard);
    expect(plan).toContain('gpt-5-mini 2025-08-07');
    expect(plan).toContain(`chat-v2 @ ${new URL(fakeAI.url).host}`);
    const [entity] = entityConfig(ENDPOINT) as {
      external_model: { name: string; openai_config: Record<string, string> };
    }[];
    expect(entity?.external_model.name).toBe('gpt-5-mini');
    expect(entity?.external_model.openai_config).toMatchObject({
      openai_api_base: fakeAI.url,
      openai_deployment_name: 'chat-v2',
    });
    expect(serving.endpoints.get(ENDPOINT)?.ready).toBe('READY');
  });

  it('says to run provision when nothing names a deployment', async () => {
    const h = await bot(newExperiment(), {
      AZURE_OPENAI_ENDPOINT: '',
      AZURE_OPENAI_DEPLOYMENT: '',
    });
    const reply = await sayPersonal(h, 'deploy');
    expect(String(reply.body.text)).toMatch(/Nothing to deploy: run `provision`/);
    expect(serving.endpoints.size).toBe(0);
  });
});

describe('rollback', () => {
  it('restores the previous config recorded in MLflow', async () => {
    const experiment = newExperiment();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'llmops-rollback-'));
    dirs.push(dataDir);
    const v1 = await bot(experiment, {}, dataDir);
    await planConfirmFinish(v1, 'deploy');
    const firstConfig = entityConfig(ENDPOINT);
    await v1.stopBot();

    const v2 = await bot(
      experiment,
      { AZURE_OPENAI_DEPLOYMENT: 'chat-v2', DEPLOY_MODEL_VERSION: '2025-01-01' },
      dataDir,
    );
    await planConfirmFinish(v2, 'deploy');
    expect(entityConfig(ENDPOINT)).not.toEqual(firstConfig);

    const { planCard, finalCard } = await planConfirmFinish(v2, `rollback ${ENDPOINT}`);
    const plan = cardText(planCard);
    expect(plan).toContain('gpt-4o-mini 2025-01-01 via chat-v2');
    expect(plan).toContain('gpt-4o-mini 2024-07-18 via chat');
    expect(cardText(finalCard)).toContain('✔ Done');
    expect(entityConfig(ENDPOINT)).toEqual(firstConfig);
    expect(serving.endpoints.get(ENDPOINT)?.config?.config_version).toBe(3);

    const runs = await deploymentRuns(experiment);
    const rollback = runs.find((r) => r.tags.some((t) => t.key === 'rollback_of'));
    const original = runs.find(
      (r) => r.params.some((p) => p.key === 'deployment' && p.value === 'chat') && r !== rollback,
    );
    expect(rollback?.tags.find((t) => t.key === 'rollback_of')?.value).toBe(original?.info.runId);
    expect(rollback?.tags.find((t) => t.key === 'previous_config_version')?.value).toBe('2');

    // A rollback plan's own buttons speak of rollback, not of deploy.
    const again = await sayPersonal(v2, `rollback ${ENDPOINT}`);
    const cancelled = await v2.send(
      v2.a.invokeAction(
        'deploy.cancel',
        { operationId: operationIdOf(validCard(again.body)) },
        { replyToId: again.id },
      ),
    );
    expect(JSON.stringify(cancelled.body)).toContain('– rollback cancelled.');
    expect((await v2.auditEntries(1))[0]).toMatchObject({
      action: 'rollback',
      result: 'cancelled',
    });
  });

  it('says so when there is nothing to roll back to', async () => {
    const h = await bot(newExperiment());
    const reply = await sayPersonal(h, 'rollback');
    expect(String(reply.body.text)).toContain(`No earlier successful deployment of ${ENDPOINT}`);
  });
});
