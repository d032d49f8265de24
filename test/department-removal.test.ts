/**
 * A department is removed from the registry, or not at all (issue 10): in a copy of the project,
 * - the economy & IT entry removed but its measures kept: the credit subgraph refuses to start,
 *   naming every measure whose records no registered department supplies;
 * - the entry and its measures removed, then `npm run generate`: economy is gone from the
 *   supergraph, docker-compose, the console, the README, `npm start`'s services — and a check run
 *   through `npm start` (every service its own process) reads the other departments, is complete
 *   and never names it.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGoldenCases } from '../legacy/dataset/index.js';
import { chinaDate } from '../common/china-date.js';
import { DEPARTMENT_REGISTRY, findingKindsOf } from '../common/departments.js';
import type { LocalSystem } from '../scripts/supervisor/index.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const REMOVED = DEPARTMENT_REGISTRY.find((d) => d.name === 'ECONOMY_IT')!;
const COPIED = [
  'common',
  'gateway',
  'legacy',
  'subgraphs',
  'schema',
  'scripts',
  'test/golden',
  'package.json',
  'tsconfig.json',
  'README.md',
  'docker-compose.yml',
];

const dir = mkdtempSync(join(tmpdir(), 'credit-removal-'));
const copy = join(dir, 'project');

/** The registry source without one entry (an entry is `  {` … `  },` at two spaces' indent). */
function withoutEntry(source: string, name: string): string {
  const start = source.indexOf(`  {\n    name: '${name}',`);
  if (start < 0) throw new Error(`no registry entry ${name}`);
  const end = source.indexOf('\n  },\n', start) + '\n  },\n'.length;
  return source.slice(0, start) + source.slice(end);
}

/** The catalogue without the triggers on the removed department's record types (and measures left without any). */
function withoutMeasuresOf(json: string, kinds: readonly string[]): string {
  const c = JSON.parse(json) as { measures: { code: string; triggers: { kind: string }[] }[] };
  c.measures = c.measures.map((m) => ({ ...m, triggers: m.triggers.filter((t) => !kinds.includes(t.kind)) })).filter((m) => m.triggers.length > 0);
  return JSON.stringify(c, null, 2) + '\n';
}

const registryFile = () => join(copy, 'common/departments.ts');
const catalogueFile = () => join(copy, 'subgraphs/credit/catalogue/measures.json');
const tsx = ['--import', 'tsx'];

beforeAll(() => {
  for (const p of COPIED) cpSync(join(ROOT, p), join(copy, p), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  writeFileSync(registryFile(), withoutEntry(readFileSync(registryFile(), 'utf8'), REMOVED.name));
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a department removed without its measures', () => {
  it('stops the credit subgraph at start, naming the measures whose records nobody supplies', async () => {
    const started = run(process.execPath, [...tsx, 'subgraphs/credit/main.ts'], {
      cwd: copy,
      env: { ...process.env, CREDIT_SUBGRAPH_PORT: '0', CREDIT_JOURNAL_DIR: join(dir, 'journal-1') },
      timeout: 60_000,
    });
    const failure = (await started.then(
      () => null,
      (e: unknown) => e,
    )) as { code?: number; stderr?: string } | null;
    expect(failure, 'the credit subgraph started').not.toBeNull();
    expect(failure!.code).toBe(1);
    expect(failure!.stderr).toMatch(/no registered department supplies (HONOR|SAFETY_PRODUCTION_DISHONEST|CREDIT_COMMITMENT_BREACH)/);
    expect(failure!.stderr).toMatch(/measure [A-Z-]+, field triggers\[\d+\]\.kind/);
  }, 90_000);
});

describe('a department removed with its measures', () => {
  let system: LocalSystem | undefined;
  let gatewayUrl: string;

  beforeAll(async () => {
    writeFileSync(catalogueFile(), withoutMeasuresOf(readFileSync(catalogueFile(), 'utf8'), findingKindsOf(REMOVED)));
    await run('npm', ['run', 'generate'], { cwd: copy, timeout: 120_000 });
    const { createLocalSystem } = (await import(
      pathToFileURL(join(copy, 'scripts/supervisor/index.ts')).href
    )) as typeof import('../scripts/supervisor/index.js');
    const env: Record<string, string | undefined> = {
      ...process.env,
      DATASET_SIZE: '200',
      AUDIT_LOG_PATH: join(dir, 'audit.log'),
      CREDIT_JOURNAL_DIR: join(dir, 'journal-2'),
      LOG_LEVEL: 'warn',
    };
    delete env.SUBGRAPH_SHARED_SECRET;
    for (const d of DEPARTMENT_REGISTRY) delete env[`${d.envPrefix}_LEGACY_URL`];
    system = createLocalSystem({ env, ports: 'ephemeral', probeIntervalMs: 250, log: () => undefined });
    gatewayUrl = await system.start();
  }, 240_000);

  afterAll(async () => {
    await system?.stop();
  }, 30_000);

  it('is gone from the supergraph, docker-compose, the console and the README', () => {
    const supergraph = readFileSync(join(copy, 'schema/supergraph.graphql'), 'utf8');
    expect(supergraph).not.toMatch(new RegExp(`\\b${REMOVED.sectionField}:`));
    expect(supergraph).not.toContain(`${REMOVED.name}`);
    expect(supergraph).not.toMatch(/join__Graph[\s\S]*ECONOMY @join__graph/);
    for (const d of DEPARTMENT_REGISTRY.filter((x) => x !== REMOVED)) expect(supergraph).toContain(`${d.sectionField}:`);
    expect(readFileSync(join(copy, 'docker-compose.yml'), 'utf8')).not.toContain(REMOVED.subgraph);
    expect(readFileSync(join(copy, 'gateway/console/public/assets/lib/departments.generated.js'), 'utf8')).not.toContain(REMOVED.name);
    const table = /<!-- departments:start -->([\s\S]*)<!-- departments:end -->/.exec(readFileSync(join(copy, 'README.md'), 'utf8'))![1]!;
    expect(table).not.toContain(REMOVED.name);
  });

  it('npm start runs no process for it, and a check is complete without it', async () => {
    expect(system!.pid(REMOVED.subgraph)).toBeUndefined();
    for (const d of DEPARTMENT_REGISTRY.filter((x) => x !== REMOVED)) expect(system!.pid(d.subgraph), d.subgraph).toBeDefined();
    const clean = loadGoldenCases(chinaDate(new Date())).find((c) => c.id === 'clean')!.uscc;
    const res = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer dev-service-hall', 'x-query-purpose': 'ADMINISTRATIVE_LICENSING' },
      body: JSON.stringify({
        query: `query($u: String!) { enterprise(uscc: $u) { creditCheck(scenario: HONORS) { verdict missingSources sources { department status } } } }`,
        variables: { u: clean },
      }),
    });
    const body = (await res.json()) as {
      data?: { enterprise: { creditCheck: { verdict: string; missingSources: string[]; sources: { department: string; status: string }[] } } };
      errors?: unknown[];
    };
    expect(body.errors).toBeUndefined();
    const check = body.data!.enterprise.creditCheck;
    expect(check.verdict).toBe('CLEAR');
    expect(check.missingSources).toEqual([]);
    expect(check.sources.map((s) => s.department).sort()).toEqual(
      DEPARTMENT_REGISTRY.filter((x) => x !== REMOVED)
        .map((d) => d.name)
        .sort(),
    );
    expect(check.sources.every((s) => s.status === 'OK')).toBe(true);
  });
});
