import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TokenCredential } from '@azure/core-auth';
import {
  KUDU_FAILED,
  KUDU_SUCCESS,
  KuduClient,
  type KuduDeployment,
} from '../../services/azure/kudu-client';
import { ServiceError } from '../../services/errors';
import { writeAppBundle } from './app-bundle';
import { step, type HostingContext } from './hosting-context';
import type { SiteHosts } from './hosting-web';

export interface DeployInput {
  /** The project folder holding dist/, package.json, the lockfile and node_modules. */
  readonly rootDir: string;
  readonly credential: TokenCredential;
  readonly hosts: SiteHosts;
  readonly timeoutMs: number;
}

/** Marks a deployment with the bundle's digest, so a re-run with the same build deploys nothing. */
export const buildMessage = (digest: string) => `llmops-bot build ${digest.slice(0, 16)}`;

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Zips the build (production dependencies only), publishes it unless the site already runs
 * exactly this build, waits for the deployment, then for the bot's /readyz.
 */
export async function deployBuild(ctx: HostingContext, input: DeployInput): Promise<void> {
  const kudu = new KuduClient({
    scmHost: input.hosts.scmHost,
    credential: input.credential,
    timeoutMs: input.timeoutMs,
    uploadTimeoutMs: Math.max(input.timeoutMs, 15 * 60_000),
  });
  const dir = await mkdtemp(path.join(tmpdir(), 'llmops-bundle-'));
  try {
    const bundle = await step(ctx, 'Build the app bundle', 'bundle', async () => {
      const written = await writeAppBundle({
        rootDir: input.rootDir,
        outFile: path.join(dir, 'app.zip'),
      });
      const mb = (written.bytes / 1_048_576).toFixed(1);
      return { value: written, created: true, detail: `${written.files} files, ${mb} MB` };
    });
    const message = buildMessage(await sha256(bundle.outFile));
    await step(ctx, `Deploy to ${input.hosts.scmHost}`, ctx.names.site, async () => {
      const latest = await kudu.latest();
      if (latest?.status === KUDU_SUCCESS && latest.message === message) {
        return { value: undefined, created: false, detail: 'this build is already running' };
      }
      const poll = await kudu.zipDeploy(bundle.outFile, message);
      const done = await waitForDeployment(ctx, kudu, poll);
      if (done.status !== KUDU_SUCCESS) {
        throw new ServiceError(
          'App Service',
          'server-error',
          `The deployment failed${done.status_text ? `: ${done.status_text}` : ''}. ` +
            `Its log: ${done.log_url ?? `https://${input.hosts.scmHost}/api/deployments/latest/log`}`,
        );
      }
      return { value: undefined, created: true, detail: 'deployed' };
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  await step(ctx, `Wait for https://${input.hosts.appHost}/readyz`, ctx.names.site, async () => {
    await waitForReady(ctx, input.hosts.appHost, input.timeoutMs);
    return { value: undefined, created: false, detail: 'ready' };
  });
}

async function waitForDeployment(
  ctx: HostingContext,
  kudu: KuduClient,
  poll: string,
): Promise<KuduDeployment> {
  const deadline = Date.now() + ctx.maxWaitMs;
  for (;;) {
    const d = await kudu.deployment(poll);
    if (d.complete || d.status === KUDU_SUCCESS || d.status === KUDU_FAILED) return d;
    if (Date.now() > deadline) {
      throw new ServiceError(
        'App Service',
        'timeout',
        'The deployment is still running; run again later.',
      );
    }
    await ctx.sleep(ctx.pollIntervalMs);
  }
}

/** Polls /readyz until 200: the app restarts after a deployment and migrates its store first. */
async function waitForReady(ctx: HostingContext, host: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + ctx.maxWaitMs;
  let last = 'no answer';
  for (;;) {
    try {
      const res = await fetch(`https://${host}/readyz`, { signal: AbortSignal.timeout(timeoutMs) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
      await res.body?.cancel();
    } catch {
      last = 'no answer';
    }
    if (Date.now() > deadline) {
      throw new ServiceError(
        'App Service',
        'timeout',
        `The bot did not become ready (last: ${last}). Check its log stream in the portal.`,
      );
    }
    await ctx.sleep(ctx.pollIntervalMs);
  }
}
