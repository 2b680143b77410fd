import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeIngestion, type Envelope, type FakeIngestion } from '../../fakes/fake-ingestion';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/fake-openai';
import { startHarness, type Harness } from '../../support/bot-harness';

/** Words that must never reach Application Insights: what the user typed, what the model said. */
const TYPED = 'zebra-quartz-4471';
const PROMPT = 'walrus-prompt-8812';
const ANSWER = 'ANSWER-okapi-3390';
const AZURE_KEY = 'aoai-KEY-never-exported-5d1e';

/**
 * The exporter's internal singletons that would call Microsoft endpoints: the OneSettings poller
 * and statsbeat. Read from the library's files because nothing public exposes them; if a new
 * version moves them, this fails, and the bot's way of stopping them needs a look too.
 */
function exporterInternals(): { settingsPolling: boolean; statsbeatStarted: boolean } {
  const distro = require.resolve('@azure/monitor-opentelemetry');
  const root = path.dirname(
    require.resolve('@azure/monitor-opentelemetry-exporter', { paths: [distro] }),
  );
  const { ConfigurationManager } = require(
    path.join(root, '_configuration', 'configurationManager.js'),
  ) as { ConfigurationManager: { getInstance(): { worker?: unknown } } };
  const { StatsbeatManager } = require(
    path.join(root, 'export', 'statsbeat', 'statsbeatManager.js'),
  ) as { StatsbeatManager: { getInstance(): { networkMetrics?: unknown; options?: unknown } } };
  const statsbeat = StatsbeatManager.getInstance();
  return {
    settingsPolling: ConfigurationManager.getInstance().worker !== undefined,
    statsbeatStarted: statsbeat.options !== undefined || statsbeat.networkMetrics !== undefined,
  };
}

let internalsWhileRunning: ReturnType<typeof exporterInternals>;
let ingestion: FakeIngestion;
let model: FakeOpenAI;
let h: Harness;

const baseData = (e: Envelope) => e.data?.baseData ?? {};
const props = (e: Envelope) => (baseData(e).properties ?? {}) as Record<string, unknown>;
const turnOf = (command: string) =>
  ingestion.envelopes.find((e) => props(e)['llmops.command'] === command);
const childrenOf = (parent: Envelope | undefined) =>
  ingestion.envelopes.filter(
    (e) =>
      e.data?.baseType === 'RemoteDependencyData' &&
      parent !== undefined &&
      e.tags?.['ai.operation.parentId'] === baseData(parent).id,
  );
/** Each metric point sent: name and dimensions. */
const metricPoints = () =>
  ingestion.envelopes
    .filter((e) => e.data?.baseType === 'MetricData')
    .flatMap((e) =>
      ((baseData(e).metrics ?? []) as { name: string; value: number }[]).map((m) => ({
        name: m.name,
        value: m.value,
        dimensions: props(e),
      })),
    );

beforeAll(async () => {
  ingestion = await startFakeIngestion();
  model = await startFakeOpenAI({ azureApiKey: AZURE_KEY });
  model.respondWith(new RegExp(PROMPT), ANSWER);
  h = await startHarness({
    env: {
      APPLICATIONINSIGHTS_CONNECTION_STRING: ingestion.connectionString,
      AZURE_OPENAI_ENDPOINT: model.url,
      AZURE_OPENAI_API_KEY: AZURE_KEY,
      AZURE_OPENAI_DEPLOYMENT: 'chat',
      LLM_MAX_RETRY_WAIT_MS: '5000',
      LOG_LEVEL: 'warn',
    },
  });
  internalsWhileRunning = exporterInternals();
  // A command, text that is no command (the user's words), and a model call throttled once.
  expect((await h.send(h.a.personal('help'))).status).toBe(200);
  expect((await h.send(h.a.personal(`tell me about ${TYPED}`))).status).toBe(200);
  model.rateLimitNext(1, 0);
  expect((await h.send(h.a.personal(`ask ${PROMPT}`))).status).toBe(200);
  expect((await h.send(h.a.personal('status'))).status).toBe(200);
  await h.connector.waitFor(4);
  // Stopping the bot flushes the exporter: the spans and a last collection of the metrics.
  await h.stopBot();
});
afterAll(async () => {
  await h.stop();
  await model.close();
  await ingestion.close();
});

describe('Application Insights export', () => {
  it('sends each turn as a span with its command, outcome and duration', () => {
    const help = turnOf('help');
    expect(help, JSON.stringify(ingestion.envelopes.map((e) => e.name))).toBeDefined();
    expect(['RequestData', 'RemoteDependencyData']).toContain(help?.data?.baseType);
    expect(baseData(help!).name).toBe('turn help');
    expect(props(help!)['llmops.outcome']).toBe('ok');
    expect(Number(props(help!)['llmops.duration_ms'])).toBeGreaterThanOrEqual(0);
    expect(turnOf('unknown')).toBeDefined();
    expect(turnOf('ask')).toBeDefined();
  });

  it('sends the Bot Connector reply as a child of the turn span', () => {
    expect(childrenOf(turnOf('help')).map((e) => String(baseData(e).data))).toEqual([
      expect.stringContaining('/v3/conversations/'),
    ]);
  });

  it('sends each model call as a child of its turn, without the query string', () => {
    const calls = childrenOf(turnOf('ask')).filter((e) => props(e)['llmops.service'] === 'llm');
    expect(calls.map((e) => baseData(e).resultCode)).toEqual(['429', '200']);
    for (const call of calls) {
      expect(String(baseData(call).data)).toMatch(
        /\/openai\/deployments\/chat\/chat\/completions$/,
      );
    }
  });

  it("sends the calls of status's connection checks as children of its turn", () => {
    const probes = childrenOf(turnOf('status')).filter((e) => props(e)['llmops.service'] === 'llm');
    expect(probes.length).toBeGreaterThan(0);
  });

  it('sends the metrics under the same names as /metrics', () => {
    const points = metricPoints();
    const names = points.map((p) => p.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'llmops_turns_total',
        'llmops_turn_duration_seconds',
        'llmops_outbox_depth',
        'llmops_outbox_oldest_pending_age_seconds',
        'llmops_operations_running',
      ]),
    );
    expect(points).toContainEqual({
      name: 'llmops_turns_total',
      value: 1,
      dimensions: { command: 'help', outcome: 'ok' },
    });
    expect(points).toContainEqual({
      name: 'llmops_throttled_total',
      value: 1,
      dimensions: { service: 'llm' },
    });
  });

  it('never sends what the user typed, the prompt, the answer or a key', () => {
    const sent = ingestion.bodies.join('\n');
    expect(ingestion.bodies.length).toBeGreaterThan(0);
    for (const text of [TYPED, PROMPT, ANSWER, AZURE_KEY]) expect(sent).not.toContain(text);
  });

  it('calls nothing on the ingestion host but the track endpoint', () => {
    expect(ingestion.strayPaths).toEqual([]);
  });

  it('runs neither the remote settings poller nor statsbeat (Microsoft endpoints)', () => {
    expect(internalsWhileRunning).toEqual({ settingsPolling: false, statsbeatStarted: false });
  });
});
