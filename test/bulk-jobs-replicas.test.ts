/**
 * Bulk check jobs across gateway replicas sharing one PostgreSQL (issue 11): a job submitted
 * through one replica is read — status, rows, live progress — through another; only the replica
 * holding the job's lease runs it, and the other never takes it while that one renews; a replica
 * stopped, or killed with SIGKILL, leaves the job to another, which finishes it from the rows
 * already final: every row once, none checked again.
 *
 * The departments run once (an in-process stack, the courts system at a reduced rate so that jobs
 * outlive several leases); the gateway replicas are started against them with `DATABASE_URL`: two
 * in this process, and one as its own process (`gateway/main.ts`) for the SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_SUBGRAPH_SECRET } from '../common/http/index.js';
import { createSharedPool, type Pool } from '../common/engines/index.js';
import { loadCallersConfig } from '../gateway/auth/index.js';
import { startGateway } from '../gateway/index.js';
import { startPostgres, type PostgresServer } from './support/engines.js';
import { startStack, type Stack } from './support/stack.js';

const RATE = 100;
/** Short, so that a dead replica's job is resumed soon; the jobs below run for several leases. */
const LEASE_MS = 1500;
const CHUNK = 50;
const platform = { authorization: 'Bearer dev-trading-platform', 'x-query-purpose': 'BIDDER_CHECK', 'x-query-reference': 'T-2026-011' };
const JOB = `id status total done incomplete retrying`;
type Job = { id: string; status: string; total: number; done: number; incomplete: number; retrying: number };
type Row = { index: number; uscc: string | null; verdict: string | null; missingSources: string[] };

const dir = mkdtempSync(join(tmpdir(), 'credit-job-replicas-'));
const SUPERGRAPH = readFileSync(new URL('../schema/supergraph.graphql', import.meta.url), 'utf8');
let pg: PostgresServer;
let stack: Stack;
const pools: Pool[] = [];
const stops: (() => Promise<void>)[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  [pg, stack] = await Promise.all([
    startPostgres(),
    startStack({ datasetSize: 2000, legacy: { courts: { rateLimitPerSecond: RATE } }, env: { COURTS_LEGACY_RATE_PER_SECOND: String(RATE) } }),
  ]);
}, 120_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await Promise.allSettled(stops.map((s) => s()));
  await Promise.allSettled(pools.map((p) => p.end()));
  await stack?.stop();
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

const subgraphUrls = () => Object.fromEntries(Object.entries(stack.subgraphs).map(([name, s]) => [name, s.url]));

interface Replica {
  /** Also its `REPLICA_NAME`: the writer of its rows in the shared audit trail. */
  name: string;
  url: string;
  /** The database whose audit trail it writes. */
  sql: Pool;
  stop(): Promise<void>;
}

/** A gateway replica in this process, on the shared database. */
async function replica(name: string, databaseUrl: string, sql: Pool): Promise<Replica> {
  const auditLogPath = join(dir, `${name}.audit.log`);
  const g = await startGateway(
    {
      replicaName: name,
      supergraphSdl: SUPERGRAPH,
      subgraphUrls: subgraphUrls(),
      sharedSecret: DEV_SUBGRAPH_SECRET,
      callers: loadCallersConfig({}),
      auditLogPath,
      logLevel: 'silent',
      jobs: { chunkSize: CHUNK, leaseMs: LEASE_MS, eventsIntervalMs: 100, eventsHeartbeatMs: 1000 },
      engines: { databaseUrl, redisUrl: null, replicas: 2 },
    },
    { port: 0 },
  );
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await g.stop();
  };
  stops.push(stop);
  return { name, url: g.url, sql, stop };
}

