/**
 * `npm run check-file -- bidders.csv|bidders.xlsx [options]`: check a tender's bidders from a CSV
 * file or an Excel workbook against the gateway and write the results file (the same file the
 * /bidders.html page offers, as CSV or .xlsx). The logic lives here (testable);
 * scripts/check-file.ts only calls `runCheckFile`.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkBiddersAsJob, jobEventsOpener, type JobProgress } from './public/assets/lib/bidder-jobs.js';
import {
  BidderFileError,
  bidderCode,
  countConsortia,
  countVerdicts,
  createGraphqlClient,
  firstCheckTime,
  groupConsortia,
  GraphqlRequestError,
  readBiddersFile,
  resultsCsvBytes,
  resultsXlsxBytes,
  SCENARIOS,
  type BiddersFile,
} from './files.js';

/** The development trading platform's published key (`npm start`'s development callers). */
export const DEVELOPMENT_KEY = 'dev-trading-platform';
export const DEFAULT_URL = 'http://127.0.0.1:4000/graphql';

export const CHECK_FILE_USAGE = `Usage: npm run check-file -- <bidders.csv | bidders.xlsx> [options]

Checks every bidder of a CSV file (UTF-8, UTF-8 with BOM or GBK) or of the first sheet of an
Excel workbook (.xlsx) and writes the results file: a header block (tender number, scenario,
the day checked for, the time of the check in China time), then one row per bidder in file order
with Chinese headings — 统一社会信用代码, 填报名称, 登记名称, 核查结论, the measures in words
(measure, list, case number, authority), 未能读取的部门, 核查编号, 备注, and the API's values
(结论编码, 措施编码). Codes stay text in Excel: an .xlsx stores them as text cells; the CSV
(UTF-8 with BOM) writes them as ="…". Give --lang en for English headings.

Columns are found by their heading: 统一社会信用代码 / 社会信用代码 / 信用代码 / USCC (else
代码 / code) for the code, 名称 / 投标人 / 供应商 / name for the name; rows above the heading (a
title) are skipped. Without a heading: code in the first column, name in the second. A code that
a spreadsheet has turned into a number (9.14205E+17, 914205030428615000) is reported as such,
never guessed.

Consortium bids (联合体): with a heading, a column named 联合体 / 联合体编号 / consortium groups
rows — rows with the same value are one consortium (2 to 20 members, the first row the lead
member), checked as a whole; every member row then also carries the consortium's verdict, the
members that decided it and its check number.

Options:
  --scenario <S>     ${SCENARIOS.join(' | ')} (default BIDDING)
  --as-of <date>     the day the answer should hold for, YYYY-MM-DD (e.g. the bid-opening day)
  --tender <T>       tender number, sent as X-Query-Reference and written in the header block
  --out <file>       where to write the results: a name ending .xlsx gets a workbook, any other
                     name CSV (default: CSV on standard output)
  --url <url>        gateway GraphQL endpoint (default $CREDIT_GATEWAY_URL or ${DEFAULT_URL},
                     where npm start serves it)
  --key <key>        API key (default $CREDIT_API_KEY, else the development key ${DEVELOPMENT_KEY}
                     that npm start accepts; a production gateway refuses it)
  --purpose <code>   query purpose, X-Query-Purpose (default BIDDER_CHECK)
  --lang <zh|en>     language of the headings and notes (default zh)
  --poll <ms>        how often to ask for progress when the live stream cannot be opened
                     (default 1000)
  -h, --help         this text

The list is submitted as one bulk check job (submitBulkCheck, up to 10,000 codes); its id is
printed at once, progress is shown on standard error (a bar on a terminal, a line every 10 %
otherwise) from the gateway's live stream (GET /jobs/<id>/events), and the rows are read page by
page when it is done. A department that fails is retried within the job's deadline (10 minutes);
rows still not read then are INCOMPLETE.

Exit status: 0 when every bidder was checked (whatever the verdicts), 1 when the run failed
(bad key or purpose, gateway unreachable, unreadable file), 2 for a usage error.`;

export interface CheckFileIo {
  stdout: { write(chunk: string | Uint8Array): unknown };
  stderr: { write(chunk: string): unknown; isTTY?: boolean; columns?: number };
  env: Record<string, string | undefined>;
  fetch?: typeof fetch;
  readFile?: (path: string) => Promise<Uint8Array>;
  writeFile?: (path: string, data: Uint8Array) => Promise<void>;
}

