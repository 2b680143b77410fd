import { execFile, spawn, type ChildProcess } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * The MLflow release the tests run against. 3.18.0 is listed on PyPI but its companion
 * `mlflow-skinny==3.18.0` is not, so `pip install mlflow==3.18.0` cannot resolve; 3.17.2 is the
 * newest release that installs. The full `mlflow` package is needed: `mlflow-skinny` has no
 * `mlflow server` (no SQLAlchemy store, no UI app).
 */
export const MLFLOW_VERSION = '3.17.2';

const run = promisify(execFile);
const REPO = path.resolve(__dirname, '..', '..');
const CACHE = path.join(REPO, '.cache');
const VENV = path.join(CACHE, 'mlflow-venv');
const MARKER = path.join(VENV, `.installed-mlflow-${MLFLOW_VERSION}`);
const LOCK = path.join(CACHE, 'mlflow-venv.lock');
const INSTALL_TIMEOUT_MS = 15 * 60_000;
const START_TIMEOUT_MS = 120_000;

/** Generous timeout for a beforeAll that may install the venv on a fresh machine. */
export const MLFLOW_SETUP_TIMEOUT_MS = INSTALL_TIMEOUT_MS + START_TIMEOUT_MS;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function lockIsStale(): boolean {
  try {
    const pid = Number(readFileSync(LOCK, 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) return true;
    process.kill(pid, 0);
    return false;
  } catch (err) {
    // ESRCH: the installer died; EPERM: alive but not ours; ENOENT: lock gone.
    return (err as NodeJS.ErrnoException).code !== 'EPERM';
  }
}

async function install(): Promise<void> {
  rmSync(VENV, { recursive: true, force: true });
  await run('python3', ['-m', 'venv', VENV], { timeout: INSTALL_TIMEOUT_MS });
  await run(
    path.join(VENV, 'bin', 'pip'),
    ['install', '--disable-pip-version-check', '--quiet', `mlflow==${MLFLOW_VERSION}`],
    { timeout: INSTALL_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
  );
  writeFileSync(MARKER, new Date().toISOString());
}

/**
 * Creates `<repo>/.cache/mlflow-venv` with the pinned MLflow once, and returns the `mlflow`
 * executable. A lock file (holding the installer's pid) keeps parallel vitest workers from
 * installing twice; a worker that finds the lock waits for the marker file instead.
 */
export async function ensureMlflowVenv(): Promise<string> {
  const bin = path.join(VENV, 'bin', 'mlflow');
  await mkdir(CACHE, { recursive: true });
  const deadline = Date.now() + INSTALL_TIMEOUT_MS;
  while (!existsSync(MARKER)) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the MLflow venv install');
    let fd: number;
    try {
      fd = openSync(LOCK, 'wx');
    } catch {
      if (lockIsStale()) rmSync(LOCK, { force: true });
      else await sleep(1000);
      continue;
    }
    try {
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      if (!existsSync(MARKER)) await install();
    } finally {
      rmSync(LOCK, { force: true });
    }
  }
  return bin;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface MlflowTestServer {
  /** Tracking URI, e.g. http://127.0.0.1:41234 */
  url: string;
  stop(): Promise<void>;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

async function startOnce(bin: string, dir: string): Promise<MlflowTestServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    bin,
    [
      'server',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--workers',
      '1',
      '--backend-store-uri',
      `sqlite:///${path.join(dir, 'mlflow.db')}`,
      '--artifacts-destination',
      path.join(dir, 'artifacts'),
      '--serve-artifacts',
      '--allowed-hosts',
      `127.0.0.1:${port},localhost:${port}`,
    ],
    {
      cwd: dir,
      // Own process group: `mlflow server` forks uvicorn, and stop() must end both.
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      // The job-runner consumers (huey) are not needed and cost several Python processes.
      env: { ...process.env, MLFLOW_SERVER_ENABLE_JOB_EXECUTION: 'false' },
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  // If the worker dies without calling stop(), don't leave a server behind.
  const onExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', onExit);
  const stop = async () => {
    process.off('exit', onExit);
    if (!exited) {
      killGroup(child, 'SIGTERM');
      const forced = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
      await exit;
      clearTimeout(forced);
      killGroup(child, 'SIGKILL');
    }
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline && !exited) {
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return { url, stop };
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  await stop();
  throw new Error(`mlflow server did not become healthy on ${url}:\n${stderr}`);
}

/**
 * Starts a real `mlflow server` on a free loopback port with a temporary SQLite store and
 * proxied artifact storage. `stop()` ends the whole process group and removes the temp dir.
 */
export async function startMlflowServer(): Promise<MlflowTestServer> {
  const bin = await ensureMlflowVenv();
  const dir = mkdtempSync(path.join(tmpdir(), 'mlflow-test-'));
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const server = await startOnce(bin, dir);
      return {
        url: server.url,
        stop: async () => {
          await server.stop();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    } catch (err) {
      // Most likely another process took the port between probing and binding.
      lastError = err;
    }
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}