/** A gateway replica as its own process (`gateway/main.ts`, configured by its environment), to be killed. */
async function replicaProcess(name: string, databaseUrl: string, sql: Pool): Promise<Replica & { child: ChildProcess }> {
  const auditLogPath = join(dir, `${name}.audit.log`);
  const env: Record<string, string | undefined> = {
    ...process.env,
    REPLICA_NAME: name,
    PORT: '0',
    HOST: '127.0.0.1',
    AUDIT_LOG_PATH: auditLogPath,
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    BULK_JOB_LEASE_MS: String(LEASE_MS),
    BULK_JOB_CHUNK_SIZE: String(CHUNK),
    ...Object.fromEntries(Object.entries(subgraphUrls()).map(([n, url]) => [`${n.toUpperCase()}_SUBGRAPH_URL`, url])),
  };
  // The development secret, as the in-process stack's subgraphs use.
  delete env.SUBGRAPH_SHARED_SECRET;
  delete env.NODE_ENV;
  const child = spawn(process.execPath, ['--import', 'tsx', 'gateway/main.ts'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (l) => {
      const m = /gateway listening on (\S+)/.exec(l);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code, signal) => reject(new Error(`gateway ${name} exited before it listened (${code ?? signal})`)));
  });
  return { name, url, sql, child, stop: async () => void child.kill('SIGTERM') };
}

async function database(): Promise<{ url: string; sql: Pool }> {
  const url = await pg.createDatabase();
  const sql = createSharedPool(url, { name: 'test' });
  pools.push(sql);
  return { url, sql };
}

async function graphql<T>(
  r: Replica,
  query: string,
  variables: Record<string, unknown>,
): Promise<{ data?: T; errors?: { extensions?: { code?: string } }[] }> {
  const res = await fetch(r.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...platform },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: T; errors?: { extensions?: { code?: string } }[] };
}

async function submit(r: Replica, codes: string[]): Promise<string> {
  const out = await graphql<{ submitBulkCheck: Job }>(r, `mutation($input: BulkCheckInput!) { submitBulkCheck(input: $input) { ${JOB} } }`, {
    input: { codes, scenario: 'GENERAL', tenderReference: 'T-2026-011' },
  });
  expect(out.errors).toBeUndefined();
  return out.data!.submitBulkCheck.id;
}

async function read(r: Replica, id: string): Promise<Job> {
  const out = await graphql<{ bulkCheck: Job }>(r, `query($id: ID!) { bulkCheck(id: $id) { ${JOB} } }`, { id });
  if (!out.data?.bulkCheck) throw new Error(JSON.stringify(out.errors));
  return out.data.bulkCheck;
}

async function until(r: Replica, id: string, done: (j: Job) => boolean, each?: () => Promise<void>): Promise<Job> {
  for (;;) {
    const j = await read(r, id);
    if (done(j)) return j;
    await each?.();
    await new Promise((res) => setTimeout(res, 100));
  }
}

async function allRows(r: Replica, id: string, total: number): Promise<Row[]> {
  const rows: Row[] = [];
  for (let offset = 0; offset < total; offset += 1000) {
    const out = await graphql<{ bulkCheck: { rows: { items: Row[] } } }>(
      r,
      `
        query ($id: ID!, $offset: Int) {
          bulkCheck(id: $id) {
            rows(offset: $offset, limit: 1000) {
              items {
                index
                uscc
                verdict
                missingSources
              }
            }
          }
        }
      `,
      { id, offset },
    );
    rows.push(...out.data!.bulkCheck.rows.items);
  }
  return rows;
}

/** The codes of the chunks a replica ran for a job, from its rows in the shared audit trail (a chunk is recorded before its rows are kept). */
async function chunkCodes(r: Replica, id: string): Promise<string[]> {
  const { rows } = await r.sql.query<{ record: string }>('SELECT record FROM audit_record WHERE writer = $1 ORDER BY seq', [r.name]);
  return rows
    .map((row) => JSON.parse(row.record) as { operationName: string | null; codes: { list: string[] } })
    .filter((x) => x.operationName?.startsWith('bulkCheck chunk ') && x.operationName.endsWith(` job ${id}`))
    .flatMap((x) => x.codes.list);
}

