import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runCli, type CliIo } from '../../../src/cli';
import { readZip } from '../../support/read-zip';

function capture(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (text: string) => void (io.out += text),
    stderr: (text: string) => void (io.err += text),
  };
  return io;
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'cli-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

describe('runCli', () => {
  it('--help lists the subcommands and exits 0', async () => {
    const io = capture();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.out).toMatch(/^Usage: llmops-bot/);
    expect(io.out).toContain('manifest');
    expect(io.out).toContain('drift');
  });

  it('an unknown subcommand is a usage error (exit 2) that shows the help', async () => {
    const io = capture();
    expect(await runCli(['deploy'], io)).toBe(2);
    expect(io.err).toContain('Unknown command "deploy"');
    expect(io.err).toContain('Usage: llmops-bot');
  });

  it('manifest --out writes the package with the given bot id', async () => {
    const io = capture();
    const out = path.join(tmp, 'pkg.zip');
    const botId = '0f0e0d0c-0b0a-4909-8807-060504030201';
    expect(await runCli(['manifest', '--out', out, '--bot-id', botId], io)).toBe(0);
    expect(io.out).toContain(out);
    expect(readFileSync(out).includes(Buffer.from('manifest.json'))).toBe(true);
  });

  it('drift is wired to the drift command (its own help)', async () => {
    const io = capture();
    expect(await runCli(['drift', '--help'], io)).toBe(0);
    expect(io.out).toContain('llmops-bot drift --reference');
  });

  it('manifest needs only MicrosoftAppId from the environment (no password, no tenant)', async () => {
    const botId = '1a2b3c4d-0b0a-4909-8807-060504030201';
    vi.stubEnv('MicrosoftAppId', botId);
    vi.stubEnv('MicrosoftAppPassword', undefined);
    vi.stubEnv('MicrosoftAppTenantId', undefined);
    const io = capture();
    const out = path.join(tmp, 'env-only.zip');
    expect(await runCli(['manifest', '--out', out], io)).toBe(0);
    expect(io.err).toBe(''); // no placeholder-id warning: the id was read
    expect(io.out).toContain(`Wrote ${out}`);
  });

  it('manifest registers link unfurling for the configured hosts, without ports', async () => {
    vi.stubEnv('MLFLOW_TRACKING_URI', 'http://mlflow.contoso.com:5000');
    vi.stubEnv('DATABRICKS_HOST', 'https://adb-1.11.azuredatabricks.net');
    vi.stubEnv('UNFURL_DOMAINS', '*.contoso.com');
    vi.stubEnv('UNFURL_ENABLED', undefined);
    const io = capture();
    const out = path.join(tmp, 'unfurl.zip');
    const botId = '2a2b3c4d-0b0a-4909-8807-060504030201';
    expect(await runCli(['manifest', '--out', out, '--bot-id', botId], io)).toBe(0);
    const domains = ['mlflow.contoso.com', 'adb-1.11.azuredatabricks.net', '*.contoso.com'];
    expect(io.out).toContain(`Links of ${domains.join(', ')} unfurl.`);
    const entry = (await readZip(out)).find((e) => e.name === 'manifest.json');
    const manifest = JSON.parse(entry?.data?.toString('utf8') ?? '{}') as {
      composeExtensions: { botId: string; messageHandlers: { value: { domains: string[] } }[] }[];
    };
    expect(manifest.composeExtensions[0]?.botId).toBe(botId);
    expect(manifest.composeExtensions[0]?.messageHandlers[0]?.value.domains).toEqual(domains);
  });

  it('manifest rejects a bot id that is not a GUID with exit 1', async () => {
    const io = capture();
    const out = path.join(tmp, 'bad.zip');
    expect(await runCli(['manifest', '--out', out, '--bot-id', 'nope'], io)).toBe(1);
    expect(io.err).toContain('must be a GUID');
  });

  it('manifest --out without a value is a usage error', async () => {
    const io = capture();
    expect(await runCli(['manifest', '--out'], io)).toBe(2);
    expect(io.err).toContain('--out needs a value');
  });
});
