/**
 * The whole system as `npm start` runs it, replicated, for the multi-replica tests (issue 11): a real
 * Redis and a real PostgreSQL (test/support/engines.ts), a fresh database, and `createLocalSystem`
 * with two gateways and two replicas of the courts and tax subgraphs by default — every process its
 * own, on ephemeral loopback ports, every service given `REDIS_URL`, `DATABASE_URL` and its own
 * `REPLICAS`. Handles to query any gateway, read and reset the simulated legacy systems' counters,
 * kill (SIGKILL) and restart any replica, and `stop()` everything.
 *
 * Start it in `beforeAll` (it takes tens of seconds on two cores) and stop it in `afterAll`. A file
 * that runs several systems passes its own `redis`/`postgres` (one server per file); each system
 * still gets a database of its own.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEPARTMENT_REGISTRY } from '../../common/departments.js';
import type { SimulatorLookups, SimulatorStats } from '../../legacy/sim/index.js';
import type { LegacySystemName } from '../../legacy/systems.js';
import {
  createLocalSystem,
  type BackoffOptions,
  type LocalSystem,
  type LocalSystemEvent,
  type LocalSystemOptions,
} from '../../scripts/supervisor/index.js';
import { startPostgres, startRedis, type PostgresServer, type RedisServer } from './engines.js';
import { queryAs, type AsCaller, type GraphQLResult } from './stack.js';

export interface ReplicatedSystemOptions {
  /** Processes per service. Default `{ gateway: 2, courts: 2, tax: 2 }` (every other service one). */
  replicas?: LocalSystemOptions['replicas'];
  /**
   * Environment for every service, over this helper's defaults (`DATASET_SIZE`, `AUDIT_LOG_PATH` and
   * `CREDIT_JOURNAL_DIR` in a temporary folder, `LOG_LEVEL=warn`), e.g. `COURTS_CACHE_TTL_MS: '0'`.
   */
  env?: Record<string, string>;
  /** Synthetic enterprises besides the golden cases (`DATASET_SIZE`). Default 200. */
  datasetSize?: number;
  /** A Redis the test file started (not stopped by `stop()`). Default: one of its own. `null`: no Redis (no `REDIS_URL`). */
  redis?: RedisServer | null;
  /** A PostgreSQL the test file started (not stopped by `stop()`). Default: one of its own. `null`: no `DATABASE_URL`. */
  postgres?: PostgresServer | null;
  /** Restart back-off of a crashed process. Default 0.5 s doubling to 30 s (`kill(…, { hold: true })` keeps one down instead). */
  backoff?: BackoffOptions;
  /** Every supervisor and system event, as it happens (they are also kept in `events`). */
  log?: (event: LocalSystemEvent) => void;
}

export interface ReplicatedSystem {
  /** The supervised system: `pid(service, i)`, `url(service, i)`, `kill(service, i, { hold })`, `restart(service, i)`, `whenReady()`, `instance(service, i)`. */
  readonly system: LocalSystem;
  /** The Redis every service was given, or null. */
  readonly redis: RedisServer | null;
  /** The PostgreSQL server, or null. */
  readonly postgres: PostgresServer | null;
  /** The fresh database every service was given (`DATABASE_URL`), or null. */
  readonly databaseUrl: string | null;
  /** The folder the services' files go to (audit logs, journals); removed by `stop()`. */
  readonly dir: string;
  /** Every gateway replica's GraphQL URL, in order (a restarted replica keeps its URL). */
  readonly gatewayUrls: string[];
  /** Every event since the start, in order. */
  readonly events: LocalSystemEvent[];
  /**
   * POST a query to gateway replica `gateway` as a caller (default the development report developer,
   * purpose CREDIT_REPORT), as `Stack.query` does.
   */
  query<T = Record<string, unknown>>(gateway: number, query: string, variables?: Record<string, unknown>, as?: AsCaller): Promise<GraphQLResult<T>>;
  /** A simulated legacy system's counters since its last reset (`GET /__stats`): calls, codes asked, 429s answered past its rate, codes looked up and looked up again. */
  legacyStats(name: LegacySystemName): Promise<SimulatorStats & SimulatorLookups>;
  /** Reset the counters of the named legacy systems (default all). */
  resetLegacyStats(...names: LegacySystemName[]): Promise<void>;
  /** Where a gateway replica keeps its audit file when there is no shared trail (`audit.log`, `audit-1.log`, …). */
  auditLogPath(gateway: number): string;
  /** Resolve with the first event from index `from` (default: the next one) that passes `test`; reject after `timeoutMs` (default 60 s). */
  nextEvent(test: (e: LocalSystemEvent) => boolean, from?: number, timeoutMs?: number): Promise<LocalSystemEvent>;
  /** Stop every process, then the engines this helper started, and remove `dir`. */
  stop(): Promise<void>;
}

