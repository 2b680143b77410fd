import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runsView, runView } from '../../../src/dialogs/mlflow-views';
import { HttpMlflowService } from '../../../src/services/mlflow/http-mlflow-service';
import { DEFAULT_MLFLOW_SETTINGS } from '../../../src/services/mlflow/mlflow-settings';
import {
  cardOf,
  cardText,
  startHarness,
  type CapturedRequest,
  type Harness,
} from '../../support/bot-harness';
import { CARD_BYTE_LIMIT, checkCard } from '../../support/card-validator';
import { seedMlflow, type MlflowSeed } from '../../support/mlflow-seed';
import {
  MLFLOW_SETUP_TIMEOUT_MS,
  startMlflowServer,
  type MlflowTestServer,
} from '../../support/mlflow-server';

let server: MlflowTestServer;
let seed: MlflowSeed;
let h: Harness;
let mlflow: HttpMlflowService;

beforeAll(async () => {
  server = await startMlflowServer();
  seed = await seedMlflow(server.url);
  mlflow = new HttpMlflowService({ baseUrl: server.url });
  const paging = await mlflow.createExperiment('paging');
  for (let i = 0; i < 12; i++) {
    const run = await mlflow.createRun({
      experimentId: paging,
      runName: `p${String(i).padStart(2, '0')}`,
      startTime: seed.t0 + i * 1000,
    });
    await mlflow.updateRun(run.info.runId, { status: 'FINISHED', endTime: seed.t0 + i * 1000 + 1 });
  }
  h = await startHarness({
    env: { MLFLOW_TRACKING_URI: server.url, MLFLOW_DEFAULT_EXPERIMENT: 'churn-model' },
  });
}, MLFLOW_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await h?.stop();
  await server?.stop();
});

beforeEach(() => {
  h.connector.clear();
});

function validCard(req: CapturedRequest | undefined): Record<string, unknown> {
  const card = cardOf(req?.body);
  expect(card, `no Adaptive Card in ${JSON.stringify(req?.body)}`).toBeDefined();
  const check = checkCard(card ?? {});
  expect(check.events).toEqual([]);
  expect(check.bytes).toBeLessThanOrEqual(CARD_BYTE_LIMIT);
  return card ?? {};
}

/** Sends a typed message in a personal chat and returns the single reply. */
async function say(text: string): Promise<CapturedRequest | undefined> {
  h.connector.clear();
  const res = await h.send(h.a.personal(text));
  expect(res.status).toBe(200);
  const [reply] = await h.connector.waitFor(1, 15_000);
  return reply;
}

const replyText = (req: CapturedRequest | undefined) => {
  const text = req?.body?.text;
  return typeof text === 'string' ? text : '';
};

/** Run names in the order the card lists them (each run heading is `**name** · status`). */
const listedRuns = (text: string) =>
  [...text.matchAll(/\*\*([^*]+)\*\* · [^\s]+ (?:Running|Finished|Failed|Killed|Scheduled)/g)].map(
    (m) => m[1],
  );

describe('runs', () => {
  it('lists the latest runs, newest first, with status words; the deleted run is absent', async () => {
    const text = cardText(validCard(await say('runs churn-model')));
    expect(listedRuns(text)).toEqual(['live', 'stopped', 'crashed', 'xgb-tuned', 'baseline']);
    for (const label of ['Running', 'Killed', 'Failed', 'Finished']) expect(text).toContain(label);
    expect(text).not.toContain('deleted-best');
    expect(text).toContain('metrics: rmse, accuracy · tap a run for its details');
    expect(text).toContain('bob@contoso.com');
    expect(text).toMatch(/\{\{DATE\(\d{4}-\d\d-\d\dT[\d:]+Z, COMPACT\)\}\}/);
  });

  it('uses MLFLOW_DEFAULT_EXPERIMENT, and an id works like a name', async () => {
    expect(cardText(validCard(await say('runs')))).toContain('Runs · churn-model');
    expect(cardText(validCard(await say(`runs ${seed.fraudId}`)))).toContain('fraud-a');
  });

  it('passes an MLflow filter through, with or without an experiment', async () => {
    const text = cardText(validCard(await say('runs churn-model metrics.rmse < 1')));
    expect(listedRuns(text)).toEqual(['xgb-tuned', 'baseline']);
    const viaDefault = cardText(validCard(await say("runs params.model = 'xgb'")));
    expect(listedRuns(viaDefault)).toEqual(['live', 'crashed', 'xgb-tuned']);
  });

  it("answers a bad filter with the server's reason", async () => {
    const text = replyText(await say('runs churn-model metrics.rmse <<< 1'));
    expect(text).toContain('MLflow rejected the filter');
    expect(text).toMatch(/comparator/i);
  });

  it('says an experiment does not exist and suggests the nearest names', async () => {
    const text = replyText(await say('runs churn-modle'));
    expect(text).toContain('no experiment "churn-modle"');
    expect(text).toContain('`runs churn-model`');
  });

  it('pages with More runs: one page of 10, then the rest in place', async () => {
    const first = validCard(await say('runs paging'));
    expect(listedRuns(cardText(first))).toHaveLength(10);
    const more = (first.actions as { verb?: string; data?: Record<string, unknown> }[]).find(
      (a) => a.verb === 'runs.more',
    );
    expect(more?.data?.pageToken).toEqual(expect.any(String));
    const res = await h.send(h.a.invokeAction('runs.more', more?.data ?? {}));
    expect(res.status).toBe(200);
    const body = res.body as { type?: string; value?: Record<string, unknown> };
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(checkCard(body.value ?? {}).events).toEqual([]);
    const text = cardText(body.value);
    expect(listedRuns(text)).toEqual(['p01', 'p00']);
    expect(text).toContain('Page 2');
    expect(JSON.stringify(body.value)).not.toContain('runs.more');
  });

  it('compares two runs: differing params and metric deltas', async () => {
    const { baseline, xgbTuned } = seed.runs;
    const text = cardText(validCard(await say(`runs compare ${baseline.runId} ${xgbTuned.runId}`)));
    expect(text).toContain('Params that differ');
    expect(text).toContain('max_depth');
    expect(text).toContain('−0.4 (B better)');
    expect(text).not.toMatch(/\bepochs\b/);
  });
});

