import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DefaultAzureCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runAzureCommand, type AzureCommandIo } from '../../../src/cli/azure-command';
import { loadConfig } from '../../../src/config';
import { startHostingTestEnv, type HostingTestEnv } from '../../fakes/fake-arm/hosting-test-env';
import { fixtureProject } from '../../support/hosting-fixture';

function io(env: HostingTestEnv, root: string) {
  const out: string[] = [];
  const err: string[] = [];
  const packages: string[] = [];
  const value: AzureCommandIo & { out: string[]; err: string[]; packages: string[] } = {
    out,
    err,
    packages,
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    tty: false,
    ask: () => Promise.resolve('n'),
    config: () =>
      loadConfig({
        NODE_ENV: 'test',
        AZURE_ARM_ENDPOINT: env.fake.url,
        AZURE_LRO_POLL_INTERVAL_MS: '5',
        HTTP_TIMEOUT_MS: '5000',
      }),
    azureCredential: () => new DefaultAzureCredential(),
    rootDir: root,
    writeTeamsPackage: (botId) => {
      packages.push(botId);
      return Promise.resolve(path.join(root, 'app-package.zip'));
    },
    pollIntervalMs: 5,
  };
  return value;
}

const PG_POLL = /Microsoft\.DBforPostgreSQL\/locations\/[^/]+\/operation(Statuses|Results)\//i;
const SUB = '00000000-0000-0000-0000-000000000001';
const args = (action: 'up' | 'down', ...extra: string[]) => [
  action,
  '--subscription',
  SUB,
  '--resource-group',
  'rg-contoso-bot',
  '--location',
  'Sweden Central',
  '--name',
  'contoso',
  ...extra,
];

/** Writes ARM saw (PUT/PATCH/DELETE, and POSTs other than listings and name checks). */
const writes = (env: HostingTestEnv, from = 0) =>
  env.fake.requests
    .slice(from)
    .filter(
      (r) =>
        !['GET', 'HEAD'].includes(r.method) &&
        !(r.method === 'POST' && /\/(list|checknameavailability)$/i.test(r.path)),
    );

