import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { loadGatewayConfig, SUBGRAPHS } from '../../gateway/config.js';
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
}

export type LocalSystemEvent =
  | SupervisorEvent
  /** The probe query through the gateway lacks these (department fields, or `gateway`). */
  | { kind: 'waiting'; missing: string[] }
  /** A probe query read every department through the gateway: at start, and again after every restart. */
  | { kind: 'system-ready'; url: string };

export interface LocalSystem {
  /** Start everything; resolves with the gateway's GraphQL URL once the first probe reads every department. */
  start(): Promise<string>;
  /** Stop every process; none is restarted afterwards. */
  stop(): Promise<void>;
  /** Process id of a service (`legacy`, `credit`, `market` … `economy`, `gateway`), if running. */
  pid(service: string): number | undefined;
  /** Where a service said it listens (`market` → `http://127.0.0.1:4002/`; `gateway` → its GraphQL URL). */
  url(service: string): string | undefined;
  /** SIGKILL everything at once, for a parent that is exiting. */
  killAll(): void;
}

/**
 * The whole system as `npm start` runs it — the simulated legacy systems (those no
 * `<NAME>_LEGACY_URL` points elsewhere), the six subgraphs and the gateway, each its own process —
 * supervised: a process that dies is started again while the rest answer (a department missing
 * meanwhile is INCOMPLETE), and readiness is probed again until every department answer.
 *
 * The processes share a secret made here (`SUBGRAPH_SHARED_SECRET`, 32 random bytes) unless one is
 * set, so no one else on the host can sign subgraph requests with the published development secret.
 */
export function createLocalSystem(options: LocalSystemOptions): LocalSystem {
  const base = options.env ?? process.env;
  const ephemeral = options.ports === 'ephemeral';
  const secret = base.SUBGRAPH_SHARED_SECRET || randomBytes(32).toString('hex');
  const common = { ...base, SUBGRAPH_SHARED_SECRET: secret };
  // Fail before anything starts when the gateway's own variables are wrong (one message naming each).
  loadGatewayConfig(common);

  /** Where each started service listens, from its own output: a restart is told the same port. */
  const urls = new Map<string, string>();
  const portOf = (key: string) => (urls.has(key) ? new URL(urls.get(key)!).port : '0');
  const simulated = LEGACY_SYSTEM_NAMES.filter((n) => !base[`${n.toUpperCase()}_LEGACY_URL`]);
  const subgraphs = Object.keys(SUBGRAPHS) as (keyof typeof SUBGRAPHS)[];

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
    services.push({
      name: n,
      args: ['--import', 'tsx', `subgraphs/${n}/main.ts`],
      env: () => ({
        ...common,
        ...(ephemeral ? { [`${p}_SUBGRAPH_PORT`]: portOf(n) } : {}),
        ...(ephemeral && simulatedHere ? { [`${p}_LEGACY_URL`]: urls.get(`legacy:${n}`) } : {}),
      }),
      readyLine: /subgraph listening on /,
      dependsOn: simulatedHere ? ['legacy'] : [],
    });
  }
  services.push({
    name: 'gateway',
    args: ['--import', 'tsx', 'gateway/main.ts'],
    env: () => ({
      ...common,
      NODE_OPTIONS: base.GATEWAY_NODE_OPTIONS ?? GATEWAY_NODE_OPTIONS,
      ...(ephemeral
        ? { PORT: portOf('gateway'), ...Object.fromEntries(subgraphs.map((n) => [`${n.toUpperCase()}_SUBGRAPH_URL`, urls.get(n)])) }
        : {}),
    }),
    readyLine: /gateway listening on /,
    dependsOn: subgraphs,
  });

  let stopped = false;
  /** Bumped by every exit and every readiness: a probe that began before it cannot declare the system ready. */
  let generation = 0;
  let probing = false;
  let firstReady: ((url: string) => void) | undefined;

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

  async function probeUntilReady(): Promise<void> {
    if (probing) return;
    probing = true;
    try {
      for (let attempt = 1; !stopped; attempt++) {
        const before = generation;
        const url = urls.get('gateway');
        // A process being restarted counts as missing even when the probe reads through caches.
        const down = supervisor.notReady();
        const read = url && !down.includes('gateway') ? await probe(url, probeCode, probeKey).catch(() => ['gateway']) : ['gateway'];
        const missing = [...new Set([...down, ...read])];
        if (stopped) return;
        if (missing.length === 0 && before === generation && url) {
          options.log({ kind: 'system-ready', url });
          firstReady?.(url);
          firstReady = undefined;
          return;
        }
        if (missing.length > 0 && (attempt === 1 || attempt % 10 === 0)) options.log({ kind: 'waiting', missing });
        await new Promise((r) => setTimeout(r, probeIntervalMs));
      }
    } finally {
      probing = false;
    }
  }

  return {
    async start() {
      const ready = new Promise<string>((resolve) => (firstReady = resolve));
      await supervisor.start();
      void probeUntilReady();
      return ready;
    },
    async stop() {
      stopped = true;
      await supervisor.stop();
    },
    pid: (service) => supervisor.pid(service),
    url: (service) => urls.get(service),
    killAll() {
      stopped = true;
      supervisor.killAll();
    },
  };
}

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
