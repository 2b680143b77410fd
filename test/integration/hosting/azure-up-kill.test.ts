import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostingTestEnv, type HostingTestEnv } from '../../fakes/fake-arm/hosting-test-env';
import { fixtureProject } from '../../support/hosting-fixture';

const BIN = path.resolve(__dirname, '../../../bin/llmops-bot.js');
const SUB = '00000000-0000-0000-0000-000000000001';
const ARGS = [
  ...['azure', 'up', '--subscription', SUB, '--resource-group', 'rg-kill-bot'],
  ...['--location', 'swedencentral', '--name', 'kill', '--yes'],
];
const SERVER_POLL = /Microsoft\.DBforPostgreSQL\/locations\/[^/]+\/operation(Statuses|Results)\//i;

/** The built CLI (bin → dist), as an operator runs it, against the fakes. */
function cli(env: HostingTestEnv, project: string, cwd: string, timeoutMs = 5_000) {
  const child = spawn(process.execPath, [BIN, ...ARGS, '--project', project], {
    cwd, // no .env of the developer's checkout
    env: {
      ...process.env,
      AZURE_ARM_ENDPOINT: env.fake.url,
      AZURE_LRO_POLL_INTERVAL_MS: '20',
      HTTP_TIMEOUT_MS: String(timeoutMs),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => out };
}

describe('azure up killed mid-step (SIGKILL of the CLI), then run again', () => {
  let env: HostingTestEnv;
  let project: string;
  let cwd: string;
  beforeAll(async () => {
    env = await startHostingTestEnv();
    project = fixtureProject();
    cwd = mkdtempSync(path.join(tmpdir(), 'llmops-kill-'));
  });
  afterAll(async () => {
    await env.stop();
    rmSync(project, { recursive: true, force: true });
    rmSync(cwd, { recursive: true, force: true });
  });

  it('finishes on the second run with one PUT per resource', async () => {
    // The first poll of PostgreSQL's create never answers: the run is mid-step for as long as the
    // test needs, however slow the machine (its own deadline is set far beyond the test's).
    env.fake.inject({ method: 'GET', path: SERVER_POLL, status: 200, stall: 'no-answer' });
    const first = cli(env, project, cwd, 120_000);
    const polled = () =>
      env.fake.requests.some((r) => r.method === 'GET' && SERVER_POLL.test(r.path));
    for (let i = 0; i < 600 && !polled(); i++) await new Promise((r) => setTimeout(r, 100));
    expect(polled()).toBe(true);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    // Killed mid-step: the server exists and is still being created.
    expect(env.fake.inventory().postgresServers).toEqual(['rg-kill-bot/psql-kill:Provisioning']);

    const second = cli(env, project, cwd);
    expect(await second.exited, second.output()).toBe(0);
    expect(second.output()).toContain('The bot runs at https://');
    const perPath = new Map<string, number>();
    for (const r of env.fake.requests.filter((q) => q.method === 'PUT')) {
      perPath.set(r.path.toLowerCase(), (perPath.get(r.path.toLowerCase()) ?? 0) + 1);
    }
    expect([...perPath.entries()].filter(([, n]) => n > 1)).toEqual([]);
    expect(env.kudu.deployments).toHaveLength(1);
  }, 120_000);
});
