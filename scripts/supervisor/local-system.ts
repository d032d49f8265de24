import { randomBytes } from 'node:crypto';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadGatewayConfig, SUBGRAPHS, type SubgraphName } from '../../gateway/config.js';
import { DEPARTMENT_REGISTRY } from '../../common/departments.js';
import { LEGACY_SYSTEM_NAMES } from '../../legacy/systems.js';
import { loadGoldenCases } from '../../legacy/dataset/index.js';
import { chinaDate } from '../../common/china-date.js';
import type { BackoffOptions } from './backoff.js';
import { createSupervisor, type ServiceDefinition, type SupervisorEvent } from './supervisor.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** How the gateway process runs (also in docker-compose.yml and the benchmark): a bounded heap keeps its memory flat under load. */
const GATEWAY_NODE_OPTIONS = '--max-old-space-size=192';

export interface LocalSystemOptions {
  /** What the services read; every variable is passed on. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /**
   * `configured` (default): the ports the variables or defaults say, as `npm start` runs.
   * `ephemeral`: every service on port 0, and a restart on the port its first start was given (for tests).
   */
  ports?: 'configured' | 'ephemeral';
  /** Every supervisor event, and the system's own: `waiting` (who the probe misses) and `ready`. */
  log: (event: LocalSystemEvent) => void;
  /** Restart back-off. Default 0.5 s doubling to 30 s, reset after 60 s ready. */
  backoff?: BackoffOptions;
  /** Pause between readiness probes. Default 1 s. */
  probeIntervalMs?: number;
  /**
   * Processes per service, e.g. `{ gateway: 2, courts: 2, tax: 2 }` (1 to 16 each; `gateway`, `credit`
   * or a department's subgraph). Each replica is its own process on its own port — ephemeral, except
   * the first replica under `ports: 'configured'`, which keeps the configured one — and every gateway
   * replica is given the URLs of all replicas of each subgraph (`<NAME>_SUBGRAPH_URL`, comma-separated).
   * Each service is told its own count as `REPLICAS`. Default: one of each, exactly as `npm start` has
   * always run (and `REPLICAS` is then left as the environment says).
   */
  replicas?: Partial<Record<ReplicatedService, number>>;
  /**
   * Shared engines, given to every service as `REDIS_URL` and `DATABASE_URL` (over what `env` says).
   * Default: none besides `env`'s — in-process state and files.
   */
  engines?: { redisUrl?: string; databaseUrl?: string };
}

/** The services that can run as several replicas (the simulated legacy systems run as one process). */
export type ReplicatedService = 'gateway' | SubgraphName;
const MAX_REPLICAS = 16;

export type LocalSystemEvent =
  | SupervisorEvent
  /** The probe query through the gateway lacks these (department fields, or `gateway`). */
  | { kind: 'waiting'; missing: string[] }
  /**
   * A probe query read every department through every gateway replica: at start, and again after
   * every restart. `url` is the first gateway's GraphQL URL, `urls` every gateway replica's.
   */
  | { kind: 'system-ready'; url: string; urls: string[] };

export interface LocalSystem {
  /** Start everything; resolves with the (first) gateway's GraphQL URL once the first probe reads every department. */
  start(): Promise<string>;
  /** Stop every process; none is restarted afterwards. */
  stop(): Promise<void>;
  /** Process id of a service (`legacy`, `credit`, `market` … `economy`, `gateway`) or of one of its replicas (default the first), if running. */
  pid(service: string, replica?: number): number | undefined;
  /**
   * Where a service (or one of its replicas, default the first) said it listens (`market` →
   * `http://127.0.0.1:4002/`; `gateway` → its GraphQL URL). A restarted replica keeps its URL under `ports: 'ephemeral'`.
   */
  url(service: string, replica?: number): string | undefined;
  /** How many replicas a service runs (1 unless `replicas` says otherwise). */
  replicas(service: string): number;
  /**
   * The name a replica goes by in events and log lines: the service's own name when it runs one
   * process (`courts`), `courts#0`, `courts#1` … when it runs several.
   */
  instance(service: string, replica?: number): string;
  /** Every gateway replica's GraphQL URL, in order (once each has listened). */
  gatewayUrls(): string[];
  /**
   * SIGKILL one replica (default the first), as a crash; resolves once it has exited. It is started
   * again after the back-off, on the same port; with `hold: true` it stays down until `restart`.
   */
  kill(service: string, replica?: number, options?: { hold?: boolean }): Promise<void>;
  /** Start one replica (default the first) again now — SIGKILLing it first if it runs — on the same port; resolves when it listens. */
  restart(service: string, replica?: number): Promise<void>;
  /** Probe now (if no probe is running) and resolve with the first gateway's URL at the next `system-ready`. */
  whenReady(): Promise<string>;
  /** SIGKILL everything at once, for a parent that is exiting. */
  killAll(): void;
}

