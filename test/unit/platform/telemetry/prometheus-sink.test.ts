import { describe, expect, it } from 'vitest';
import { PrometheusSink } from '../../../../src/platform/telemetry/prometheus-sink';
import { METRICS } from '../../../../src/platform/telemetry/telemetry';

const sink = () => new PrometheusSink({ defaultMetrics: false });

/** The sample lines of the text format (no # HELP / # TYPE). */
const samples = (text: string) => text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));

describe('PrometheusSink', () => {
  it('writes turns as a counter by command and outcome, and their latency as a histogram', async () => {
    const s = sink();
    s.turn('help', 'ok', 0.2);
    s.turn('help', 'ok', 0.3);
    s.turn('deploy', 'error', 7);
    const text = await s.text();
    expect(s.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(text).toContain('# TYPE llmops_turns_total counter');
    expect(samples(text)).toEqual(
      expect.arrayContaining([
        'llmops_turns_total{command="help",outcome="ok"} 2',
        'llmops_turns_total{command="deploy",outcome="error"} 1',
        'llmops_turn_duration_seconds_bucket{le="0.25",command="help"} 1',
        'llmops_turn_duration_seconds_bucket{le="0.5",command="help"} 2',
        'llmops_turn_duration_seconds_count{command="help"} 2',
        'llmops_turn_duration_seconds_sum{command="deploy"} 7',
      ]),
    );
  });

  it('counts 429s by service and records the scheduler lag in seconds', async () => {
    const s = sink();
    s.throttled('teams');
    s.throttled('teams');
    s.throttled('arm');
    s.schedulerLag(1.5);
    const lines = samples(await s.text());
    expect(lines).toEqual(
      expect.arrayContaining([
        'llmops_throttled_total{service="teams"} 2',
        'llmops_throttled_total{service="arm"} 1',
        'llmops_scheduler_lag_seconds_bucket{le="1"} 0',
        'llmops_scheduler_lag_seconds_bucket{le="2"} 1',
        'llmops_scheduler_lag_seconds_count 1',
      ]),
    );
  });

  it('reads gauges at each scrape, and a failing or hanging read gives NaN without failing it', async () => {
    const s = sink();
    let depth = 3;
    s.gauge('outboxDepth', () => Promise.resolve(depth));
    s.gauge('operationsRunning', () => Promise.reject(new Error('store down')));
    s.gauge('outboxOldestAge', () => new Promise<number>(() => undefined));
    const started = Date.now();
    // prom-client spells NaN "Nan"; Prometheus parses either (case-insensitive).
    expect(samples(await s.text())).toEqual(
      expect.arrayContaining([
        'llmops_outbox_depth 3',
        'llmops_operations_running Nan',
        'llmops_outbox_oldest_pending_age_seconds Nan',
      ]),
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    depth = 0;
    expect(samples(await s.text())).toContain('llmops_outbox_depth 0');
  });

  it('declares every metric of the catalog, each under its own name', async () => {
    const s = sink();
    for (const name of ['outboxDepth', 'outboxOldestAge', 'operationsRunning'] as const) {
      s.gauge(name, () => Promise.resolve(0));
    }
    const text = await s.text();
    for (const spec of Object.values(METRICS)) expect(text).toContain(`# HELP ${spec.name} `);
  });

  it('keeps its metrics apart from another registry (one per bot, not the global one)', async () => {
    const a = sink();
    const b = sink();
    a.throttled('arm');
    expect(await b.text()).not.toContain('service="arm"');
  });
});
