/**
 * `npm run catalogue` — the measures catalogue as a table for the credit office to sign off:
 * one row per measure × trigger × basis (measure, level, scenarios, trigger, basis, article,
 * wording, verification, effective dates).
 *
 *   npm run catalogue                       Markdown on stdout
 *   npm run catalogue -- --csv              CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese)
 *   npm run catalogue -- --as-of 2025-06-30 only what was in force that day
 *   npm run catalogue -- --file other.json  another catalogue file (validated first)
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadCatalogue, measuresInForce, triggerPeriod, type Catalogue } from '../subgraphs/credit/catalogue/catalogue.js';

export interface CatalogueRow {
  code: string;
  nameZh: string;
  kind: string;
  category: string;
  scenarios: string;
  trigger: string;
  condition: string;
  document: string;
  documentNumber: string;
  article: string;
  wording: string;
  verification: string;
  verifiedSource: string;
  effectiveFrom: string;
  effectiveUntil: string;
  localChoice: string;
  scope: string;
}

export const COLUMNS: [keyof CatalogueRow, string][] = [
  ['code', '措施代码'],
  ['nameZh', '措施名称'],
  ['kind', '措施类别'],
  ['category', '措施性质'],
  ['scenarios', '适用场景'],
  ['trigger', '触发记录'],
  ['condition', '触发条件'],
  ['document', '依据文件'],
  ['documentNumber', '文号'],
  ['article', '条款'],
  ['wording', '原文'],
  ['verification', '核对状态'],
  ['verifiedSource', '核对出处'],
  ['effectiveFrom', '施行日期'],
  ['effectiveUntil', '失效日期'],
  ['localChoice', '本地适用选择'],
  ['scope', '适用范围'],
];

export function catalogueRows(c: Catalogue, asOf?: string): CatalogueRow[] {
  const measures = asOf ? measuresInForce(c, asOf) : c.measures;
  return measures.flatMap((m) =>
    m.triggers.flatMap((t) => {
      const period = triggerPeriod(c, m, t);
      return t.bases.map((b) => {
        const d = c.documents[b.document]!;
        const from = [d.effectiveFrom, period.from].sort().at(-1)!;
        const until = [d.effectiveUntil, period.until].filter((x): x is string => !!x).sort()[0] ?? '';
        return {
          code: m.code,
          nameZh: m.nameZh,
          kind: m.kind,
          category: m.category,
          scenarios: m.scenarios.join(' '),
          trigger: t.kind,
          condition: t.penalty?.description.zh ?? '',
          document: d.title,
          documentNumber: d.documentNumber ?? '',
          article: b.article,
          wording: b.wording,
          verification: b.verification.state,
          verifiedSource: b.verification.source ? `${b.verification.source}（${b.verification.readOn ?? ''}）` : '',
          effectiveFrom: from,
          effectiveUntil: until,
          localChoice: t.localChoice?.zh ?? '',
          scope: m.scope?.zh ?? '',
        };
      });
    }),
  );
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function catalogueMarkdown(c: Catalogue, asOf?: string, columns: (keyof CatalogueRow)[] = COLUMNS.map(([k]) => k)): string {
  const head = columns.map((k) => COLUMNS.find(([c2]) => c2 === k)![1]);
  const rows = catalogueRows(c, asOf).map((r) => `| ${columns.map((k) => cell(k === 'code' ? `\`${r[k]}\`` : r[k])).join(' | ')} |`);
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows].join('\n');
}

const csvCell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function catalogueCsv(c: Catalogue, asOf?: string): string {
  const lines = [COLUMNS.map(([, zh]) => zh).join(','), ...catalogueRows(c, asOf).map((r) => COLUMNS.map(([k]) => csvCell(r[k])).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** How many bases (trigger × article) are CONFIRMED, of how many. */
export function verificationCount(c: Catalogue): { confirmed: number; total: number } {
  const rows = catalogueRows(c);
  return { confirmed: rows.filter((r) => r.verification === 'CONFIRMED').length, total: rows.length };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { csv: { type: 'boolean', default: false }, 'as-of': { type: 'string' }, file: { type: 'string' } } });
  const asOf = values['as-of'];
  const t = asOf === undefined ? NaN : Date.parse(`${asOf}T00:00:00Z`);
  if (asOf !== undefined && !(/^\d{4}-\d{2}-\d{2}$/.test(asOf) && !Number.isNaN(t) && new Date(t).toISOString().startsWith(asOf))) {
    console.error(`--as-of must be a date written YYYY-MM-DD; got "${asOf}"`);
    process.exit(2);
  }
  let c: Catalogue;
  try {
    c = loadCatalogue(values.file ?? undefined);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  if (values.csv) process.stdout.write(catalogueCsv(c, asOf));
  else {
    const n = verificationCount(c);
    process.stdout.write(
      `# ${c.title}\n\n版本 ${c.version}${asOf ? `，适用日期 ${asOf}` : ''}；依据条款 ${n.total} 条，已核对 ${n.confirmed} 条。\n\n${catalogueMarkdown(c, asOf)}\n`,
    );
  }
}
