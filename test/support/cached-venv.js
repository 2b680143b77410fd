'use strict';
// Plain CommonJS so both the tests (through cached-venv.d.ts) and bench/ (plain Node) use it.
const { execFile } = require('node:child_process');
const { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { mkdir } = require('node:fs/promises');
const path = require('node:path');
const { promisify } = require('node:util');

const run = promisify(execFile);
const CACHE = path.join(path.resolve(__dirname, '..', '..'), '.cache');

/** A pip install of a large package (MLflow, PySpark) on a fresh machine takes minutes. */
const VENV_INSTALL_TIMEOUT_MS = 15 * 60_000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function lockIsStale(lock) {
  try {
    const pid = Number(readFileSync(lock, 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) return true;
    process.kill(pid, 0);
    return false;
  } catch (err) {
    // ESRCH: the installer died; EPERM: alive but not ours; ENOENT: lock gone.
    return err.code !== 'EPERM';
  }
}

async function install(venv, requirement, marker) {
  rmSync(venv, { recursive: true, force: true });
  await run('python3', ['-m', 'venv', venv], { timeout: VENV_INSTALL_TIMEOUT_MS });
  await run(
    path.join(venv, 'bin', 'pip'),
    ['install', '--disable-pip-version-check', '--quiet', requirement],
    { timeout: VENV_INSTALL_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
  );
  writeFileSync(marker, new Date().toISOString());
}

/**
 * Creates `<repo>/.cache/<name>` with one pinned pip requirement (`pkg==x.y.z`) once, and
 * returns the venv directory. A lock file (holding the installer's pid) keeps parallel vitest
 * workers from installing twice; a worker that finds the lock waits for the marker file instead.
 * The marker names the requirement, so a version bump reinstalls.
 */
async function ensureCachedVenv(name, requirement) {
  const venv = path.join(CACHE, name);
  const marker = path.join(venv, `.installed-${requirement.replace('==', '-')}`);
  const lock = path.join(CACHE, `${name}.lock`);
  await mkdir(CACHE, { recursive: true });
  const deadline = Date.now() + VENV_INSTALL_TIMEOUT_MS;
  while (!existsSync(marker)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for the ${name} install`);
    let fd;
    try {
      fd = openSync(lock, 'wx');
    } catch {
      if (lockIsStale(lock)) rmSync(lock, { force: true });
      else await sleep(1000);
      continue;
    }
    try {
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      if (!existsSync(marker)) await install(venv, requirement, marker);
    } finally {
      rmSync(lock, { force: true });
    }
  }
  return venv;
}

module.exports = { VENV_INSTALL_TIMEOUT_MS, ensureCachedVenv };