/**
 * The whole system as `npm start` runs it — the simulated legacy systems (those no
 * `<NAME>_LEGACY_URL` points elsewhere), the subgraphs and the gateway, each its own process (or
 * several: `replicas`) — supervised: a process that dies is started again while the rest answer (a
 * department missing meanwhile is INCOMPLETE, or served by another replica), and readiness is probed
 * again until every department answers through every gateway replica.
 *
 * The processes share a secret made here (`SUBGRAPH_SHARED_SECRET`, 32 random bytes) unless one is
 * set, so no one else on the host can sign subgraph requests with the published development secret.
 */
export function createLocalSystem(options: LocalSystemOptions): LocalSystem {
  const base = options.env ?? process.env;
  const ephemeral = options.ports === 'ephemeral';
  const secret = base.SUBGRAPH_SHARED_SECRET || randomBytes(32).toString('hex');
  const engines = {
    ...(options.engines?.redisUrl ? { REDIS_URL: options.engines.redisUrl } : {}),
    ...(options.engines?.databaseUrl ? { DATABASE_URL: options.engines.databaseUrl } : {}),
  };
  const common: Record<string, string | undefined> = { ...base, ...engines, SUBGRAPH_SHARED_SECRET: secret };
  // Fail before anything starts when the gateway's own variables are wrong (one message naming each).
  loadGatewayConfig(common);

  const subgraphs = Object.keys(SUBGRAPHS) as SubgraphName[];
  const counts = replicaCounts(options.replicas, subgraphs);
  const countOf = (service: string) => counts.get(service) ?? 1;
  const instance = (service: string, replica = 0) => {
    const n = countOf(service);
    if (!Number.isInteger(replica) || replica < 0 || replica >= n) {
      throw new RangeError(`${service} runs ${n} replica${n === 1 ? '' : 's'} (numbered from 0): there is no replica ${replica}`);
    }
    return n === 1 ? service : `${service}#${replica}`;
  };
  const instances = (service: string) => Array.from({ length: countOf(service) }, (_, i) => instance(service, i));
  /** Each service is told its own replica count, when counts were given (a shared budget's share when Redis is out). */
  const replicasVar = (service: string) => (options.replicas ? { REPLICAS: String(countOf(service)) } : {});

  /** Where each started process listens, from its own output: a restart is told the same port. */
  const urls = new Map<string, string>();
  const portOf = (key: string) => (urls.has(key) ? new URL(urls.get(key)!).port : '0');
  /** Every replica but the first under configured ports, and every one under ephemeral ports, takes a port of its own. */
  const ownPort = (replica: number) => ephemeral || replica > 0;
  const simulated = LEGACY_SYSTEM_NAMES.filter((n) => !base[`${n.toUpperCase()}_LEGACY_URL`]);

  const services: ServiceDefinition[] = [];
  if (simulated.length > 0) {
    services.push({
      name: 'legacy',
      args: ['--import', 'tsx', 'legacy/main.ts'],
      env: () => ({
        ...common,
        LEGACY_SYSTEMS: simulated.join(','),
        ...(ephemeral ? Object.fromEntries(simulated.map((n) => [`${n.toUpperCase()}_SIMULATOR_PORT`, portOf(`legacy:${n}`)])) : {}),
      }),
      readyLine: /^legacy systems ready/,
    });
  }
  for (const n of subgraphs) {
    const p = n.toUpperCase();
    const simulatedHere = (simulated as string[]).includes(n);
    instances(n).forEach((name, i) => {
      services.push({
        name,
        args: ['--import', 'tsx', `subgraphs/${n}/main.ts`],
        env: () => ({
          ...common,
          ...replicasVar(n),
          ...(ownPort(i) ? { [`${p}_SUBGRAPH_PORT`]: portOf(name) } : {}),
          ...(ephemeral && simulatedHere ? { [`${p}_LEGACY_URL`]: urls.get(`legacy:${n}`) } : {}),
          // Two processes never write one journal: a replica after the first keeps its own (with
          // DATABASE_URL the journal is shared in PostgreSQL and the folder goes unused).
          ...(n === 'credit' && i > 0 ? { CREDIT_JOURNAL_DIR: `${trimSlash(common.CREDIT_JOURNAL_DIR ?? './data/credit')}-${i}` } : {}),
        }),
        readyLine: /subgraph listening on /,
        dependsOn: simulatedHere ? ['legacy'] : [],
      });
    });
  }
  /** `<NAME>_SUBGRAPH_URL` for the gateways: every replica's URL, learnt from its output. */
  const subgraphUrlVars = () =>
    Object.fromEntries(
      subgraphs
        // Under configured ports a subgraph of one process is where the variables or defaults say, as always.
        .filter((n) => ephemeral || countOf(n) > 1)
        .map((n) => [
          `${n.toUpperCase()}_SUBGRAPH_URL`,
          instances(n)
            .map((name) => urls.get(name))
            .join(','),
        ]),
    );
  const auditLogPath = common.AUDIT_LOG_PATH ?? './data/audit.log';
  instances('gateway').forEach((name, i) => {
    services.push({
      name,
      args: ['--import', 'tsx', 'gateway/main.ts'],
      env: () => ({
        ...common,
        ...replicasVar('gateway'),
        NODE_OPTIONS: base.GATEWAY_NODE_OPTIONS ?? GATEWAY_NODE_OPTIONS,
        ...(ownPort(i) ? { PORT: portOf(name) } : {}),
        ...subgraphUrlVars(),
        // Two processes never append to one audit file or one jobs folder: a file has one writer (its
        // hash chain and group commit are in that process). A replica after the first keeps its own
        // beside the first's; with DATABASE_URL the trail is shared in PostgreSQL and these go unused.
        ...(i > 0
          ? {
              AUDIT_LOG_PATH: numbered(auditLogPath, i),
              BULK_JOBS_DIR: common.BULK_JOBS_DIR ? `${trimSlash(common.BULK_JOBS_DIR)}-${i}` : join(dirname(auditLogPath), `jobs-${i}`),
            }
          : {}),
      }),
      readyLine: /gateway listening on /,
      dependsOn: subgraphs.flatMap(instances),
    });
  });

  let stopped = false;
  /** Bumped by every exit and every readiness: a probe that began before it cannot declare the system ready. */
  let generation = 0;
  let probing = false;
  let readyWaiters: ((url: string) => void)[] = [];

  const supervisor = createSupervisor({
    services,
    cwd: ROOT,
    backoff: options.backoff,
    log(event) {
      if (event.kind === 'output' && event.stream === 'stdout') learnUrl(event.service, event.line);
      options.log(event);
      if (event.kind === 'exited' || (event.kind === 'ready' && event.attempt > 1)) {
        generation++;
        if (event.kind === 'exited' && event.restart === null) return;
        void probeUntilReady();
      }
    },
  });

  function learnUrl(service: string, line: string) {
    const legacy = /^legacy (\w+) simulator listening on (\S+)/.exec(line);
    if (service === 'legacy' && legacy) urls.set(`legacy:${legacy[1]}`, legacy[2]!);
    const listening = /(?:subgraph|gateway) listening on (\S+)/.exec(line);
    if (listening && service !== 'legacy') urls.set(service, listening[1]!);
  }

  // The `clean` golden case: every department knows it, so each must answer OK.
  const probeCode = loadGoldenCases(chinaDate(new Date())).find((c) => c.id === 'clean')!.uscc;
  const probeKey = base.DEV_KEY_REPORT_DEVELOPER ?? 'dev-report-developer';
  const probeIntervalMs = options.probeIntervalMs ?? 1000;
  const gatewayUrls = () => instances('gateway').flatMap((g) => (urls.has(g) ? [urls.get(g)!] : []));

  async function probeUntilReady(): Promise<void> {
    if (probing) return;
    probing = true;
    try {
      for (let attempt = 1; !stopped; attempt++) {
        const before = generation;
        // A process being restarted counts as missing even when the probe reads through caches.
        const down = supervisor.notReady();
        // Every gateway replica must read every department: a load balancer may send anyone to any of them.
        const reads = await Promise.all(
          instances('gateway').map(async (g) => {
            const url = urls.get(g);
            if (!url || down.includes(g)) return [g];
            const missing = await probe(url, probeCode, probeKey).catch(() => ['gateway']);
            return missing.map((m) => (m === 'gateway' ? g : m));
          }),
        );
        const missing = [...new Set([...down, ...reads.flat()])];
        if (stopped) return;
        const all = gatewayUrls();
        if (missing.length === 0 && before === generation && all.length === countOf('gateway')) {
          options.log({ kind: 'system-ready', url: all[0]!, urls: all });
          for (const w of readyWaiters.splice(0)) w(all[0]!);
          return;
        }
        if (missing.length > 0 && (attempt === 1 || attempt % 10 === 0)) options.log({ kind: 'waiting', missing });
        await new Promise((r) => setTimeout(r, probeIntervalMs));
      }
    } finally {
      probing = false;
    }
  }

  const nextReady = () => new Promise<string>((resolve) => readyWaiters.push(resolve));

  return {
    async start() {
      const ready = nextReady();
      await supervisor.start();
      void probeUntilReady();
      return ready;
    },
    async stop() {
      stopped = true;
      readyWaiters = [];
      await supervisor.stop();
    },
    pid: (service, replica) => supervisor.pid(instance(service, replica)),
    url: (service, replica) => urls.get(instance(service, replica)),
    replicas: countOf,
    instance,
    gatewayUrls,
    kill: (service, replica, killOptions) => supervisor.kill(instance(service, replica), killOptions),
    restart: (service, replica) => supervisor.restart(instance(service, replica)),
    whenReady() {
      const ready = nextReady();
      void probeUntilReady();
      return ready;
    },
    killAll() {
      stopped = true;
      supervisor.killAll();
    },
  };
}