describe('llmops-bot azure up / down against the fake ARM and Kudu', () => {
  let env: HostingTestEnv;
  let root: string;

  beforeAll(async () => {
    env = await startHostingTestEnv({ principalReplicationCalls: 2 });
    root = fixtureProject();
  });
  afterAll(async () => {
    await env.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('--dry-run prints the plan with a monthly cost and writes nothing', async () => {
    const cli = io(env, root);
    expect(await runAzureCommand(args('up', '--dry-run'), cli)).toBe(0);
    const text = cli.out.join('');
    expect(text).toMatch(/create\s+PostgreSQL\s+psql-contoso\s+B1ms Burstable/);
    // Fits an 80-column terminal.
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(text).toMatch(/create\s+Web app\s+app-contoso/);
    expect(text).toMatch(/Monthly cost, about \$\d+\.\d\d/);
    expect(text).toContain('Dry run: nothing was changed.');
    expect(writes(env)).toEqual([]);
  });

  it('asks first, and without a terminal refuses to go on without --yes', async () => {
    const cli = io(env, root);
    expect(await runAzureCommand(args('up'), cli)).toBe(1);
    expect(cli.err.join('')).toContain('Add --yes');
    expect(writes(env)).toEqual([]);
  });

  it('up creates everything, deploys the build, and says what is left to do by hand', async () => {
    const cli = io(env, root);
    const code = await runAzureCommand(args('up', '--yes'), cli);
    const text = cli.out.join('');
    expect(cli.err.join(''), text).toBe('');
    expect(code).toBe(0);
    const inv = env.fake.inventory();
    expect(JSON.stringify(inv)).toContain('psql-contoso');
    expect(env.kudu.deployments).toHaveLength(1);
    const deployed = env.kudu.deployments[0];
    expect(deployed?.valid).toBe(true);
    expect(deployed?.files).toContain('node_modules/a/index.js');
    expect(deployed?.files).not.toContain('node_modules/dev-only/package.json');
    expect(env.kudu.running).toBe(true);
    const { web, bot } = env.clients();
    const settings = (await web.webApps.listApplicationSettings('rg-contoso-bot', 'app-contoso'))
      .properties;
    expect(settings).toMatchObject({
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppId: cli.packages[0],
      AZURE_CLIENT_ID: cli.packages[0],
      DATABASE_AUTH: 'entra',
      // The host comes from ARM's fullyQualifiedDomainName, never from a DNS suffix.
      DATABASE_URL: 'postgres://id-contoso@127.0.0.1:5432/llmops?sslmode=require',
      HOST: '0.0.0.0',
      ENVIRONMENT_NAME: 'contoso',
    });
    expect(settings?.APPLICATIONINSIGHTS_CONNECTION_STRING).toContain('InstrumentationKey=');
    expect(Object.keys(settings ?? {}).join(' ')).not.toMatch(/PASSWORD|SECRET/i);
    const registered = await bot.bots.get('rg-contoso-bot', 'bot-contoso');
    expect(registered.properties?.msaAppType).toBe('UserAssignedMSI');
    // The bot id in the Teams package is the identity's client id (UserAssignedMSI).
    expect(cli.packages).toHaveLength(1);
    expect(text).toContain(`bot id ${cli.packages[0]}`);
    expect(text).toContain(`https://${env.kudu.appHost}/api/messages`);
    expect(text).toMatch(/Upload a custom\s+app/);
    // No token, key or connection string reaches the terminal.
    expect(text).not.toMatch(/InstrumentationKey|fake-mi\.|Bearer/);
  });

  it('a second up changes nothing and deploys nothing (same build)', async () => {
    const before = env.fake.requests.length;
    const cli = io(env, root);
    expect(await runAzureCommand(args('up', '--yes'), cli)).toBe(0);
    expect(writes(env, before)).toEqual([]);
    expect(env.kudu.deployments).toHaveLength(1);
    expect(cli.out.join('')).toContain('this build is already running');
  });

  it('a new build is deployed by running up again', async () => {
    writeFileSync(path.join(root, 'dist/src/index.js'), 'console.log("bot v2");\n');
    const cli = io(env, root);
    expect(await runAzureCommand(args('up', '--yes'), cli)).toBe(0);
    expect(env.kudu.deployments).toHaveLength(2);
  });

  it('down deletes what up made and proves nothing is left', async () => {
    const cli = io(env, root);
    expect(await runAzureCommand(args('down', '--yes'), cli)).toBe(0);
    expect(cli.out.join('')).toContain('Nothing is left');
    expect(env.fake.isEmpty(), JSON.stringify(env.fake.inventory())).toBe(true);
  });
});

describe('azure up after an interrupted run', () => {
  let env: HostingTestEnv;
  let root: string;
  beforeAll(async () => {
    env = await startHostingTestEnv();
    root = fixtureProject();
  });
  afterAll(async () => {
    await env.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('fails mid-way with a clear message, then finishes with one PUT per resource', async () => {
    // PostgreSQL's create is accepted, then its status polls fail until the run gives up.
    // One poll and its three retries fail: the SDK gives up and the run stops there.
    env.fake.inject({ method: 'GET', path: PG_POLL, status: 500, times: 4 });
    const first = io(env, root);
    expect(await runAzureCommand(args('up', '--yes'), first)).toBe(1);
    expect(first.err.join('')).toContain('run the same command again');
    const second = io(env, root);
    const code = await runAzureCommand(args('up', '--yes'), second);
    expect(second.err.join(''), second.out.join('')).toBe('');
    expect(code).toBe(0);
    const puts = writes(env).filter((r) => r.method === 'PUT');
    const perPath = new Map<string, number>();
    for (const r of puts)
      perPath.set(r.path.toLowerCase(), (perPath.get(r.path.toLowerCase()) ?? 0) + 1);
    expect([...perPath.entries()].filter(([, n]) => n > 1)).toEqual([]);
  });
});

describe('azure up input and conflicts', () => {
  let env: HostingTestEnv;
  let root: string;
  beforeAll(async () => {
    env = await startHostingTestEnv({ takenNames: { sites: ['app-contoso'] } });
    root = fixtureProject();
  });
  afterAll(async () => {
    await env.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('a global name taken elsewhere stops the run before anything is created', async () => {
    const cli = io(env, root);
    expect(await runAzureCommand(args('up', '--yes'), cli)).toBe(1);
    expect(cli.out.join('')).toMatch(/TAKEN\s+Web app\s+app-contoso/);
    expect(cli.out.join('')).toContain('app-contoso is taken in Azure');
    expect(cli.err.join('')).toContain('choose another --name');
    expect(writes(env)).toEqual([]);
  });

  it('a name taken between the plan and the create is still explained', async () => {
    // Someone takes the bot's handle after the plan was read: the create answers the conflict.
    const cli = io(env, root);
    env.fake.state.hosting.taken.sites.delete('app-contoso');
    env.fake.inject({
      method: 'PUT',
      path: /botServices\/bot-contoso$/i,
      status: 400,
      times: 1,
      body: {
        error: {
          code: 'InvalidBotData',
          message: 'The bot name is already registered to another bot application.',
        },
      },
    });
    expect(await runAzureCommand(args('up', '--yes'), cli)).toBe(1);
    expect(cli.err.join('')).toMatch(/bot-contoso is taken in Azure.*another --name/s);
  });

  it('bad arguments get the syntax and exit 2, before anything is read', async () => {
    const cli = io(env, root);
    const before = env.fake.requests.length;
    expect(
      await runAzureCommand(
        ['up', '--subscription', SUB, '--name', 'X!', '--resource-group', 'rg', '--location', 'x'],
        cli,
      ),
    ).toBe(2);
    expect(cli.err.join('')).toContain('--name "X!" cannot be used');
    const labGroup = io(env, root);
    expect(
      await runAzureCommand(
        [
          'up',
          '--subscription',
          SUB,
          '--name',
          'contoso',
          '--resource-group',
          'rg-contoso',
          '--location',
          'x',
        ],
        labGroup,
      ),
    ).toBe(2);
    expect(labGroup.err.join('')).toContain('the bot must not live in it');
    expect(env.fake.requests.length).toBe(before);
  });
});

vi.setConfig({ testTimeout: 60_000 });
