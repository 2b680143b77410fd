import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpMlflowService } from '../../../src/services/mlflow/http-mlflow-service';
import { DeploymentRecords } from '../../../src/workflows/deploy/deployment-records';
import { FakeDatabricks } from '../../fakes/fake-databricks/fake-databricks';
import { installServing } from '../../fakes/fake-databricks/serving';
import { cardText, startHarness, type Harness } from '../../support/bot-harness';
import { CARD_BYTE_LIMIT, checkCard } from '../../support/card-validator';
import { seedMlflow, type MlflowSeed } from '../../support/mlflow-seed';
import {
  MLFLOW_SETUP_TIMEOUT_MS,
  startMlflowServer,
  type MlflowTestServer,
} from '../../support/mlflow-server';

const ENDPOINT = 'llm-chat';
const DEPLOY_EXPERIMENT = 'unfurl-deployments';

let server: MlflowTestServer;
let seed: MlflowSeed;
let dbx: FakeDatabricks;
let h: Harness;

beforeAll(async () => {
  server = await startMlflowServer();
  seed = await seedMlflow(server.url);
  dbx = new FakeDatabricks();
  const serving = installServing(dbx);
  await dbx.start();
  serving.endpoints.set(ENDPOINT, {
    name: ENDPOINT,
    ready: 'READY',
    configUpdate: 'NOT_UPDATING',
    config: {
      config_version: 3,
      served_entities: [
        {
          name: 'gpt-4o-mini',
          external_model: { name: 'gpt-4o-mini', provider: 'openai', task: 'llm/v1/chat' },
          state: { deployment: 'DEPLOYMENT_READY' },
        },
      ],
    },
    pending: undefined,
    aiGateway: {},
    tags: [],
    pollsLeft: 0,
    outcome: 'READY',
    failureMessage: '',
  });
  const t = Date.now() - 3_600_000;
  await new DeploymentRecords(
    new HttpMlflowService({ baseUrl: server.url }),
    DEPLOY_EXPERIMENT,
  ).record({
    operationId: 'op-unfurl-1',
    model: {
      endpoint: ENDPOINT,
      modelName: 'gpt-4o-mini',
      modelVersion: '2024-07-18',
      apiBase: 'https://aoai.example',
      deploymentName: 'chat',
      apiVersion: '2024-10-21',
      temperature: 0.2,
    },
    status: 'FINISHED',
    requester: 'Dana Deployer',
    environment: 'test',
    previousConfigVersion: 2,
    configVersion: 3,
    startTime: t,
    endTime: t + 60_000,
    endpointConfig: {},
  });
  h = await startHarness({
    env: {
      MLFLOW_TRACKING_URI: server.url,
      MLFLOW_DEFAULT_EXPERIMENT: 'churn-model',
      MLFLOW_DEPLOY_EXPERIMENT: DEPLOY_EXPERIMENT,
      DATABRICKS_HOST: dbx.url,
      DATABRICKS_TOKEN: 'dapi-test-token',
      UNFURL_DOMAINS: 'mlflow.contoso.com',
    },
  });
}, MLFLOW_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await h?.stop();
  await dbx?.stop();
  await server?.stop();
});

interface Attachment {
  contentType: string;
  content: Record<string, unknown>;
  preview: { contentType: string; content: { title: string; subtitle: string; text: string } };
}

