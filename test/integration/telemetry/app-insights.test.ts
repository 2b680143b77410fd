import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeIngestion, type Envelope, type FakeIngestion } from '../../fakes/fake-ingestion';
import { startHarness, type Harness } from '../../support/bot-harness';

/** A phrase that must never reach Application Insights: it is what the user typed. */
const SECRET_WORDS = 'zebra-quartz-4471';

let ingestion: FakeIngestion;
let h: Harness;

const props = (e: Envelope) => (e.data?.baseData?.properties ?? {}) as Record<string, unknown>;
const metricNames = (envelopes: Envelope[]) =>
  envelopes
    .filter((e) => e.data?.baseType === 'MetricData')
    .flatMap((e) => ((e.data?.baseData?.metrics ?? []) as { name: string }[]).map((m) => m.name));

beforeAll(async () => {
  ingestion = await startFakeIngestion();
  h = await startHarness({
    env: { APPLICATIONINSIGHTS_CONNECTION_STRING: ingestion.connectionString, LOG_LEVEL: 'warn' },
  });
  // Two turns: a command, and text that is no command (its words are the user's).
  expect((await h.send(h.a.personal('help'))).status).toBe(200);
  expect((await h.send(h.a.personal(`tell me about ${SECRET_WORDS}`))).status).toBe(200);
  await h.connector.waitFor(2);
  // Stopping the bot flushes the exporter: the spans and a last collection of the metrics.
  await h.stopBot();
});
afterAll(async () => {
  await h.stop();
  await ingestion.close();
});

describe('Application Insights export', () => {
  it('sends each turn as a span with its command, outcome and duration', () => {
    const turns = ingestion.envelopes.filter((e) => props(e)['llmops.command'] !== undefined);
    const help = turns.find((e) => props(e)['llmops.command'] === 'help');
    expect(help, JSON.stringify(ingestion.envelopes.map((e) => e.name))).toBeDefined();
    expect(['RequestData', 'RemoteDependencyData']).toContain(help?.data?.baseType);
    expect(props(help!)['llmops.outcome']).toBe('ok');
    expect(Number(props(help!)['llmops.duration_ms'])).toBeGreaterThanOrEqual(0);
    expect(turns.some((e) => props(e)['llmops.command'] === 'unknown')).toBe(true);
  });

  it('sends the Bot Connector reply as a child of the turn span', () => {
    const help = ingestion.envelopes.find((e) => props(e)['llmops.command'] === 'help');
    const turnId = help?.data?.baseData?.id;
    const children = ingestion.envelopes.filter(
      (e) =>
        e.data?.baseType === 'RemoteDependencyData' && e.tags?.['ai.operation.parentId'] === turnId,
    );
    expect(children.map((e) => String(e.data?.baseData?.data))).toEqual([
      expect.stringContaining('/v3/conversations/'),
    ]);
  });

  it('sends the turn metrics under the same names as /metrics', () => {
    const names = metricNames(ingestion.envelopes);
    expect(names).toEqual(
      expect.arrayContaining([
        'llmops_turns_total',
        'llmops_turn_duration_seconds',
        'llmops_outbox_depth',
        'llmops_outbox_oldest_pending_age_seconds',
        'llmops_operations_running',
      ]),
    );
  });

  it('never sends what the user typed, and calls nothing but the track endpoint', () => {
    expect(ingestion.bodies.length).toBeGreaterThan(0);
    expect(ingestion.bodies.join('\n')).not.toContain(SECRET_WORDS);
    expect(ingestion.strayPaths).toEqual([]);
  });
});
