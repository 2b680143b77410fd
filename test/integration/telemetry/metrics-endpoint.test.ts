import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../support/bot-harness';

const TOKEN = 'scrape-token-0123456789';

const running: Harness[] = [];
afterEach(async () => {
  for (const h of running.splice(0)) await h.stop();
});
const start = async (env: Record<string, string> = {}) => {
  const h = await startHarness({ env: { LOG_LEVEL: 'warn', ...env } });
  running.push(h);
  return h;
};

describe('GET /metrics', () => {
  it('answers the Prometheus text format with the turns the bot handled', async () => {
    const h = await start({ METRICS_ENABLED: 'true' });
    expect((await h.send(h.a.personal('help'))).status).toBe(200);
    expect((await h.send(h.a.personal('no-such-command'))).status).toBe(200);
    const res = await h.request('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = String(res.body);
    expect(text).toContain('llmops_turns_total{command="help",outcome="ok"} 1');
    expect(text).toContain('llmops_turns_total{command="unknown",outcome="ok"} 1');
    expect(text).toContain('llmops_turn_duration_seconds_count{command="help"} 1');
    expect(text).toContain('llmops_outbox_depth 0');
    expect(text).toContain('llmops_operations_running 0');
    expect(text).toContain('process_resident_memory_bytes');
  });

  it('does not exist when METRICS_ENABLED is not set', async () => {
    const h = await start();
    expect((await h.request('GET', '/metrics')).status).toBe(404);
  });

  it('asks for the bearer token when METRICS_TOKEN is set', async () => {
    const h = await start({ METRICS_ENABLED: 'true', METRICS_TOKEN: TOKEN });
    const none = await h.request('GET', '/metrics');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(JSON.stringify(none.body)).not.toContain('llmops_');
    const wrong = await h.request('GET', '/metrics', undefined, {
      authorization: `Bearer ${TOKEN}x`,
    });
    expect(wrong.status).toBe(401);
    const right = await h.request('GET', '/metrics', undefined, {
      authorization: `Bearer ${TOKEN}`,
    });
    expect(right.status).toBe(200);
    expect(String(right.body)).toContain('# TYPE llmops_turns_total counter');
  });
});
