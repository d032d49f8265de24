/**
 * Writes the generated tables of README.md from their sources: the measures table (between the
 * `catalogue:start` / `catalogue:end` markers) from the checked-in catalogue, the golden cases
 * (`golden:start` / `golden:end`) from test/golden/cases.json, and the error codes
 * (`errors:start` / `errors:end`) from the registry in common/error-codes.ts — `npm run docs`. A test fails when
 * the README differs from what this produces.
 */
import { DEPARTMENT_REGISTRY, findingKindsOf, type DepartmentEntry } from '../common/departments.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCatalogue, type Catalogue } from '../subgraphs/credit/catalogue/catalogue.js';
import { catalogueMarkdown, verificationCount } from './catalogue.js';
import { ERROR_CODES, type ErrorCodeDefinition } from '../common/error-codes.js';

export function catalogueTable(c: Catalogue): string {
  const n = verificationCount(c);
  return [
    `Catalogue version \`${c.version}\` (\`subgraphs/credit/catalogue/measures.json\`): ${c.measures.length} measures resting on ${n.total} trigger × article bases, of which **${n.confirmed} are CONFIRMED** (the wording was read in the official text or a reproduction of it) and ${n.total - n.confirmed} UNCONFIRMED (no PROHIBIT rests on an unconfirmed basis). One row per measure × trigger × basis; the full table with wording, verification source and local choices: \`npm run catalogue\` (\`-- --csv\`, \`-- --as-of YYYY-MM-DD\`).`,
    '',
    catalogueMarkdown(c, undefined, ['code', 'nameZh', 'kind', 'scenarios', 'trigger', 'condition', 'documentNumber', 'document', 'article', 'verification', 'effectiveFrom', 'effectiveUntil']),
  ].join('\n');
}

interface GoldenFile {
  cases: { id: string; uscc: string; title: string; titleZh: string; expected?: Record<string, { verdict: string }> }[];
}

export function goldenTable(g: GoldenFile): string {
  const rows = g.cases.map(
    (c) =>
      `| \`${c.id}\` | \`${c.uscc}\` | ${c.titleZh} — ${c.title} | ${c.expected?.BIDDING?.verdict ?? ''} | ${c.expected?.GENERAL?.verdict ?? ''} | ${c.expected?.FISCAL_FUNDS?.verdict ?? ''} |`,
  );
  return ['| id | USCC | what it is | BIDDING | GENERAL | FISCAL_FUNDS |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

const FROM: Record<ErrorCodeDefinition['from'][number], string> = { gateway: 'gateway', subgraph: 'subgraph', apollo: 'Apollo' };

/** One row per registered code, in the registry's order (the order a request meets them). */
export function errorsTable(codes: Readonly<Record<string, ErrorCodeDefinition>> = ERROR_CODES): string {
  const rows = Object.entries(codes).map(([code, d]) => {
    const status = d.atField ? `${d.status}; 200 at a field` : String(d.status);
    return `| \`${code}\` | ${status} | ${d.from.map((f) => FROM[f]).join(', ')} | ${cell(d.zh)} | ${cell(d.en)} |`;
  });
  return ['| code | HTTP | sent by | 中文说明 | meaning |', '|---|---|---|---|---|', ...rows].join('\n');
}

const LEGACY_KIND: Record<DepartmentEntry['legacyKind'], string> = {
  batch: 'batch lookup',
  'per-code': 'one code per call',
  local: 'daily export held in memory',
};

/** The registered departments (`common/departments.ts`). */
export function departmentsTable(entries: readonly DepartmentEntry[] = DEPARTMENT_REGISTRY): string {
  const rows = entries.map(
    (d) =>
      `| \`${d.name}\` | ${d.labelZh} | \`${d.sectionField}\` | \`${d.subgraph}\` :${d.port} | :${d.legacyPort} | \`${d.envPrefix}_\` | ${LEGACY_KIND[d.legacyKind]}, at most ${d.batchLimit} per call | ${findingKindsOf(d).map((k) => `\`${k}\``).join(', ')} |`,
  );
  return [
    '| department | 部门 | section | subgraph | simulator | variables | legacy system | record types (FindingKind) |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function replaceBlock(readme: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const i = readme.indexOf(start);
  const j = readme.indexOf(end);
  if (i < 0 || j < i) throw new Error(`README.md has no ${name} markers`);
  return readme.slice(0, i + start.length) + '\n' + body + '\n' + readme.slice(j);
}

export function renderReadme(readme: string, c: Catalogue, golden: GoldenFile): string {
  const tables = { catalogue: catalogueTable(c), golden: goldenTable(golden), errors: errorsTable(), departments: departmentsTable() };
  return Object.entries(tables).reduce((r, [name, body]) => replaceBlock(r, name, body), readme);
}

export function readGolden(): GoldenFile {
  return JSON.parse(readFileSync(new URL('../test/golden/cases.json', import.meta.url), 'utf8')) as GoldenFile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const path = new URL('../README.md', import.meta.url);
  writeFileSync(path, renderReadme(readFileSync(path, 'utf8'), loadCatalogue(), readGolden()));
  console.log('README.md tables updated');
}