/** The replica counts asked for, checked: known services, whole numbers from 1 to `MAX_REPLICAS`. */
function replicaCounts(asked: LocalSystemOptions['replicas'], subgraphs: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  const known = ['gateway', ...subgraphs];
  const problems: string[] = [];
  for (const [service, n] of Object.entries(asked ?? {})) {
    if (n === undefined) continue;
    if (!known.includes(service)) problems.push(`${service}: not a service that runs as replicas (${known.join(', ')})`);
    else if (!Number.isInteger(n) || n < 1 || n > MAX_REPLICAS)
      problems.push(`${service}: ${n} replicas; give a whole number from 1 to ${MAX_REPLICAS}`);
    else counts.set(service, n);
  }
  if (problems.length > 0) throw new Error(`Invalid replicas:\n  ${problems.join('\n  ')}`);
  return counts;
}

/** `data/audit.log` → `data/audit-1.log`: the file of replica `i`, beside the first replica's. */
function numbered(path: string, i: number): string {
  const ext = extname(path);
  return join(dirname(path), `${basename(path, ext)}-${i}${ext}`);
}

const trimSlash = (dir: string) => dir.replace(/[/\\]+$/, '');

/** The departments the probe query could not read OK through the gateway (`gateway` when it got no enterprise). */
async function probe(url: string, uscc: string, key: string): Promise<string[]> {
  // Every registered department's section: a department the registry lists but nothing serves is not ready.
  const sections = DEPARTMENT_REGISTRY.map((d) => `${d.sectionField} { source { status } }`).join(' ');
  const query = `{ enterprise(uscc: "${uscc}") { ${sections} } }`;
  // The probe is itself a query for enterprise data, so it comes as a caller, with a purpose, and is audited.
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${key}`,
      'x-query-purpose': 'CREDIT_REPORT',
      'x-query-reference': 'STARTUP-PROBE',
    },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await res.json()) as {
    data?: { enterprise?: Record<string, { source: { status: string } } | null> | null };
    errors?: { extensions?: { serviceName?: string } }[];
  };
  const e = body.data?.enterprise;
  if (!e) {
    const named = [...new Set((body.errors ?? []).map((x) => x.extensions?.serviceName).filter((s): s is string => !!s))];
    return named.length > 0 ? named : ['gateway'];
  }
  return DEPARTMENT_REGISTRY.filter((d) => e[d.sectionField]?.source.status !== 'OK').map((d) => d.sectionField);
}