class UsageError extends Error {}

function positiveInt(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`--${name} must be a whole number from 1 to ${max}.`);
  return n;
}

/** A progress bar on a terminal; a line every 10 % otherwise. */
function progressReporter(stderr: CheckFileIo['stderr']) {
  let lastPct = -1;
  let drawn = false;
  return {
    update(p: Pick<JobProgress, 'done' | 'total'> & Partial<JobProgress>) {
      const { done, total } = p;
      const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
      const retrying = (p.departments ?? []).filter((d) => d.state === 'RETRYING').map((d) => d.department);
      const extra = `${p.incomplete ? `, ${p.incomplete} incomplete` : ''}${retrying.length ? `, retrying ${retrying.join(' ')}` : ''}`;
      if (stderr.isTTY) {
        const width = Math.max(10, Math.min(40, (stderr.columns ?? 80) - 30));
        const filled = Math.round((pct / 100) * width);
        stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${String(pct).padStart(3)}%${extra}\x1b[K`);
        drawn = true;
      } else if (lastPct < 0 || pct >= lastPct + 10 || (done === total && pct !== lastPct)) {
        stderr.write(`checked ${done}/${total} (${pct}%)${extra}\n`);
        lastPct = pct - (pct % 10);
      }
    },
    end() {
      if (drawn) stderr.write('\n');
      drawn = false;
    },
  };
}

/** Run the tool; resolves with the exit status. */
export async function runCheckFile(argv: string[], io: CheckFileIo): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        scenario: { type: 'string' },
        'as-of': { type: 'string' },
        tender: { type: 'string' },
        out: { type: 'string' },
        url: { type: 'string' },
        key: { type: 'string' },
        purpose: { type: 'string' },
        lang: { type: 'string' },
        poll: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n\n${CHECK_FILE_USAGE}\n`);
    return 2;
  }
  if (values['help']) {
    io.stdout.write(`${CHECK_FILE_USAGE}\n`);
    return 0;
  }
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  let scenario: string, asOf: string | null, lang: 'zh' | 'en', pollMs: number, key: string;
  const file = positionals[0];
  try {
    if (!file || positionals.length > 1) throw new UsageError('Give exactly one bidders file (.csv or .xlsx).');
    scenario = (str('scenario') ?? 'BIDDING').toUpperCase();
    if (!SCENARIOS.includes(scenario)) throw new UsageError(`--scenario must be one of ${SCENARIOS.join(', ')}.`);
    asOf = str('as-of') ?? null;
    if (asOf !== null && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new UsageError('--as-of must be a date written YYYY-MM-DD.');
    const l = str('lang') ?? 'zh';
    if (l !== 'zh' && l !== 'en') throw new UsageError('--lang must be zh or en.');
    lang = l;
    pollMs = positiveInt('poll', str('poll'), 1000, 60_000);
    key = str('key') ?? (io.env['CREDIT_API_KEY'] || DEVELOPMENT_KEY);
    if (!key) throw new UsageError('The API key is empty: pass --key or set CREDIT_API_KEY.');
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr.write(`${err.message}\n\n${CHECK_FILE_USAGE}\n`);
    return 2;
  }
  const url = str('url') ?? (io.env['CREDIT_GATEWAY_URL'] || DEFAULT_URL);
  const developmentKey = key === DEVELOPMENT_KEY && str('key') === undefined;
  if (developmentKey)
    io.stderr.write(`No --key or CREDIT_API_KEY: using the development key ${DEVELOPMENT_KEY} (npm start's development callers).\n`);
  const purpose = str('purpose') ?? 'BIDDER_CHECK';
  const tender = str('tender') ?? '';
  const out = str('out');

  let bytes: Uint8Array;
  try {
    bytes = await (io.readFile ?? readFile)(file);
  } catch (err) {
    io.stderr.write(`Cannot read ${file}: ${(err as Error).message}\n`);
    return 1;
  }
  let read: BiddersFile;
  try {
    read = await readBiddersFile(bytes);
  } catch (err) {
    if (!(err instanceof BidderFileError)) throw err;
    io.stderr.write(`Cannot read ${file}: ${err.en}\n${err.zh}\n`);
    return 1;
  }
  const { bidders, encoding, hasHeader, headerRow, sheetName, sheetNames } = read;
  const codes = bidders.map(bidderCode);
  const invalid = codes.filter((c) => !c.valid).length;
  const lost = codes.filter((c) => !c.valid && c.lostToSpreadsheet).length;
  const { groups } = groupConsortia(bidders, lang);
  const consortia = groups.length ? `, ${groups.length} consortia (${groups.reduce((n, g) => n + g.indexes.length, 0)} member rows)` : '';
  const layout =
    read.format === 'XLSX'
      ? `XLSX, sheet "${sheetName}"${sheetNames.length > 1 ? ` (the first of ${sheetNames.length})` : ''}, ${hasHeader ? `header on row ${headerRow}` : 'no header'}`
      : `${encoding}, ${hasHeader ? (headerRow === 1 ? 'with header' : `header on record ${headerRow}`) : 'no header'}`;
  io.stderr.write(
    `${file}: ${bidders.length} bidders (${layout}), ${invalid} invalid codes${consortia}; scenario ${scenario}${asOf ? ` as of ${asOf}` : ''}${tender ? `, tender ${tender}` : ''}\n`,
  );
  if (lost) {
    io.stderr.write(
      `${lost} codes were turned into numbers by a spreadsheet and lost their last digits (shown as 9.14205E+17 or ending in 000); they are marked invalid, not guessed. Format the code column as Text and enter the codes again, or export the list again.\n` +
        `${lost} 个代码已被电子表格存成数字、末尾数位已丢失，按无效代码处理，不作猜测。请把代码列设为“文本”格式后重新录入，或重新导出名单。\n`,
    );
  }
  const startedAt = new Date();

  const credentials = { key, purpose, reference: tender };
  const request = createGraphqlClient({ url, credentials, ...(io.fetch ? { fetch: io.fetch } : {}) });
  const openEvents = jobEventsOpener({ url, credentials, ...(io.fetch ? { fetch: io.fetch } : {}) });
  const progress = progressReporter(io.stderr);
  let results;
  try {
    ({ results } = await checkBiddersAsJob({
      bidders,
      terms: { scenario, asOf, tenderReference: tender || null },
      request,
      openEvents,
      lang,
      pollMs,
      onJob: (id) => io.stderr.write(`Job ${id} submitted (批量核查任务已提交).\n`),
      onProgress: (p) => progress.update(p),
    }));
  } catch (err) {
    progress.end();
    const code = err instanceof GraphqlRequestError ? err.code : 'ERROR';
    if (code === 'NETWORK_ERROR') {
      const valid = codes.filter((c) => c.valid).length;
      io.stderr.write(
        `The check failed: the gateway at ${url} could not be reached (${valid} bidders not checked). Is it running (npm start)? Or pass --url.\n`,
      );
      return 1;
    }
    io.stderr.write(`The check failed (${code}): ${(err as Error).message}\n`);
    if (developmentKey && (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN' || code === 'PURPOSE_NOT_ALLOWED')) {
      io.stderr.write(
        `The development key works only with npm start's development gateway: pass --key (or set CREDIT_API_KEY) and --url for this one.\n`,
      );
    }
    return 1;
  }
  progress.end();
  const meta = { tender, scenario, asOf, checkedAt: firstCheckTime(results, startedAt), source: path.basename(file) };
  const bytesOut = out && /\.xlsx$/i.test(out) ? await resultsXlsxBytes(results, meta, lang) : resultsCsvBytes(results, meta, lang);
  if (out) {
    await (io.writeFile ?? writeFile)(out, bytesOut);
  } else {
    io.stdout.write(bytesOut);
  }
  const counts = countVerdicts(results);
  const summary = Object.entries(counts)
    .map(([v, n]) => `${v} ${n}`)
    .join(', ');
  const consortiumCounts = Object.entries(countConsortia(results))
    .map(([v, n]) => `${v} ${n}`)
    .join(', ');
  io.stderr.write(
    `${results.length} bidders: ${summary}${consortiumCounts ? `; consortia: ${consortiumCounts}` : ''}${out ? `; written to ${out}` : ''}\n`,
  );
  return 0;
}
