/**
 * Start the system under test on the bench's ports — simulators with the latency profile, the six
 * subgraphs with the legacy cache off, our gateway — plus the load driver, and on demand Hive
 * Gateway over the same subgraphs.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { generateApiKey } from '../gateway/auth/index.js';
import { anchorPathFor } from '../gateway/audit/index.js';
import { SUBGRAPH_MODULES } from '../subgraphs/index.js';
import { LegacyControl } from './legacy.js';
import { Driver } from './load.js';
import { assertPortFree, type ProcessGroup, type Service } from './processes.js';
import {
  COURTS_RATE_PER_SECOND,
  DATASET_SEED,
  DATASET_SIZE,
  DEPARTMENTS,
  LATENCY_PROFILE,
  SUBGRAPH_NAMES,
  type BenchPorts,
  type Department,
  type SubgraphName,
} from './profile.js';

const HOST = '127.0.0.1';
/** As in the production image (Dockerfile): the same for our services and for Hive Gateway. */
const NODE_ENV = 'production';

/** Services the `replicas` scenario runs more than once. */
export type ReplicatedService = 'gateway' | 'courts' | 'tax';

export interface SystemOptions {
  /** Processes per service (default 1 each); the extra ones listen on `replicaPort`. */
  replicas?: Partial<Record<ReplicatedService, number>>;
  /** Shared engines (`REDIS_URL`, `DATABASE_URL`) given to every service; none: in-process state and files. */
  engines?: { redisUrl: string; databaseUrl: string };
  /**
   * The subgraphs' legacy-answer cache TTL (`<PREFIX>_CACHE_TTL_MS`). Default 0: every figure includes
   * real legacy calls. The `replicas` scenario keeps the default of the services (60 s), because
   * "no code fetched twice across replicas" is what the shared cache tier is for.
   */
  cacheTtlMs?: number | null;
}

/** Port of the `i`-th process (0-based) of a replicated service: the first on its usual port, the others 20 + k above the gateway's. */
export function replicaPort(ports: BenchPorts, service: ReplicatedService, i: number): number {
  const first = service === 'gateway' ? ports.gateway : ports.subgraphs[service];
  if (i === 0) return first;
  const order: ReplicatedService[] = ['gateway', 'courts', 'tax'];
  return ports.gateway + 20 + order.indexOf(service) * 10 + i;
}

/** The process name of replica `i` (`courts`, `courts-2`, …). */
export const replicaName = (service: string, i: number) => (i === 0 ? service : `${service}-${i + 1}`);

export interface System {
  group: ProcessGroup;
  ports: BenchPorts;
  /** The first gateway's GraphQL URL. */
  gatewayUrl: string;
  /** Every gateway replica's GraphQL URL. */
  gatewayUrls: string[];
  legacy: LegacyControl;
  driver: Driver;
  /** What a client sends besides the body: the bench caller's API key and the 查询事由 of the query. */
  clientHeaders(purpose: 'ADMINISTRATIVE_LICENSING' | 'BIDDER_CHECK'): Record<string, string>;
  /** A service hall's counters (`bulk-under-load`): their own caller, 查询事由 ADMINISTRATIVE_LICENSING. */
  hallHeaders(): Record<string, string>;
  /** Trading platform 0 or 1 (`bulk-under-load`): each its own caller with `bulk:read`, 查询事由 BIDDER_CHECK. */
  platformHeaders(platform: 0 | 1, tenderReference: string): Record<string, string>;
  /** The gateway, the six subgraphs, the simulators and the load driver, for memory and CPU figures. */
  measured(): { name: string; pid: number }[];
  startHive(): Promise<Service & { url: string }>;
  stopHive(): Promise<void>;
}

/**
 * `group` belongs to the caller, which stops it on any failure or signal (also one in the middle
 * of this start). `workDir` (git-ignored) holds Hive Gateway's copy of the supergraph.
 */
