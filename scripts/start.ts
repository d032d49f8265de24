/**
 * `npm start`: the whole system on this machine — the simulated legacy systems, the six
 * subgraphs and the gateway, each as its own process (as docker-compose runs them) — then one
 * line `ready <gateway url>` once a probe query has read all five departments through the gateway.
 *
 * Every variable the services read can be set here and is passed on. A `<NAME>_LEGACY_URL` that
 * is set points that department at another system, and its simulator is not started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { loadGatewayConfig } from '../gateway/config.js';
import { LEGACY_SYSTEM_NAMES } from '../legacy/systems.js';
import { loadGoldenCases } from '../legacy/dataset/index.js';
import { chinaDate } from '../subgraphs/shared/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
/** How the gateway process runs (also in docker-compose.yml and the benchmark). */
const GATEWAY_NODE_OPTIONS = process.env.GATEWAY_NODE_OPTIONS ?? '--max-old-space-size=192';
const children: { name: string; child: ChildProcess }[] = [];
let stopping = false;

function run(name: string, script: string, env: Record<string, string | undefined>, readyLine: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push({ name, child });
    const pad = name.padEnd(11);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      console.log(`${pad}| ${line}`);
      if (readyLine.test(line)) resolve();
    });
    createInterface({ input: child.stderr! }).on('line', (line) => console.error(`${pad}| ${line}`));
    child.on('exit', (code, signal) => {
      reject(new Error(`${name} exited (${signal ?? code}) before it was ready`));
      if (!stopping) {
        console.error(`${name} stopped unexpectedly (${signal ?? `exit ${code}`}); stopping everything.`);
        void shutdown(1);
      }
    });
  });
}

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  for (const { child } of children) child.kill('SIGTERM');
  const deadline = setTimeout(() => {
    for (const { child } of children) child.kill('SIGKILL');
    process.exit(code);
  }, 5000);
  deadline.unref();
  await Promise.all(children.map(({ child }) => (child.exitCode !== null ? null : new Promise((r) => child.once('exit', r)))));
  process.exit(code);
}
process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));

async function probe(url: string, uscc: string): Promise<string[]> {
  const query = `{ enterprise(uscc: "${uscc}") { marketRegulation { source { status } } tax { source { status } } judicial { source { status } } environment { source { status } } economy { source { status } } } }`;
  // The probe is itself a query for enterprise data, so it comes as a caller, with a purpose, and is audited.
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${process.env.DEV_KEY_REPORT_DEVELOPER ?? 'dev-report-developer'}`,
      'x-query-purpose': 'CREDIT_REPORT',
      'x-query-reference': 'STARTUP-PROBE',
    },
    body: JSON.stringify({ query }),
  });
  const body = (await res.json()) as { data?: { enterprise?: Record<string, { source: { status: string } } | null> } };
  const e = body.data?.enterprise;
  if (!e) return ['gateway'];
  return Object.entries(e)
    .filter(([, v]) => v?.source.status !== 'OK')
    .map(([k]) => k);
}

try {
  const gatewayConfig = loadGatewayConfig(process.env);
  const simulated = LEGACY_SYSTEM_NAMES.filter((n) => !process.env[`${n.toUpperCase()}_LEGACY_URL`]);
  if (simulated.length > 0) {
    await run('legacy', 'legacy/main.ts', { LEGACY_SYSTEMS: simulated.join(',') }, /^legacy systems ready/);
  }
  await Promise.all(
    ['credit', 'market', 'tax', 'courts', 'environment', 'economy'].map((n) =>
      run(n, `subgraphs/${n}/main.ts`, {}, /subgraph listening on/),
    ),
  );
  // A bounded heap keeps the gateway's memory flat under load (the collector works sooner).
  await run('gateway', 'gateway/main.ts', { NODE_OPTIONS: GATEWAY_NODE_OPTIONS }, /gateway listening on/);
  const url = `http://${gatewayConfig.http.host}:${gatewayConfig.http.port}/graphql`;
  // The `clean` golden case: every department knows it, so each must answer OK.
  const probeCode = loadGoldenCases(chinaDate(new Date())).find((c) => c.id === 'clean')!.uscc;
  for (let attempt = 1; ; attempt++) {
    const missing = await probe(url, probeCode).catch(() => ['gateway']);
    if (missing.length === 0) break;
    if (attempt === 1 || attempt % 10 === 0) console.log(`waiting for: ${missing.join(', ')}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  console.log(`ready ${url}`);
} catch (err) {
  console.error((err as Error).message);
  await shutdown(1);
}
