import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const ENTRY = path.resolve(__dirname, '..', '..', 'dist', 'src', 'index.js');

/** The built bot (`node dist/src/index.js`, its real `main`) as a separate process. */
export interface BotProcess {
  readonly child: ChildProcess;
  /** Base URL once it logged "bot ready". */
  readonly url: string;
  /** Its exit code (null when a signal killed it). */
  readonly exited: Promise<number | null>;
  /** Every pino line it wrote (JSON), and anything else as `{ msg: line }`. */
  readonly logs: Record<string, unknown>[];
  /** POSTs an activity to its /api/messages. */
  send(activity: Record<string, unknown>): Promise<Response>;
}

/**
 * Starts the bot process with `env` (on top of this process's, so NODE_EXTRA_CA_CERTS and the
 * fake ARM's managed-identity variables carry over) and waits until it serves. `cwd` must hold
 * no .env. `onCleanup` receives the SIGKILL to run after the test.
 */
export async function startBotProcess(
  env: Record<string, string>,
  cwd: string,
  onCleanup: (kill: () => void) => void,
): Promise<BotProcess> {
  if (!existsSync(ENTRY)) throw new Error('dist/ is missing: run `npm run build` first.');
  const child = spawn(process.execPath, [ENTRY], {
    cwd,
    env: { ...process.env, NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onCleanup(
    () => void (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL')),
  );
  const logs: Record<string, unknown>[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    const onLine = (line: string) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        entry = { msg: line };
      }
      logs.push(entry);
      if (entry.msg === 'bot ready') resolve(String(entry.url));
    };
    const onData = (b: Buffer) => {
      buffered += b.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      lines.filter((l) => l.trim() !== '').forEach(onLine);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) =>
      reject(new Error(`bot exited (${code}) before ready: ${JSON.stringify(logs.slice(-5))}`)),
    );
  });
  return {
    child,
    url,
    exited,
    logs,
    send: (activity) =>
      fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      }),
  };
}