/** How the gateway process runs in production (`GATEWAY_NODE_OPTIONS` in `scripts/start.ts`, `NODE_OPTIONS` in `docker-compose.yml`). */
const GATEWAY_NODE_ARGS = (process.env.BENCH_GATEWAY_NODE_ARGS ?? '--max-old-space-size=192').split(' ').filter(Boolean);

export async function startSystem(
  group: ProcessGroup,
  root: string,
  workDir: string,
  ports: BenchPorts,
  progress: (s: string) => void,
  options: SystemOptions = {},
): Promise<System> {
  const count = (s: string) => (s === 'gateway' || s === 'courts' || s === 'tax' ? (options.replicas?.[s] ?? 1) : 1);
  const instances = (s: ReplicatedService) => Array.from({ length: count(s) }, (_, i) => i);
  const extraPorts = (['gateway', 'courts', 'tax'] as const).flatMap((s) =>
    instances(s)
      .slice(1)
      .map((i) => replicaPort(ports, s, i)),
  );
  const all = [ports.gateway, ports.hive, ...Object.values(ports.subgraphs), ...Object.values(ports.simulators), ...extraPorts];
  await Promise.all(all.map(assertPortFree));
  const tsx = ['--import', 'tsx'];
  mkdirSync(workDir, { recursive: true });
  // Production mode refuses the development secret and keys: make this run's own.
  const sharedSecret = randomBytes(32).toString('hex');
  const { key, keyHash } = generateApiKey();
  // bulk-under-load: one service hall (its counters share a caller, as a hall's do) and two platforms.
  const hall = generateApiKey();
  const platforms = [generateApiKey(), generateApiKey()] as const;
  const callersFile = join(workDir, 'callers.json');
  // The gateway's audit log and the credit subgraph's case journal: the bench's own, fresh each run,
  // never the defaults under ./data.
  const auditLog = join(workDir, 'audit.log');
  const journalDir = join(workDir, 'credit-journal');
  // Bulk check jobs persist and are resumed on start: an earlier run's jobs must not run in this one.
  const jobsDir = join(workDir, 'jobs');
  rmSync(jobsDir, { recursive: true, force: true });
  rmSync(auditLog, { force: true });
  // The anchor goes with its log: a fresh log under an old anchor is (rightly) refused as truncated.
  rmSync(anchorPathFor(auditLog), { force: true });
  rmSync(journalDir, { recursive: true, force: true });
  writeFileSync(
    callersFile,
    JSON.stringify({
      callers: [
        {
          id: 'bench',
          name: 'npm run bench',
          kind: 'TRADING_PLATFORM',
          keyHashes: [keyHash],
          scopes: ['credit:read', 'bulk:read'],
          purposes: ['ADMINISTRATIVE_LICENSING', 'BIDDER_CHECK'],
        },
        {
          id: 'bench-hall',
          name: 'bench service hall (20 counters)',
          kind: 'SERVICE_HALL',
          keyHashes: [hall.keyHash],
          scopes: ['credit:read'],
          purposes: ['ADMINISTRATIVE_LICENSING'],
        },
        ...platforms.map((p, i) => ({
          id: `bench-platform-${i + 1}`,
          name: `bench trading platform ${i + 1}`,
          kind: 'TRADING_PLATFORM',
          keyHashes: [p.keyHash],
          scopes: ['credit:read', 'bulk:read'],
          purposes: ['BIDDER_CHECK'],
        })),
      ],
    }),
  );

  progress(
    `starting simulators on ${HOST}:${Math.min(...Object.values(ports.simulators))}–${Math.max(...Object.values(ports.simulators))} (dataset ${DATASET_SIZE})`,
  );
  const legacyEnv: Record<string, string> = {
    NODE_ENV,
    HOST,
    LEGACY_SYSTEMS: DEPARTMENTS.join(','),
    DATASET_SIZE: String(DATASET_SIZE),
    DATASET_SEED,
    COURTS_SIMULATOR_RATE_PER_SECOND: String(COURTS_RATE_PER_SECOND),
  };
  // Production settings refuse the simulators' published keys: each system gets a key of this run's.
  const legacyKeys = Object.fromEntries(DEPARTMENTS.map((d) => [d, randomBytes(16).toString('hex')])) as Record<Department, string>;
  for (const d of DEPARTMENTS) {
    legacyEnv[`${d.toUpperCase()}_SIMULATOR_KEY`] = legacyKeys[d];
    legacyEnv[`${d.toUpperCase()}_SIMULATOR_PORT`] = String(ports.simulators[d]);
    legacyEnv[`${d.toUpperCase()}_SIMULATOR_LATENCY_MS`] = String(LATENCY_PROFILE[d]);
  }
  await group.start('legacy', [...tsx, 'legacy/main.ts'], legacyEnv, /^legacy systems ready/);

  progress(
    `starting subgraphs on ${HOST}:${Math.min(...Object.values(ports.subgraphs))}–${Math.max(...Object.values(ports.subgraphs))} (${options.cacheTtlMs === null ? 'legacy cache on, as deployed' : 'legacy cache off'})`,
  );
  const engineEnv: Record<string, string> = options.engines ? { REDIS_URL: options.engines.redisUrl, DATABASE_URL: options.engines.databaseUrl } : {};
  const subgraphEnv: Record<string, string> = { NODE_ENV, HOST, SUBGRAPH_SHARED_SECRET: sharedSecret, CREDIT_JOURNAL_DIR: journalDir, ...engineEnv };
  for (const n of SUBGRAPH_NAMES) subgraphEnv[`${n.toUpperCase()}_SUBGRAPH_PORT`] = String(ports.subgraphs[n]);
  const cacheTtlMs = options.cacheTtlMs === undefined ? 0 : options.cacheTtlMs;
  for (const d of DEPARTMENTS) {
    subgraphEnv[`${d.toUpperCase()}_LEGACY_URL`] = `http://${HOST}:${ports.simulators[d]}`;
    subgraphEnv[`${d.toUpperCase()}_LEGACY_KEY`] = legacyKeys[d];
    // Latency figures must include the legacy systems, not answers a cache kept from an earlier request.
    if (cacheTtlMs !== null) subgraphEnv[`${d.toUpperCase()}_CACHE_TTL_MS`] = String(cacheTtlMs);
  }
  /** Each subgraph process: its name, its port, and how many replicas of it run (`REPLICAS`, the fallback share). */
  const subgraphProcesses = SUBGRAPH_NAMES.flatMap((n) =>
    (n === 'courts' || n === 'tax' ? instances(n) : [0]).map((i) => ({
      name: replicaName(n, i),
      subgraph: n,
      port: n === 'courts' || n === 'tax' ? replicaPort(ports, n, i) : ports.subgraphs[n],
      replicas: count(n),
    })),
  );
  await Promise.all(
    subgraphProcesses.map((p) =>
      group.start(
        p.name,
        [...tsx, `subgraphs/${p.subgraph}/main.ts`],
        { ...subgraphEnv, [`${p.subgraph.toUpperCase()}_SUBGRAPH_PORT`]: String(p.port), REPLICAS: String(p.replicas) },
        /subgraph listening on/,
        { timeoutMs: 120_000 },
      ),
    ),
  );

  const gatewayPorts = instances('gateway').map((i) => replicaPort(ports, 'gateway', i));
  progress(`starting gateway${gatewayPorts.length > 1 ? 's' : ''} on ${HOST}:${gatewayPorts.join(', ')}`);
  const gatewayEnv: Record<string, string> = {
    NODE_ENV,
    HOST,
    SUBGRAPH_SHARED_SECRET: sharedSecret,
    CALLERS_FILE: callersFile,
    AUDIT_LOG_PATH: auditLog,
    BULK_JOBS_DIR: jobsDir,
    REPLICAS: String(gatewayPorts.length),
    ...engineEnv,
  };
  // Every gateway is given every replica of a subgraph, and spreads its requests over them.
  for (const n of SUBGRAPH_NAMES) {
    gatewayEnv[`${n.toUpperCase()}_SUBGRAPH_URL`] = subgraphProcesses
      .filter((p) => p.subgraph === n)
      .map((p) => `http://${HOST}:${p.port}/`)
      .join(',');
  }
  await Promise.all(
    gatewayPorts.map((port, i) =>
      group.start(
        replicaName('gateway', i),
        [...GATEWAY_NODE_ARGS, ...tsx, 'gateway/main.ts'],
        { ...gatewayEnv, PORT: String(port) },
        /gateway listening on/,
      ),
    ),
  );

  const driverService = await group.fork('driver', join(root, 'bench/driver.ts'), tsx);
  const driver = new Driver(driverService.child);

  return {
    group,
    ports,
    gatewayUrl: `http://${HOST}:${ports.gateway}/graphql`,
    gatewayUrls: gatewayPorts.map((port) => `http://${HOST}:${port}/graphql`),
    legacy: new LegacyControl(ports.simulators as Record<Department, number>),
    driver,
    clientHeaders: (purpose) => ({
      authorization: `Bearer ${key}`,
      'x-query-purpose': purpose,
      ...(purpose === 'BIDDER_CHECK' ? { 'x-query-reference': 'BENCH-TENDER-1' } : {}),
    }),
    hallHeaders: () => ({ authorization: `Bearer ${hall.key}`, 'x-query-purpose': 'ADMINISTRATIVE_LICENSING' }),
    platformHeaders: (platform, tenderReference) => ({
      authorization: `Bearer ${platforms[platform].key}`,
      'x-query-purpose': 'BIDDER_CHECK',
      'x-query-reference': tenderReference,
    }),
    measured: () =>
      [...gatewayPorts.map((_, i) => replicaName('gateway', i)), ...subgraphProcesses.map((p) => p.name), 'legacy', 'driver'].map((n) => ({
        name: n,
        pid: group.get(n).pid,
      })),
    async startHive() {
      // The supergraph composed from the same subgraph SDL as the committed one, with each URL pointed
      // at the bench's port — but without the `jobs` subgraph: our gateway answers that one in
      // process (gateway/jobs), and Hive Gateway has nothing to send it to. The scenarios Hive serves
      // (the counter's check) do not touch it.
      const composed = composeServices(
        SUBGRAPH_MODULES.map((m) => {
          const port = ports.subgraphs[m.name as SubgraphName];
          if (port === undefined) throw new Error(`the bench does not run the subgraph ${m.name}`);
          return { name: m.name, typeDefs: parse(m.sdl()), url: `http://${HOST}:${port}/` };
        }),
      );
      if (composed.errors) throw new Error(`composing Hive Gateway's supergraph: ${composed.errors.map((e) => e.message).join('; ')}`);
      const sdl = composed.supergraphSdl;
      const hiveDir = join(workDir, 'hive');
      mkdirSync(hiveDir, { recursive: true });
      const file = join(hiveDir, 'supergraph.graphql');
      writeFileSync(file, sdl);
      const bin = realpathSync(join(root, 'node_modules/.bin/hive-gateway'));
      // One process (as our gateway); the config file only signs subgraph requests (see it).
      const config = join(root, 'bench/hive-gateway.config.ts');
      const s = await group.start(
        'hive-gateway',
        [bin, 'supergraph', file, '--port', String(ports.hive), '--host', HOST, '--fork', '1', '--config-path', config],
        { NODE_ENV, NO_COLOR: '1', SUBGRAPH_SHARED_SECRET: sharedSecret },
        /Listening on http/,
        { cwd: hiveDir },
      );
      return { ...s, url: `http://${HOST}:${ports.hive}/graphql` };
    },
    async stopHive() {
      await group.stop('hive-gateway');
    },
  };
}
