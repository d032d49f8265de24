/**
 * `npm run case-report -- 2026-11 [--out cases-2026-11.csv] [--url http://127.0.0.1:4000/graphql]
 * [--key dev-auditor] [--purpose AUDIT]`
 *
 * 联合奖惩案例月报: the month's joint reward and punishment cases (every check that found a measure,
 * with what the handling system reported) as CSV for the credit office, plus the per-measure counts
 * on stderr. Reads `caseRecords(month)` through the gateway, as a caller with a purpose (audited).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createGraphqlClient, GraphqlRequestError } from '../gateway/console/public/assets/lib/graphql.js';
import { toCsv } from '../gateway/console/public/assets/lib/csv.js';

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

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      url: { type: 'string', default: process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000/graphql' },
      key: { type: 'string', default: process.env.CREDIT_API_KEY ?? 'dev-auditor' },
      purpose: { type: 'string', default: 'AUDIT' },
      help: { type: 'boolean', default: false },
    },
  });
  const month = positionals[0];
  if (values.help || !month || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
    process.stderr.write('usage: npm run case-report -- YYYY-MM [--out file.csv] [--url …] [--key …] [--purpose AUDIT]\n');
    return values.help ? 0 : 2;
  }
  const request = createGraphqlClient({ url: values.url!, credentials: { key: values.key, purpose: values.purpose } });
  let report: Report['caseRecords'];
  try {
    report = ((await request(QUERY, { month })).data as Report).caseRecords;
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