/** Sends one compose-extension invoke and checks the result envelope Teams expects. */
async function invoke(
  name: string,
  value: Record<string, unknown>,
  locale = 'en-US',
): Promise<Attachment[]> {
  const res = await h.send({
    ...h.a.composeInvoke(name, value, { where: 'groupChat' }),
    locale,
  });
  expect(res.status).toBe(200);
  const body = res.body as { composeExtension: Record<string, unknown> };
  expect(body.composeExtension.type).toBe('result');
  expect(body.composeExtension.attachmentLayout).toBe('list');
  const attachments = body.composeExtension.attachments as Attachment[];
  for (const a of attachments) {
    expect(a.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(a.content.version).toBe('1.3');
    const check = checkCard(a.content);
    expect(check.events).toEqual([]);
    expect(check.bytes).toBeLessThanOrEqual(CARD_BYTE_LIMIT);
    expect(cardText(a.content)).toContain(
      locale.startsWith('fr') ? 'Données du {{DATE(' : 'Data as of {{DATE(',
    );
    expect(a.preview.contentType).toBe('application/vnd.microsoft.card.thumbnail');
  }
  return attachments;
}

async function unfurl(
  url: string,
  anonymous = false,
  locale?: string,
): Promise<Attachment | undefined> {
  const name = anonymous ? 'composeExtension/anonymousQueryLink' : 'composeExtension/queryLink';
  const attachments = await invoke(name, { url }, locale);
  expect(attachments.length).toBeLessThanOrEqual(1);
  return attachments[0];
}

describe('link unfurling', () => {
  it('unfurls an open-source MLflow run link with status, key metrics and params', async () => {
    const run = seed.runs.xgbTuned;
    const got = await unfurl(`${server.url}/#/experiments/${seed.churnId}/runs/${run.runId}`);
    const text = cardText(got?.content);
    expect(text).toContain('Run · xgb-tuned');
    expect(text).toContain('Finished · churn-model');
    expect(text).toMatch(/rmse[\s\S]*0\.5/);
    expect(text).toContain('max_depth');
    expect(text).toContain('bob@contoso.com');
    expect(got?.preview.content.title).toBe('xgb-tuned');
    expect(got?.preview.content.text).toContain('rmse 0.5');
  });

  it('unfurls Databricks workspace run links, new and legacy, and experiment links', async () => {
    const run = seed.runs.baseline;
    for (const url of [
      `${dbx.url}/ml/experiments/${seed.churnId}/runs/${run.runId}?o=123`,
      `${dbx.url}/?o=123#mlflow/experiments/${seed.churnId}/runs/${run.runId}`,
    ]) {
      expect(cardText((await unfurl(url))?.content)).toContain('Run · baseline');
    }
    for (const url of [
      `${dbx.url}/ml/experiments/${seed.churnId}`,
      `${server.url}/#/experiments/${seed.churnId}`,
    ]) {
      const text = cardText((await unfurl(url))?.content);
      expect(text).toContain('Experiment · churn-model');
      expect(text).toContain('live');
      expect(text).not.toContain('deleted-best');
    }
  });

  it('unfurls a serving endpoint link with state, served model, config version and last deploy', async () => {
    const got = await unfurl(`${dbx.url}/ml/endpoints/${ENDPOINT}`);
    const text = cardText(got?.content);
    expect(text).toContain(`Serving endpoint · ${ENDPOINT}`);
    expect(text).toContain('READY');
    expect(text).toContain('gpt-4o-mini');
    expect(text).toMatch(/Config version[\s\S]*3/);
    expect(text).toContain('Dana Deployer');
    expect(got?.preview.content.subtitle).toBe('Serving endpoint · READY');
  });

  it('unfurls in French for a fr-FR client: run, experiment and endpoint cards', async () => {
    const fr = 'fr-FR';
    const run = seed.runs.xgbTuned;
    const runUrl = `${server.url}/#/experiments/${seed.churnId}/runs/${run.runId}`;
    const runText = cardText((await unfurl(runUrl, false, fr))?.content);
    expect(runText).toContain('Exécution · xgb-tuned');
    expect(runText).toContain('Métriques');
    expect(runText).toContain('Ouvrir');
    const experiment = await unfurl(`${server.url}/#/experiments/${seed.churnId}`, false, fr);
    expect(cardText(experiment?.content)).toContain('Expérience · churn-model');
    expect(experiment?.preview.content.subtitle).toBe('Expérience MLflow');
    const endpoint = cardText(
      (await unfurl(`${dbx.url}/ml/endpoints/${ENDPOINT}`, false, fr))?.content,
    );
    expect(endpoint).toContain(`Point de terminaison de service · ${ENDPOINT}`);
    expect(endpoint).toMatch(/Version de la configuration[\s\S]*3/);
    expect(endpoint).toContain('Dernier déploiement');
  });

  it('anonymous unfurls show name and status only, never params, metrics or users', async () => {
    const run = seed.runs.xgbTuned;
    const got = await unfurl(`${server.url}/#/experiments/${seed.churnId}/runs/${run.runId}`, true);
    const json = JSON.stringify(got);
    expect(cardText(got?.content)).toContain('Run · xgb-tuned');
    for (const secret of ['rmse', 'max_depth', 'bob@contoso.com', '0.85'])
      expect(json).not.toContain(secret);
    // A chat the app is not installed in gets no conversation record: nothing may be sent there.
    const stranger = h.activities({ groupChatId: '19:not-installed@thread.v2' });
    const url = `${server.url}/#/experiments/${seed.churnId}/runs/${run.runId}`;
    const res = await h.send(
      stranger.composeInvoke(
        'composeExtension/anonymousQueryLink',
        { url },
        { where: 'groupChat' },
      ),
    );
    expect(res.status).toBe(200);
    const ids = (await h.conversations()).map((c) => c.conversationId);
    expect(ids.some((id) => id.includes('not-installed'))).toBe(false);
    const endpoint = JSON.stringify(await unfurl(`${dbx.url}/ml/endpoints/${ENDPOINT}`, true));
    expect(endpoint).toContain('READY');
    for (const secret of ['gpt-4o-mini', 'Dana Deployer']) expect(endpoint).not.toContain(secret);
  });

  it('foreign, unknown, deleted and unreadable links give an empty result, never an error card', async () => {
    const { runs, churnId } = seed;
    for (const url of [
      `https://evil.example/#/experiments/${churnId}/runs/${runs.baseline.runId}`,
      `${server.url}/#/experiments/${churnId}/runs/${runs.deleted.runId}`,
      `${server.url}/#/experiments/${churnId}/runs/${'0'.repeat(32)}`,
      `${server.url}/#/experiments/999999`,
      `${server.url}/#/models/churn`,
      `${dbx.url}/ml/endpoints/no-such-endpoint`,
      `${dbx.url}/compute/clusters`,
      'not a url',
    ]) {
      expect(await invoke('composeExtension/queryLink', { url }), url).toEqual([]);
    }
    expect(await invoke('composeExtension/queryLink', {})).toEqual([]);
  });
});

describe('compose-box search', () => {
  const search = (value: string, parameter = 'query', commandId = 'searchRuns') =>
    invoke('composeExtension/query', {
      commandId,
      parameters: [{ name: parameter, value }],
      queryOptions: { skip: 0, count: 25 },
    });
  const titles = (list: Attachment[]) => list.map((a) => a.preview.content.title);

  it('finds runs by experiment name and MLflow filter; picking one gives its run card', async () => {
    const found = await search('churn-model metrics.rmse < 1');
    expect(titles(found)).toEqual(['xgb-tuned', 'baseline']);
    expect(cardText(found[0]?.content)).toContain('Run · xgb-tuned');
    expect(titles(await search("params.model = 'linear'"))).toEqual(['stopped', 'baseline']);
    expect(titles(await search('fraud-detection'))).toEqual(['fraud-a']);
  });

  it('opens on the default experiment; unknown experiments, bad filters and commands find nothing', async () => {
    expect(titles(await search('true', 'initialRun'))).toEqual([
      'live',
      'stopped',
      'crashed',
      'xgb-tuned',
      'baseline',
    ]);
    expect(await search('no-such-experiment')).toEqual([]);
    expect(await search('churn-model metrics.rmse <<< 1')).toEqual([]);
    expect(await search('churn-model', 'query', 'otherCommand')).toEqual([]);
    const scrolled = await invoke('composeExtension/query', {
      commandId: 'searchRuns',
      parameters: [{ name: 'query', value: 'churn-model' }],
      queryOptions: { skip: 25, count: 25 },
    });
    expect(scrolled).toEqual([]);
  });
});

describe('UNFURL_ANONYMOUS_DETAILS=true', () => {
  it('lets an anonymous unfurl show what an installed one shows', async () => {
    const bot = await startHarness({
      env: { MLFLOW_TRACKING_URI: server.url, UNFURL_ANONYMOUS_DETAILS: 'true' },
    });
    try {
      const run = seed.runs.xgbTuned;
      const url = `${server.url}/#/experiments/${seed.churnId}/runs/${run.runId}`;
      const res = await bot.send(
        bot.a.composeInvoke('composeExtension/anonymousQueryLink', { url }),
      );
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).toContain('rmse');
    } finally {
      await bot.stop();
    }
  });
});

