/**
 * `npm start`: the whole system on this machine — the simulated legacy systems, the six subgraphs and
 * the gateway, each as its own process (as docker-compose runs them) — then one line
 * `ready <gateway url>` once a probe query has read every department through the gateway.
 *
 * A process that dies is logged and started again (0.5 s, doubling to 30 s while it keeps dying)
 * while the others go on answering: a department missing meanwhile is INCOMPLETE, and `ready` is
 * printed again once the probe reads all five. Ctrl-C or SIGTERM stops everything.
 *
 * Every variable the services read can be set here and is passed on. A `<NAME>_LEGACY_URL` that is
 * set points that department at another system, and its simulator is not started. The gateway and
 * subgraphs share a secret made for this run unless `SUBGRAPH_SHARED_SECRET` is set.
 *
 * `npm start -- --replicas gateway=2,courts=2,tax=2` runs several processes of those services (the
 * first on its usual port, the others on ephemeral ones; every gateway is given every subgraph
 * replica). `REDIS_URL` and `DATABASE_URL`, when set, reach every service like any variable.
 */
import { parseArgs } from 'node:util';
import { createLocalSystem, type LocalSystemEvent, type LocalSystemOptions } from './supervisor/index.js';

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

/** `gateway=2,courts=2` → `{ gateway: 2, courts: 2 }`; createLocalSystem checks the names and counts. */
function parseReplicas(value: string | undefined): LocalSystemOptions['replicas'] {
  if (value === undefined) return undefined;
  const counts: Record<string, number> = {};
  for (const item of value.split(',')) {
    const m = /^\s*([a-z]+)\s*=\s*(\d+)\s*$/.exec(item);
    if (!m) throw new Error(`--replicas: "${item}" is not service=count (e.g. --replicas gateway=2,courts=2)`);
    counts[m[1]!] = Number(m[2]);
  }
  return counts;
}

let width = 11;
function print(e: LocalSystemEvent): void {
  const pad = (name: string) => `${name.padEnd(width)}| `;
  switch (e.kind) {
    case 'output':
      (e.stream === 'stderr' ? console.error : console.log)(pad(e.service) + e.line);
      return;
    case 'started':
      if (e.attempt > 1) console.log(`${pad('supervisor')}${e.service} started again (pid ${e.pid}, start ${e.attempt})`);
      return;
    case 'ready':
      if (e.attempt > 1) console.log(`${pad('supervisor')}${e.service} is listening again (pid ${e.pid})`);
      return;
    case 'system-ready':
      console.log(e.urls.length > 1 ? `ready ${e.url} (also ${e.urls.slice(1).join(' ')})` : `ready ${e.url}`);
      return;
    case 'not-ready':
      console.error(`${pad('supervisor')}${e.service} (pid ${e.pid}) not ready after ${seconds(e.afterMs)}; killing it`);
      return;
    case 'exited': {
      const how = e.signal ? `signal ${e.signal}` : `exit code ${e.code}`;
      const next = e.restart ? `; restart ${e.restart.attempt - 1} in ${seconds(e.restart.delayMs)}` : '';
      if (!stopping) console.error(`${pad('supervisor')}${e.service} (pid ${e.pid}) stopped unexpectedly (${how}) after ${seconds(e.ranMs)}${next}`);
      return;
    }
    case 'waiting':
      console.log(`waiting for: ${e.missing.join(', ')}`);
      return;
  }
}

let stopping = false;
let system: ReturnType<typeof createLocalSystem>;
try {
  const { values } = parseArgs({ options: { replicas: { type: 'string' } } });
  const replicas = parseReplicas(values.replicas);
  // Replica names (`environment#1`) are longer than the services' own.
  if (replicas) width = 14;
  system = createLocalSystem({ log: print, ...(replicas ? { replicas } : {}) });
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await system.stop();
  }
  process.exit(code);
}
// The services run in their own process groups, so a Ctrl-C reaches only this process; it stops them.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => void shutdown(0));
// Whatever ends this process, no service is left running without its supervisor.
process.once('exit', () => system.killAll());

try {
  await system.start();
} catch (err) {
  if (!stopping) {
    console.error((err as Error).message);
    await shutdown(1);
  }
}
