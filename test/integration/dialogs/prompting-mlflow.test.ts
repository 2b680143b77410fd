import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpMlflowService } from '../../../src/services/mlflow/http-mlflow-service';
import { fakeEcho, startFakeOpenAI, type FakeOpenAI } from '../../fakes/fake-openai';
import { cardOf, cardText, startHarness, type Harness } from '../../support/bot-harness';
import { CARD_BYTE_LIMIT, checkCard } from '../../support/card-validator';
import {
  MLFLOW_SETUP_TIMEOUT_MS,
  startMlflowServer,
  type MlflowTestServer,
} from '../../support/mlflow-server';

const AZURE_KEY = 'aoai-key-prompting-mlflow';
const SUITES = path.resolve(__dirname, '..', '..', 'fixtures', 'prompt-suites');

let mlflowServer: MlflowTestServer;
let fakeAI: FakeOpenAI;
const harnesses: Harness[] = [];
let seq = 0;

beforeAll(async () => {
  mlflowServer = await startMlflowServer();
  fakeAI = await startFakeOpenAI({ azureApiKey: AZURE_KEY });
  fakeAI.respondWith(/give json/, '{"status":"ok"}');
}, MLFLOW_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await fakeAI?.close();
  await mlflowServer?.stop();
});

afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.stop();
});

async function bot(
  trackingUri: string,
  experiment: string,
  extraEnv: Record<string, string> = {},
): Promise<Harness> {
  const h = await startHarness({
    env: {
      ...extraEnv,
      AZURE_OPENAI_ENDPOINT: fakeAI.url,
      AZURE_OPENAI_API_KEY: AZURE_KEY,
      AZURE_OPENAI_DEPLOYMENT: 'chat',
      MLFLOW_TRACKING_URI: trackingUri,
      MLFLOW_PROMPTING_EXPERIMENT: experiment,
      PROMPT_SUITES_DIR: extraEnv.PROMPT_SUITES_DIR ?? SUITES,
    },
  });
  harnesses.push(h);
  return h;
}

async function say(h: Harness, text: string): Promise<Record<string, unknown>> {
  const before = h.connector.requests.length;
  await h.send(h.a.personal(text));
  const reply = (await h.connector.waitFor(before + 1))[before]?.body;
  if (!reply) throw new Error('no reply');
  return reply;
}

const mlflow = () => new HttpMlflowService({ baseUrl: mlflowServer.url });

async function runsOf(experiment: string) {
  const exp = await mlflow().getExperimentByName(experiment);
  return (await mlflow().searchRuns({ experimentIds: [exp.experimentId] })).items;
}

/** An address nothing listens on: MLflow "down". */
async function closedPort(): Promise<string> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

