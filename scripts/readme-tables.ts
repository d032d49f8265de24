/**
 * Writes the generated tables of README.md from their sources: the measures table (between the
 * `catalogue:start` / `catalogue:end` markers) from the checked-in catalogue, and the golden cases
 * (`golden:start` / `golden:end`) from test/golden/cases.json — `npm run docs`. A test fails when
 * the README differs from what this produces.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCatalogue, type Catalogue } from '../subgraphs/credit/catalogue/catalogue.js';
import { catalogueMarkdown, verificationCount } from './catalogue.js';

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

function replaceBlock(readme: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const i = readme.indexOf(start);
  const j = readme.indexOf(end);
  if (i < 0 || j < i) throw new Error(`README.md has no ${name} markers`);
  return readme.slice(0, i + start.length) + '\n' + body + '\n' + readme.slice(j);
}

export function renderReadme(readme: string, c: Catalogue, golden: GoldenFile): string {
  return replaceBlock(replaceBlock(readme, 'catalogue', catalogueTable(c)), 'golden', goldenTable(golden));
}

export function readGolden(): GoldenFile {
  return JSON.parse(readFileSync(new URL('../test/golden/cases.json', import.meta.url), 'utf8')) as GoldenFile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const path = new URL('../README.md', import.meta.url);
  writeFileSync(path, renderReadme(readFileSync(path, 'utf8'), loadCatalogue(), readGolden()));
  console.log('README.md tables updated');
}
