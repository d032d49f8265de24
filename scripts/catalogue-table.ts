/**
 * Writes the measures table in README.md (between the `catalogue:start` / `catalogue:end`
 * markers) from the checked-in catalogue: `npm run docs:catalogue`. A test fails when the README
 * table differs from what this produces.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCatalogue, type Catalogue } from '../subgraphs/credit/catalogue/catalogue.js';

export function catalogueTable(c: Catalogue): string {
  const rows = c.measures.map((m) => {
    const basis = m.legalBasis.map((b) => `${b.document}${b.documentNumber ? `（${b.documentNumber}）` : ''} ${b.article}`).join('；');
    const duration = m.duration.type === 'FIXED_TERM' ? `${m.duration.months} months from listing` : 'record window';
    return `| \`${m.code}\` | ${m.nameZh} | ${m.kind} | ${m.triggers.join(', ')} | ${m.scenarios.join(', ')} | ${basis} | ${m.implementedBy} | ${duration} | ${m.origin === 'OFFICIAL_TEXT' ? 'official text' : 'local choice'} |`;
  });
  return [
    `Catalogue version \`${c.version}\` (\`subgraphs/credit/catalogue/measures.json\`).`,
    '',
    '| code | measure | kind | triggered by | scenarios | legal basis | implemented by | applies for | origin |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export function renderReadme(readme: string, c: Catalogue): string {
  const start = '<!-- catalogue:start -->';
  const end = '<!-- catalogue:end -->';
  const i = readme.indexOf(start);
  const j = readme.indexOf(end);
  if (i < 0 || j < i) throw new Error('README.md has no catalogue markers');
  return readme.slice(0, i + start.length) + '\n' + catalogueTable(c) + '\n' + readme.slice(j);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const path = new URL('../README.md', import.meta.url);
  writeFileSync(path, renderReadme(readFileSync(path, 'utf8'), loadCatalogue()));
  console.log('README.md catalogue table updated');
}
