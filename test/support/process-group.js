'use strict';
// Plain CommonJS so both the tests (through process-group.d.ts) and bench/ (plain Node) use it.
const { readdirSync, readFileSync, readlinkSync } = require('node:fs');

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

/** The inode of the socket listening on a local TCP port, from the kernel's tables. */
function listeningInode(port) {
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // f[1] local address:port (hex), f[3] state (0A = LISTEN), f[9] inode
      if (f.length > 9 && f[3] === '0A' && parseInt(f[1].split(':').pop(), 16) === port) {
        return f[9];
      }
    }
  }
  return undefined;
}

/**
 * Whether the socket listening on `port` belongs to a process of this child's group. A probed free
 * port can be taken by another test's server before a slow child (Python, a JVM) binds it; the
 * child then fails to bind while a health probe is answered by the other server, and the test
 * would talk to a stranger that goes away when its own test ends.
 */
function groupListensOn(child, port) {
  const inode = listeningInode(port);
  if (child.pid === undefined || inode === undefined) return false;
  const socket = `socket:[${inode}]`;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // After "pid (comm) ": state ppid pgrp …; comm may hold spaces, so cut at the last ')'.
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (pgrp !== child.pid) continue;
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) === socket) return true;
      }
    } catch {
      // the process ended while we looked
    }
  }
  return false;
}

module.exports = { groupListensOn, killGroup, ownGroup };