/** The progress events of `GET /jobs/<id>/events` until the stream ends. */
async function events(r: Replica, id: string): Promise<{ event: string; data: Job }[]> {
  const res = await fetch(`${dirname(r.url)}/jobs/${id}/events`, { headers: platform });
  expect(res.status).toBe(200);
  const seen: { event: string; data: Job }[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of res.body!) {
    buffer += decoder.decode(chunk as Uint8Array, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const name = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (name && data) seen.push({ event: name, data: JSON.parse(data) as Job });
    }
  }
  return seen;
}

/** Wait until the courts system has been quiet a while: the calls a stopped replica had started are over. */
async function courtsQuiet(): Promise<void> {
  let last = -1;
  while (stack.stats().courts.codes !== last) {
    last = stack.stats().courts.codes;
    await new Promise((res) => setTimeout(res, 400));
  }
}

const codes = (from: number, n: number) => Array.from({ length: n }, (_, i) => stack.dataset.at(from + i).uscc);

describe('bulk check jobs on two gateway replicas sharing PostgreSQL', () => {
  it('a job submitted through one replica is read, rows and live progress, through the other; the other never takes it while its runner renews the lease', async () => {
    const db = await database();
    const a = await replica('a', db.url, db.sql);
    const b = await replica('b', db.url, db.sql);
    await courtsQuiet();
    stack.resetStats();
    const list = codes(0, 400);
    const id = await submit(a, list);
    const stream = events(b, id);

    // While it runs: who holds it, and until when (the database's clock), as the database says.
    const leases: { owner: string | null; epoch: number; until: number }[] = [];
    const watch = async () => {
      const { rows } = await db.sql.query<{ owner: string | null; epoch: string; until: Date | null; status: string }>(
        'SELECT owner, lease_epoch AS epoch, lease_until AS until, status FROM job_jobs WHERE id = $1',
        [id],
      );
      const l = rows[0]!;
      if (l.status !== 'DONE') leases.push({ owner: l.owner, epoch: Number(l.epoch), until: l.until?.getTime() ?? 0 });
    };
    const done = await until(b, id, (j) => j.status === 'DONE', watch);
    expect(done).toMatchObject({ total: 400, done: 400, incomplete: 0, retrying: 0 });

    // Read through b, which never ran it: every row, in order, complete.
    const rows = await allRows(b, id, 400);
    expect(rows.map((r) => r.index)).toEqual([...Array(400).keys()]);
    expect(rows.map((r) => r.uscc)).toEqual(list);
    expect(rows.filter((r) => r.verdict === 'INCOMPLETE' || r.missingSources.length)).toEqual([]);

    // b streamed the progress made on a, then said done, and the stream ended.
    const seen = await stream;
    const progress = seen.filter((e) => e.event === 'progress').map((e) => e.data.done);
    expect(progress).toEqual([...progress].sort((x, y) => x - y));
    expect(progress.some((d) => d > 0 && d < 400)).toBe(true);
    expect(seen.at(-1)).toMatchObject({ event: 'done', data: { status: 'DONE', done: 400 } });

    // One runner, a: every code checked once at the courts system, every chunk in a's audit log, none in b's.
    expect(stack.stats().courts.codes).toBe(400);
    expect((await chunkCodes(a, id)).sort()).toEqual([...list].sort());
    expect(await chunkCodes(b, id)).toEqual([]);
    // The job outlived its first lease many times over, b looking for orphaned jobs every third of
    // one: the lease was renewed, never taken (one holder, one claim).
    expect(leases.length).toBeGreaterThan(3);
    expect(new Set(leases.map((l) => l.owner)).size).toBe(1);
    expect(leases[0]!.owner).not.toBeNull();
    expect(new Set(leases.map((l) => l.epoch))).toEqual(new Set([1]));
    expect(Math.max(...leases.map((l) => l.until)) - Math.min(...leases.map((l) => l.until))).toBeGreaterThanOrEqual(LEASE_MS);

    await Promise.all([a.stop(), b.stop()]);
  }, 90_000);

  it('a replica stopped mid-job gives it back; another finishes it, checking only the rows not yet final', async () => {
    const db = await database();
    const a = await replica('a2', db.url, db.sql);
    await courtsQuiet();
    const total = 500;
    const list = codes(400, total);
    const id = await submit(a, list);
    await until(a, id, (j) => j.done >= 100);
    await a.stop();
    await courtsQuiet();
    const { rows: at } = await db.sql.query<{ done: number; owner: string | null; status: string }>(
      'SELECT done, owner, status FROM job_jobs WHERE id = $1',
      [id],
    );
    const doneAtStop = at[0]!.done;
    expect(at[0]).toMatchObject({ owner: null, status: 'RUNNING' });
    expect(doneAtStop).toBeGreaterThanOrEqual(100);
    expect(doneAtStop).toBeLessThan(total);
    stack.resetStats();

    const b = await replica('b2', db.url, db.sql);
    const done = await until(b, id, (j) => j.status === 'DONE');
    expect(done).toMatchObject({ total, done: total, incomplete: 0 });
    // Exactly the rows not final at the stop were checked again (the test stack caches nothing).
    expect(stack.stats().courts.codes).toBe(total - doneAtStop);
    expect(await chunkCodes(b, id)).toHaveLength(total - doneAtStop);
    const ranOnA = new Set(await chunkCodes(a, id));
    expect((await chunkCodes(b, id)).filter((c) => ranOnA.has(c))).toEqual([]);
    expect((await allRows(b, id, total)).map((r) => r.uscc)).toEqual(list);
    await b.stop();
  }, 90_000);

  it('a replica killed (SIGKILL) mid-job: once its lease runs out the other resumes the job from the rows final, each remaining row checked once', async () => {
    const db = await database();
    const b = await replica('b3', db.url, db.sql);
    const c = await replicaProcess('c3', db.url, db.sql);
    const total = 600;
    const list = codes(900, total);
    const id = await submit(c, list);
    // Read through b while c runs it.
    await until(b, id, (j) => j.done >= 100);
    c.child.kill('SIGKILL');
    await new Promise((res) => c.child.once('exit', res));

    const done = await until(b, id, (j) => j.status === 'DONE');
    expect(done).toMatchObject({ total, done: total, incomplete: 0 });
    const rows = await allRows(b, id, total);
    expect(rows.map((r) => r.uscc)).toEqual(list);

    // Who made each row final: c (first claim) up to its death, then b (second claim).
    const { rows: by } = await db.sql.query<{ row_index: number; written_by: string; epoch: number }>(
      'SELECT row_index, written_by, lease_epoch::int AS epoch FROM job_rows WHERE job_id = $1 ORDER BY row_index',
      [id],
    );
    expect(by).toHaveLength(total);
    const byC = by.filter((r) => r.epoch === 1);
    const byB = by.filter((r) => r.epoch === 2);
    expect(byC.length).toBeGreaterThanOrEqual(100);
    expect(byB.length).toBeGreaterThan(0);
    expect(byC.length + byB.length).toBe(total);
    expect(new Set(byC.map((r) => r.written_by)).size).toBe(1);
    expect(new Set(byB.map((r) => r.written_by)).size).toBe(1);
    expect(byB[0]!.written_by).not.toBe(byC[0]!.written_by);
    // b checked exactly the rows c had not made final — each once, none of c's again.
    expect((await chunkCodes(b, id)).sort()).toEqual(byB.map((r) => list[r.row_index]!).sort());
    // Every row c made final had been recorded in c's audit log first.
    const audited = new Set(await chunkCodes(c, id));
    expect(byC.filter((r) => !audited.has(list[r.row_index]!))).toEqual([]);
    await b.stop();
  }, 120_000);
});