describe('MLflow logging of prompting', () => {
  it('`test <suite>` logs a run with pass rate, latency percentiles, tokens and the case table', async () => {
    const experiment = `prompting-${process.pid}-${++seq}`;
    const h = await bot(mlflowServer.url, experiment);
    const card = cardOf(await say(h, 'test mixed'));
    const check = checkCard(card ?? {});
    expect(check.events).toEqual([]);
    expect(check.bytes).toBeLessThanOrEqual(CARD_BYTE_LIMIT);
    expect(JSON.stringify(card)).toContain('Open MLflow run');

    const [run, ...more] = await runsOf(experiment);
    expect(more).toEqual([]);
    expect(run?.info.status).toBe('FINISHED');
    const metrics = Object.fromEntries(run?.metrics.map((m) => [m.key, m.value]) ?? []);
    expect(metrics.pass_rate).toBe(0.5);
    expect(metrics.cases).toBe(4);
    expect(metrics.total_tokens).toBeGreaterThan(0);
    expect(metrics.p95_latency_ms).toBeGreaterThanOrEqual(metrics.p50_latency_ms ?? Infinity);
    expect(run?.tags.find((t) => t.key === 'suite')?.value).toBe('mixed');
    const uri = run?.info.artifactUri?.replace(/^mlflow-artifacts:\/+/, '') ?? '';
    const res = await fetch(
      `${mlflowServer.url}/api/2.0/mlflow-artifacts/artifacts/${uri}/suite-cases.json`,
    );
    const cases = (await res.json()) as { caseId: string; pass: boolean }[];
    expect(cases.map((c) => `${c.caseId}:${c.pass}`)).toEqual([
      'echo-passes:true',
      'json-passes:true',
      'contains-fails:false',
      'filtered-fails:false',
    ]);
  });

  it('a graded suite logs the grader reasons per case and counts ungraded apart', async () => {
    const experiment = `prompting-${process.pid}-${++seq}`;
    const dir = mkdtempSync(path.join(tmpdir(), 'llmops-graded-mlflow-'));
    writeFileSync(
      path.join(dir, 'graded.yaml'),
      [
        'cases:',
        '  - { id: unjudged, input: experiments tracking?, assert: [llm-rubric: experiments tracking] }',
        '  - { id: judged, input: experiments tracking?, assert: [llm-rubric: experiments tracking] }',
        '',
      ].join('\n'),
    );
    try {
      const h = await bot(mlflowServer.url, experiment, {
        PROMPT_SUITES_DIR: dir,
        SUITE_GRADER_TARGET: 'azure',
      });
      fakeAI.graderFaultNext({ kind: 'malformed' });
      await say(h, 'test graded');
      const [run] = await runsOf(experiment);
      const metrics = Object.fromEntries(run?.metrics.map((m) => [m.key, m.value]) ?? []);
      expect([metrics.pass_rate, metrics.ungraded]).toEqual([0.5, 1]);
      const uri = run?.info.artifactUri?.replace(/^mlflow-artifacts:\/+/, '') ?? '';
      const res = await fetch(
        `${mlflowServer.url}/api/2.0/mlflow-artifacts/artifacts/${uri}/suite-cases.json`,
      );
      expect(await res.json()).toMatchObject([
        {
          caseId: 'unjudged',
          status: 'ungraded',
          ungraded: [expect.stringContaining('the grader did not answer in JSON') as unknown],
        },
        {
          caseId: 'judged',
          status: 'pass',
          graderNotes: ['llm-rubric (score 1.00): The output covers every point of the rubric.'],
        },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a chat session is one run with latency and token series, continued across a restart', async () => {
    const experiment = `prompting-${process.pid}-${++seq}`;
    const h = await bot(mlflowServer.url, experiment);
    await say(h, 'chat Be brief.');
    expect(String((await say(h, 'first question')).text)).toBe(fakeEcho('chat', 'first question'));
    await say(h, 'second question');
    await h.restart();
    expect(String((await say(h, 'third question')).text)).toBe(fakeEcho('chat', 'third question'));
    await say(h, 'chat end');

    const [run, ...more] = await runsOf(experiment);
    expect(more).toEqual([]);
    expect(run?.info.status).toBe('FINISHED');
    expect(run?.tags.find((t) => t.key === 'llmops_kind')?.value).toBe('chat');
    expect(run?.params.find((p) => p.key === 'system_prompt')?.value).toBe('Be brief.');
    const runId = run?.info.runId ?? '';
    const latency = await mlflow().getMetricHistory(runId, 'latency_ms');
    expect(latency.map((p) => p.step)).toEqual([0, 1, 2]);
    const tokens = await mlflow().getMetricHistory(runId, 'total_tokens');
    expect(tokens.map((p) => p.step)).toEqual([0, 1, 2]);
    expect(tokens.every((p) => p.value > 0)).toBe(true);
  });

  it('MLflow unreachable: answers still arrive, and the failure is noted once', async () => {
    const h = await bot(await closedPort(), 'never-created');
    await say(h, 'chat');
    const first = String((await say(h, 'hello there')).text);
    const second = String((await say(h, 'and again')).text);
    expect(first).toContain(fakeEcho('chat', 'hello there'));
    expect(first).toContain('MLflow logging failed');
    expect(second).toBe(fakeEcho('chat', 'and again'));
    const suite = cardOf(await say(h, 'test mixed'));
    expect(cardText(suite)).toContain('Prompt suite: mixed');
    expect(cardText(suite)).not.toContain('MLflow logging failed');
    expect(h.logs.filter((l) => l.level >= 50)).toEqual([]);
  });
});
