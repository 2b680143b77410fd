import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const CHILD = path.join(__dirname, 'fanout-child.js');

export interface FanoutChild {
  child: ChildProcess;
  /** Its exit code (null when killed by a signal); its stderr is printed if it failed. */
  exited: Promise<number | null>;
}

/**
 * Starts fanout-child.js (a bot process that drains the outbox) on `store`: a DATA_DIR or a
 * postgres:// URL. `onCleanup` receives the SIGKILL to run after the test.
 */
export function spawnFanoutChild(
  store: string,
  onCleanup: (kill: () => void) => void,
): FanoutChild {
  const child = spawn(process.execPath, [CHILD, store], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += String(d)));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      if (code !== 0 && code !== null) process.stderr.write(err);
      resolve(code);
    }),
  );
  onCleanup(() => void (child.exitCode === null && child.kill('SIGKILL')));
  return { child, exited };
}
