/**
 * `npm run case-report -- 2026-11 [--out cases-2026-11.csv] [--url http://127.0.0.1:4000/graphql]
 * [--key dev-auditor] [--purpose AUDIT] | [--database postgres://…] | [--journal-dir ./data/credit]`
 *
 * 联合奖惩案例月报: the month's joint reward and punishment cases (every check that found a measure,
 * with what the handling system reported) as CSV for the credit office, plus the per-measure counts
 * on stderr. By default it reads `caseRecords(month)` through the gateway, as a caller with a purpose
 * (audited). An operator of the credit office who holds the database's address can read the check
 * journal itself instead — `DATABASE_URL` in the environment when neither `--url` nor `--journal-dir`
 * is given, or `--database <url>` (a command line is visible to the machine's other users: prefer
 * the variable when the URL holds a password) — or the file journal of a single-machine installation
 * (`--journal-dir`). The report is then made here, by the same code as the credit subgraph's
 * `caseRecords`, with the measures catalogue of `CREDIT_CATALOGUE_PATH` (default the checked-in one),
 * and is not in the gateway's audit trail: it is the database's own access control that decides who
 * reads it.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createGraphqlClient, GraphqlRequestError } from '../gateway/console/public/assets/lib/graphql.js';
import { toCsv } from '../gateway/console/public/assets/lib/csv.js';
import { createSharedPool } from '../common/engines/index.js';
import { loadCatalogue } from '../subgraphs/credit/catalogue/catalogue.js';
import { caseReport } from '../subgraphs/credit/journal/case-report.js';
import { openCheckJournal, type CheckJournal } from '../subgraphs/credit/journal/check-journal.js';
import { openPostgresJournal } from '../subgraphs/credit/journal/postgres-journal.js';

const QUERY = /* GraphQL */ `
  query CaseReport($month: String!) {
    caseRecords(month: $month) {
      month
      generatedAt
      cases
      punishmentCases
      incentiveCases
      withFeedback
      byMeasure {
        code
        nameZh
        kind
        found
        applied
        notApplied
        pending
      }
      records {
        checkId
        uscc
        scenario
        verdict
        checkedAt
        flagCodes
        incentiveCodes
        feedback {
          applied
          measureCodes
          reason
          reportedAt
        }
      }
    }
  }
`;

interface Report {
  caseRecords: {
    month: string;
    generatedAt: string;
    cases: number;
    punishmentCases: number;
    incentiveCases: number;
    withFeedback: number;
    byMeasure: { code: string; nameZh: string; kind: string; found: number; applied: number; notApplied: number; pending: number }[];
    records: {
      checkId: string;
      uscc: string;
      scenario: string;
      verdict: string;
      checkedAt: string;
      flagCodes: string[];
      incentiveCodes: string[];
      feedback: { applied: boolean; measureCodes: string[]; reason: string; reportedAt: string } | null;
    }[];
  };
}

/** The CSV rows of a report: one per case, with a header in Chinese and English. */
export function caseReportRows(r: Report['caseRecords']): string[][] {
  return [
    [
      '核查编号 check_id',
      '统一社会信用代码 uscc',
      '场景 scenario',
      '结论 verdict',
      '核查时间 checked_at',
      '惩戒措施 flags',
      '激励措施 incentives',
      '是否采取 applied',
      '已采取措施 measures_applied',
      '理由 reason',
      '反馈时间 reported_at',
    ],
    ...r.records.map((c) => [
      c.checkId,
      c.uscc,
      c.scenario,
      c.verdict,
      c.checkedAt,
      c.flagCodes.join(' '),
      c.incentiveCodes.join(' '),
      c.feedback ? (c.feedback.applied ? '是 yes' : '否 no') : '待反馈 pending',
      c.feedback?.measureCodes.join(' ') ?? '',
      c.feedback?.reason ?? '',
      c.feedback?.reportedAt ?? '',
    ]),
  ];
}

/** Where the report is read from: the gateway (default), the database or a journal directory. */
type Source = { kind: 'gateway'; url: string } | { kind: 'database'; url: string } | { kind: 'files'; dir: string };

