'use strict';
// Plain CommonJS so both the tests (through postgres-server.d.ts) and bench/ (plain Node) use it.
const { execFileSync, spawnSync } = require('node:child_process');
const {
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

/**
 * A real PostgreSQL for the tests: Debian's `postgresql` binaries, a fresh cluster in a temp
 * directory, listening on a free loopback port, stopped and deleted by `stop()`. initdb refuses
 * to run as root, so under root (CI) the cluster belongs to the `postgres` system user the
 * Debian package creates. TCP logins need a password (scram), which is what lets a test prove
 * that the bot really sends an Entra token as its password.
 */

const SUPERUSER_PASSWORD = 'test-superuser-password';

function binDir() {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return path.join(root, versions[0], 'bin');
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return path.dirname(which.stdout.trim());
  throw new Error(
    'PostgreSQL is not installed: the store tests run on both SQLite and PostgreSQL. Install it with `apt-get install -y postgresql` (.ci/run does).',
  );
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function postgresUser() {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/** @returns {Promise<import('./postgres-server').PostgresServer>} */
async function startPostgres() {
  const bin = binDir();
  const owner = postgresUser();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'llmops-pg-'));
  const data = path.join(dir, 'data');
  const pwfile = path.join(dir, 'pw');
  writeFileSync(pwfile, `${SUPERUSER_PASSWORD}\n`);
  if (owner) {
    chownSync(dir, owner.uid, owner.gid);
    chownSync(pwfile, owner.uid, owner.gid);
  }
  const run = (cmd, args) => {
    const [file, argv] = owner
      ? ['runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]]
      : [path.join(bin, cmd), args];
    return execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  };
  run('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '--pwfile',
    pwfile,
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
    '--no-sync',
  ]);
  let port = 0;
  // Durability off: a test cluster is thrown away, and fsync dominates its run time.
  const start = () =>
    run('pg_ctl', [
      '-D',
      data,
      '-o',
      `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`,
      '-l',
      path.join(dir, 'log'),
      '-w',
      '-t',
      '60',
      'start',
    ]);
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      start();
      break;
    } catch (err) {
      if (attempt >= 2) throw err;
    }
  }
  const stop = () => {
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // already stopped
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return {
    port,
    dir,
    // A server restart as an operator (or Azure maintenance) does it: sessions are cut.
    halt: () => void run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']),
    resume: () => void start(),
    url: (database = 'postgres') =>
      `postgres://postgres:${SUPERUSER_PASSWORD}@127.0.0.1:${port}/${database}`,
    psql: (sqlText, database = 'postgres') =>
      run('psql', [
        '-h',
        dir,
        '-p',
        String(port),
        '-U',
        'postgres',
        '-d',
        database,
        '-v',
        'ON_ERROR_STOP=1',
        '-At',
        '-c',
        sqlText,
      ]),
    stop,
  };
}

module.exports = { SUPERUSER_PASSWORD, freePort, startPostgres };