describe('when MLflow is down or unfurling is off', () => {
  it('answers with an empty result, and logs the read failure', async () => {
    const runUrl = (base: string) =>
      `${base}/#/experiments/${seed.churnId}/runs/${seed.runs.baseline.runId}`;
    const down = await startHarness({
      env: { MLFLOW_TRACKING_URI: 'http://127.0.0.1:1', METRICS_ENABLED: 'true' },
    });
    const off = await startHarness({
      env: { MLFLOW_TRACKING_URI: server.url, UNFURL_ENABLED: 'false' },
    });
    try {
      for (const [bot, url] of [
        [down, runUrl('http://127.0.0.1:1')],
        [off, runUrl(server.url)],
      ] as const) {
        const res = await bot.send(bot.a.composeInvoke('composeExtension/queryLink', { url }));
        expect(res.status).toBe(200);
        expect(res.body).toEqual({
          composeExtension: { type: 'result', attachmentLayout: 'list', attachments: [] },
        });
      }
      expect(down.logs.some((l) => l.msg === 'compose extension read failed; no card')).toBe(true);
      const metrics = String((await down.request('GET', '/metrics')).body);
      expect(metrics).toContain('llmops_turns_total{command="unfurl",outcome="error"} 1');
    } finally {
      await down.stop();
      await off.stop();
    }
  });
});
