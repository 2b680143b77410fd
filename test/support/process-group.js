'use strict';
// Plain CommonJS so both the tests (through process-group.d.ts) and bench/ (plain Node) use it.

/** Signals a child started with `detached: true` and everything it forked (its process group). */
function killGroup(child, signal) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Ownership of a detached server process (Python + whatever it forked: uvicorn, a JVM):
 * `stop()` sends SIGTERM to the group, SIGKILL after 5 s; if this process exits without calling
 * stop(), the group is killed anyway, so no server outlives its test worker.
 */
function ownGroup(child) {
  const state = { exited: false };
  const exit = new Promise((resolve) =>
    child.once('exit', () => {
      state.exited = true;
      resolve();
    }),
  );
  const onExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', onExit);
  const stop = async () => {
    process.off('exit', onExit);
    if (!state.exited) {
      killGroup(child, 'SIGTERM');
      const forced = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
      await exit;
      clearTimeout(forced);
      killGroup(child, 'SIGKILL');
    }
  };
  return {
    exit,
    stop,
    get exited() {
      return state.exited;
    },
  };
}

module.exports = { killGroup, ownGroup };
