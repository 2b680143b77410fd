import type { HostingEvent } from '../workflows/hosting/hosting-context';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const MARK: Record<Exclude<HostingEvent['status'], 'running'>, string> = {
  done: '✔',
  kept: '·',
  failed: '✖',
};

/**
 * Terminal progress for `azure up` / `azure down`: on a terminal the running step spins on one
 * line that is replaced by its result; elsewhere (CI, a log file) one plain line per result,
 * with no control characters.
 */
export function taskList(write: (text: string) => void, tty: boolean) {
  let timer: NodeJS.Timeout | undefined;
  let frame = 0;
  const stop = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
  };
  return {
    report(e: HostingEvent): void {
      if (e.status === 'running') {
        if (!tty) return;
        stop();
        frame = 0;
        const draw = () => write(`\r\x1b[K${FRAMES[frame++ % FRAMES.length] ?? '-'} ${e.step}`);
        draw();
        timer = setInterval(draw, 100);
        timer.unref();
        return;
      }
      stop();
      const line = `${MARK[e.status]} ${e.step}${e.detail ? ` — ${e.detail}` : ''}\n`;
      write(tty ? `\r\x1b[K${line}` : line);
    },
    stop,
  };
}
