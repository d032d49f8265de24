/**
 * Real Redis and PostgreSQL servers for the tests: child processes on loopback, on free ports, in
 * temporary folders, stopped by `stop()` (and killed if the test process exits first). Nothing is
 * mocked. The executables come from Debian's `redis-server` and `postgresql` packages, which the
 * test set-up (system-packages.ts) finds or installs.
 *
 * PostgreSQL refuses to run as root: as root, its folders belong to the `postgres` user and it runs
 * through `runuser -u postgres`. `initdb` runs once per machine into a template folder that every
 * server copies (a copy takes a fraction of initdb's time).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

import { PG_BIN, REDIS_SERVER } from './system-packages.js';

const live = new Set<ChildProcess>();
const livePostmasters = new Set<string>();
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL');
  for (const dataDir of livePostmasters) {
    const pid = postmasterPid(dataDir);
    if (pid) {
      try {
        process.kill(pid, 'SIGQUIT');
      } catch {
        // already gone
      }
    }
  }
});

/** A free TCP port on 127.0.0.1 (free when asked; the server started on it retries on a clash). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => child.once('exit', () => r()));
}

async function until(what: string, timeoutMs: number, probe: () => Promise<boolean>, child: ChildProcess, log: () => string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${what} exited (${child.exitCode ?? child.signalCode}): ${log()}`);
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} was not ready within ${timeoutMs} ms: ${log()}`);
}

export interface RedisServer {
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** Is it running now? */
  readonly running: boolean;
  /** Stop it (SIGTERM, as an operator would); idempotent. */
  stop(): Promise<void>;
  /** Kill it at once (SIGKILL: an outage). */
  kill(): Promise<void>;
  /** Start it again on the same port (empty: nothing is saved). */
  start(): Promise<void>;
}

/** Start a redis-server on a free loopback port, persisting nothing. */
export async function startRedis(): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'credit-redis-'));
  const port = await freePort();
  let child: ChildProcess | null = null;
  let output = '';
  const ping = () =>
    new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.setTimeout(500, () => {
        s.destroy();
        resolve(false);
      });
      s.once('error', () => resolve(false));
      s.once('connect', () => s.write('PING\r\n'));
      s.once('data', (d) => {
        s.destroy();
        resolve(d.toString().startsWith('+PONG'));
      });
    });
  const start = async () => {
    output = '';
    const c = spawn(
      REDIS_SERVER,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    c.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    c.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    live.add(c);
    c.once('exit', () => live.delete(c));
    child = c;
    await until(`redis-server on port ${port}`, 10_000, ping, c, () => output.slice(-2000));
  };
  const halt = async (signal: NodeJS.Signals) => {
    const c = child;
    if (!c) return;
    child = null;
    c.kill(signal);
    await exited(c);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get running() {
      return child !== null;
    },
    stop: async () => {
      await halt('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
    kill: () => halt('SIGKILL'),
    start: async () => {
      if (!child) await start();
    },
  };
}

export interface PostgresServer {
  /** `postgres://credit@127.0.0.1:<port>/postgres` (trust authentication on loopback). */
  readonly url: string;
  readonly port: number;
  /** A new, empty database on this server; its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stop it (fast shutdown) and remove its folder; idempotent. */
  stop(): Promise<void>;
}

const asRoot = () => process.getuid?.() === 0;
const PG_USER = 'postgres';

/** Run a PostgreSQL program, as `postgres` when we are root. */
function pgCommand(program: string, args: string[]): [string, string[]] {
  const bin = join(PG_BIN, program);
  return asRoot() ? ['runuser', ['-u', PG_USER, '--', bin, ...args]] : [bin, args];
}

function ownFolder(path: string): void {
  if (!asRoot()) return;
  const uid = Number(execFileSync('id', ['-u', PG_USER]).toString().trim());
  const gid = Number(execFileSync('id', ['-g', PG_USER]).toString().trim());
  chownSync(path, uid, gid);
}

/** initdb once per machine (per user and PostgreSQL build), into a folder every server copies. */
function template(): string {
  const owner = asRoot() ? PG_USER : userInfo().username;
  const path = join(tmpdir(), `credit-pg-template-${owner}-${createHash('sha256').update(PG_BIN).digest('hex').slice(0, 8)}`);
  if (existsSync(join(path, 'PG_VERSION'))) return path;
  const work = mkdtempSync(join(tmpdir(), 'credit-pg-initdb-'));
  ownFolder(work);
  const data = join(work, 'data');
  const [cmd, args] = pgCommand('initdb', ['-D', data, '-U', 'credit', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']);
  execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    renameSync(data, path);
  } catch (err) {
    // Another test file made it first.
    if (!existsSync(join(path, 'PG_VERSION'))) throw err;
  }
  rmSync(work, { recursive: true, force: true });
  return path;
}

function postmasterPid(dataDir: string): number | null {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Start a PostgreSQL 15 server on a free loopback port, in a temporary folder. */
export async function startPostgres(): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), 'credit-pg-'));
  ownFolder(dir);
  const data = join(dir, 'data');
  execFileSync('cp', ['-a', template(), data]);
  // Small memory: several servers may run at once on a test machine.
  writeFileSync(join(data, 'postgresql.auto.conf'), "shared_buffers = '32MB'\nmax_connections = 200\n");
  ownFolder(join(data, 'postgresql.auto.conf'));
  const port = await freePort();
  const [cmd, args] = pgCommand('postgres', [
    '-D',
    data,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    `unix_socket_directories=${dir}`,
  ]);
  let output = '';
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  live.add(child);
  livePostmasters.add(data);
  child.once('exit', () => {
    live.delete(child);
    livePostmasters.delete(data);
  });
  const url = `postgres://credit@127.0.0.1:${port}/postgres`;
  const query = async (sql: string) => {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await until(
    `postgres on port ${port}`,
    30_000,
    () => query('SELECT 1').then(() => true),
    child,
    () => output.slice(-2000),
  );
  let databases = 0;
  let stopped = false;
  return {
    url,
    port,
    async createDatabase(name = `t${++databases}_${Date.now().toString(36)}`) {
      if (!/^[a-z][a-z0-9_]{0,62}$/.test(name)) throw new Error(`bad database name ${name}`);
      await query(`CREATE DATABASE ${name}`);
      return `postgres://credit@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      const pid = postmasterPid(data);
      if (pid) {
        try {
          process.kill(pid, 'SIGINT');
        } catch {
          // already gone
        }
      } else child.kill('SIGINT');
      await exited(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