function sourceOf(values: { url?: string; database?: string; 'journal-dir'?: string }, env: NodeJS.ProcessEnv): Source | string {
  const given = [values.url && '--url', values.database && '--database', values['journal-dir'] && '--journal-dir'].filter(Boolean);
  if (given.length > 1) return `give one of --url, --database and --journal-dir, not ${given.join(' and ')}`;
  if (values.database) return { kind: 'database', url: values.database };
  if (values['journal-dir']) return { kind: 'files', dir: values['journal-dir'] };
  if (values.url) return { kind: 'gateway', url: values.url };
  if (env.DATABASE_URL) return { kind: 'database', url: env.DATABASE_URL };
  return { kind: 'gateway', url: env.GATEWAY_URL || 'http://127.0.0.1:4000/graphql' };
}

/** The report made here from a journal, as the credit subgraph makes `caseRecords`. */
async function reportFromJournal(month: string, source: Extract<Source, { kind: 'database' | 'files' }>): Promise<Report['caseRecords']> {
  const catalogue = loadCatalogue(process.env.CREDIT_CATALOGUE_PATH || undefined);
  if (source.kind === 'files') {
    // Reading must not create an empty journal where a mistyped one was meant.
    if (!existsSync(source.dir)) throw new Error(`no journal directory ${source.dir} (核查案例目录不存在)`);
    const journal = openCheckJournal(source.dir);
    try {
      return caseReport(month, await journal.month(month), catalogue, new Date());
    } finally {
      await journal.close();
    }
  }
  const pool = createSharedPool(source.url, { name: 'case-report', max: 2 });
  try {
    // Read only: no migration and no clean-up from a report.
    const { rows } = await pool.query<{ t: string | null }>("SELECT to_regclass('journal_checks')::text AS t");
    if (!rows[0]?.t) {
      throw new Error(
        'this database holds no check journal: the credit subgraph creates it when it starts with DATABASE_URL (该数据库中没有核查案例库)',
      );
    }
    const journal: CheckJournal = openPostgresJournal(pool, { purgeIntervalMs: 0 });
    return caseReport(month, await journal.month(month), catalogue, new Date());
  } finally {
    await pool.end();
  }
}

const USAGE =
  'usage: npm run case-report -- YYYY-MM [--out file.csv] [--url … [--key …] [--purpose AUDIT] | --database postgres://… | --journal-dir dir]\n';

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        url: { type: 'string' },
        key: { type: 'string', default: process.env.CREDIT_API_KEY ?? 'dev-auditor' },
        purpose: { type: 'string', default: 'AUDIT' },
        database: { type: 'string' },
        'journal-dir': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    // An unknown option or a missing value: say which, and how the command is used (not a stack trace).
    process.stderr.write(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const month = positionals[0];
  const source = sourceOf(values, process.env);
  if (values.help || !month || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month) || typeof source === 'string') {
    if (typeof source === 'string' && !values.help) process.stderr.write(`${source}\n`);
    process.stderr.write(USAGE);
    return values.help ? 0 : 2;
  }
  let report: Report['caseRecords'];
  try {
    if (source.kind === 'gateway') {
      const request = createGraphqlClient({ url: source.url, credentials: { key: values.key, purpose: values.purpose } });
      report = ((await request(QUERY, { month })).data as Report).caseRecords;
    } else {
      report = await reportFromJournal(month, source);
    }
  } catch (err) {
    const code = err instanceof GraphqlRequestError ? ` (${err.code})` : '';
    process.stderr.write(`case report failed${code}: ${(err as Error).message}\n`);
    return 1;
  }
  const out = values.out ?? `cases-${month}.csv`;
  writeFileSync(out, toCsv(caseReportRows(report)), 'utf8');
  process.stderr.write(
    `${report.month}: ${report.cases} cases (${report.punishmentCases} punishment, ${report.incentiveCases} incentive), ${report.withFeedback} with feedback → ${out}\n`,
  );
  for (const m of report.byMeasure) {
    process.stderr.write(
      `  ${m.code.padEnd(38)} found ${m.found}, applied ${m.applied}, not applied ${m.notApplied}, pending ${m.pending}  ${m.nameZh}\n`,
    );
  }
  return 0;
}

if (process.argv[1]?.endsWith('case-report.ts')) process.exitCode = await main(process.argv.slice(2));