/** The environment a process was started with (Linux: /proc/<pid>/environ): what a replica was told. */
export function environ(pid: number): Record<string, string> {
  return Object.fromEntries(
    readFileSync(`/proc/${pid}/environ`, 'utf8')
      .split('\0')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
}

export const DEFAULT_REPLICAS = { gateway: 2, courts: 2, tax: 2 } as const;

export async function startReplicatedSystem(options: ReplicatedSystemOptions = {}): Promise<ReplicatedSystem> {
  const dir = mkdtempSync(join(tmpdir(), 'credit-replicated-'));
  const ownRedis = options.redis === undefined;
  const ownPostgres = options.postgres === undefined;
  let redis: RedisServer | null = null;
  let postgres: PostgresServer | null = null;
  let system: LocalSystem | undefined;
  const events: LocalSystemEvent[] = [];
  const waiters = new Set<() => void>();
  const cleanUp = async () => {
    try {
      await system?.stop();
    } finally {
      await Promise.allSettled([ownRedis ? redis?.stop() : undefined, ownPostgres ? postgres?.stop() : undefined]);
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    [redis, postgres] = await Promise.all([
      options.redis === undefined ? startRedis() : Promise.resolve(options.redis),
      options.postgres === undefined ? startPostgres() : Promise.resolve(options.postgres),
    ]);
    const databaseUrl = postgres ? await postgres.createDatabase() : null;
    const env: Record<string, string | undefined> = {
      ...process.env,
      DATASET_SIZE: String(options.datasetSize ?? 200),
      AUDIT_LOG_PATH: join(dir, 'audit.log'),
      CREDIT_JOURNAL_DIR: join(dir, 'credit'),
      LOG_LEVEL: 'warn',
      ...options.env,
    };
    // As `npm start` is run: the run makes its own secret, and every department is simulated here.
    delete env.SUBGRAPH_SHARED_SECRET;
    for (const d of DEPARTMENT_REGISTRY) delete env[`${d.envPrefix}_LEGACY_URL`];
    const localSystem = createLocalSystem({
      env,
      ports: 'ephemeral',
      replicas: options.replicas ?? DEFAULT_REPLICAS,
      engines: { ...(redis ? { redisUrl: redis.url } : {}), ...(databaseUrl ? { databaseUrl } : {}) },
      probeIntervalMs: 250,
      backoff: options.backoff,
      log(e) {
        events.push(e);
        options.log?.(e);
        for (const w of [...waiters]) w();
      },
    });
    system = localSystem;
    await localSystem.start();

    const legacy = async (name: LegacySystemName, path: string, method = 'GET') => {
      const base = localSystem.url(`legacy:${name}`);
      if (!base) throw new Error(`the ${name} legacy system is not simulated here`);
      const res = await fetch(new URL(path, base), { method });
      if (!res.ok) throw new Error(`${method} ${path} of the ${name} legacy system answered ${res.status}`);
      return res;
    };
    return {
      system: localSystem,
      redis,
      postgres,
      databaseUrl,
      dir,
      get gatewayUrls() {
        return localSystem.gatewayUrls();
      },
      events,
      async query(gateway, query, variables, as) {
        const url = localSystem.url('gateway', gateway);
        if (!url) throw new Error(`gateway replica ${gateway} has not listened`);
        return queryAs(url, query, variables, as);
      },
      async legacyStats(name) {
        return (await (await legacy(name, '/__stats')).json()) as SimulatorStats & SimulatorLookups;
      },
      async resetLegacyStats(...names) {
        const all = names.length > 0 ? names : (DEPARTMENT_REGISTRY.map((d) => d.subgraph) as LegacySystemName[]);
        await Promise.all(all.map((n) => legacy(n, '/__stats/reset', 'POST')));
      },
      auditLogPath: (gateway) => join(dir, gateway === 0 ? 'audit.log' : `audit-${gateway}.log`),
      nextEvent(test, from = events.length, timeoutMs = 60_000) {
        return new Promise((resolve, reject) => {
          const check = () => {
            const found = events.slice(from).find(test);
            if (!found) return;
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          };
          const timer = setTimeout(() => {
            waiters.delete(check);
            reject(new Error(`no such event in ${timeoutMs} ms; the last: ${JSON.stringify(events.slice(-5))}`));
          }, timeoutMs);
          waiters.add(check);
          check();
        });
      },
      stop: cleanUp,
    };
  } catch (err) {
    await cleanUp();
    throw err;
  }
}