describe('run <id>', () => {
  it('summarises the best run: params, metrics marked best, chart, model version, artifacts', async () => {
    const card = validCard(await say(`run ${seed.runs.xgbTuned.runId}`));
    const text = cardText(card);
    const json = JSON.stringify(card);
    expect(text).toContain('✔ Finished');
    expect(text).toContain('max_depth');
    expect(text).toContain('0.5 · best');
    expect(text).toContain('churn v1 · READY');
    expect(text).toContain('feature_importance.json');
    expect(json).toContain('"type":"Chart.Line"');
    expect(json).toContain(`/#/experiments/${seed.churnId}/runs/${seed.runs.xgbTuned.runId}`);
    expect(json).not.toContain('Compare with best');
  });

  it('shows the delta vs the best active run (not the deleted one) and offers the comparison', async () => {
    const card = validCard(await say(`run ${seed.runs.baseline.runId}`));
    const text = cardText(card);
    expect(text).toContain('0.9 · +0.4 vs best 0.5 (xgb-tuned; lower is better)');
    expect(text).toContain('team');
    expect(text).not.toContain('mlflow.source.name');
    const compare = (card.actions as { verb?: string; data?: Record<string, unknown> }[]).find(
      (a) => a.verb === 'runs.compare',
    );
    expect(compare?.data).toMatchObject({
      a: seed.runs.baseline.runId,
      b: seed.runs.xgbTuned.runId,
    });
    await h.send(h.a.invokeAction('runs.compare', compare?.data ?? {}));
    const [reply] = await h.connector.waitFor(2, 15_000).then((r) => r.slice(1));
    expect(cardText(validCard(reply))).toContain('Run comparison');
  });

  it('says a deleted or unknown run does not exist', async () => {
    expect(replyText(await say(`run ${seed.runs.deleted.runId}`))).toContain('no run');
    const nope = replyText(await say('run nope'));
    expect(nope).toContain('MLflow has no run "nope"');
    // The runs card shows names, not ids: the hint must not send people there for an id.
    expect(nope).not.toContain('with their ids');
    expect(nope).toContain('tapping one opens its card');
  });
});

describe('in French (fr-FR)', () => {
  async function sayFr(text: string): Promise<CapturedRequest | undefined> {
    h.connector.clear();
    await h.send(h.a.personal(text, { locale: 'fr-FR' }));
    const [reply] = await h.connector.waitFor(1, 15_000);
    return reply;
  }

  it('writes the run card in French, with French numbers, on a valid card', async () => {
    const card = validCard(await sayFr(`run ${seed.runs.baseline.runId}`));
    const text = cardText(card);
    expect(text).toContain('Exécution · baseline');
    expect(text).toContain('✔ Terminée');
    expect(text).toContain('Métriques');
    expect(text).toContain(
      '0,9 · +0,4 par rapport à la meilleure, 0,5 (xgb-tuned ; plus bas = mieux)',
    );
    expect(JSON.stringify(card.actions)).toContain('Comparer à la meilleure');
    expect(JSON.stringify(card.actions)).toContain('Ouvrir dans MLflow');
    expect(text).not.toMatch(/Finished|Params|Duration|lower is better/);
  });

  it('lists runs, compares two and answers an unknown run in French', async () => {
    const list = cardText(validCard(await sayFr('runs churn-model')));
    expect(list).toContain('Exécutions · churn-model');
    expect(list).toContain('métriques : rmse, accuracy · appuyez sur une exécution');
    expect(list).toContain('✖ Échec');
    const { baseline, xgbTuned } = seed.runs;
    const compare = cardText(
      validCard(await sayFr(`runs compare ${baseline.runId} ${xgbTuned.runId}`)),
    );
    expect(compare).toContain('Comparaison d’exécutions');
    expect(compare).toContain('−0,4 (B meilleure)');
    expect(replyText(await sayFr('run nope'))).toContain('MLflow n’a pas d’exécution « nope »');
  });
});

describe('view models from the real server', () => {
  it('match the snapshot (ids and times normalised)', async () => {
    const experiment = await mlflow.getExperimentByName('churn-model');
    const now = seed.t0 + 5 * 3_600_000;
    const list = await runsView(mlflow, DEFAULT_MLFLOW_SETTINGS, experiment, {
      filter: undefined,
      pageToken: undefined,
      page: 1,
      now,
    });
    const run = await runView(
      mlflow,
      DEFAULT_MLFLOW_SETTINGS,
      await mlflow.getRun(seed.runs.baseline.runId),
      now,
    );
    const ids = Object.entries(seed.runs).map(([name, r]) => [r.runId, `<${name}>`] as const);
    const normalise = (v: unknown) => {
      let s = JSON.stringify(v);
      for (const [id, label] of ids) s = s.replaceAll(id, label);
      s = s.replaceAll(server.url, '<mlflow>').replaceAll(`"${seed.churnId}"`, '"<churn>"');
      return JSON.parse(
        s.replace(/"(startTime|endTime)":(\d+)/g, (_, k: string, t: string) => {
          return `"${k}":"t0+${(Number(t) - seed.t0) / 60_000}m"`;
        }),
      ) as unknown;
    };
    expect(normalise(list)).toMatchSnapshot();
    expect(normalise(run)).toMatchSnapshot();
  });
});
