/**
 * `npm run check-file -- bidders.csv [options]`: check a tender's bidders from a CSV file against
 * the gateway and write one result row per bidder (the same file the /bidders.html page offers).
 * The logic lives here (testable); scripts/check-file.ts only calls `runCheckFile`.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  checkBidders,
  countConsortia,
  countVerdicts,
  createGraphqlClient,
  groupConsortia,
  GraphqlRequestError,
  readBiddersFile,
  resultsCsvBytes,
  SCENARIOS,
  parseUscc,
} from './files.js';

export const CHECK_FILE_USAGE = `Usage: npm run check-file -- <bidders.csv> [options]

Checks every bidder of a CSV file (code, name; header optional; UTF-8, UTF-8 with BOM or GBK)
and writes one row per bidder: row, code, name_registered, name_given, verdict, verdict_zh,
flags, missing_sources, check_id, note (UTF-8 with BOM, so Excel opens it).

Consortium bids (联合体): with a header, a column named 联合体 / 联合体编号 / consortium groups
rows — rows with the same value are one consortium (2 to 20 members, the first row the lead
member), checked as a whole. The results then also carry consortium, consortium_id,
member_position, consortium_verdict, consortium_verdict_zh, consortium_decided_by and
consortium_check_id on every member row (before note).

Options:
  --scenario <S>     ${SCENARIOS.join(' | ')} (default BIDDING)
  --as-of <date>     the day the answer should hold for, YYYY-MM-DD (e.g. the bid-opening day)
  --tender <T>       tender number, sent as X-Query-Reference
  --out <file>       where to write the results (default: standard output)
  --url <url>        gateway GraphQL endpoint (default $CREDIT_GATEWAY_URL or http://127.0.0.1:4000/graphql)
  --key <key>        API key (default $CREDIT_API_KEY)
  --purpose <code>   query purpose, X-Query-Purpose (default BIDDER_CHECK)
  --lang <zh|en>     language of the note column (default zh)
  --chunk-size <n>   codes per request (default 100, at most 1000)
  --concurrency <n>  requests in parallel (default 3)
  -h, --help         this text

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

/** A progress bar on a terminal; occasional lines otherwise. */
function progressReporter(stderr: CheckFileIo['stderr']) {
  let lastPct = -1;
  let drawn = false;
  return {
    update({ done, total }: { done: number; total: number }) {
      const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
      if (stderr.isTTY) {
        const width = Math.max(10, Math.min(40, (stderr.columns ?? 80) - 30));
        const filled = Math.round((pct / 100) * width);
        stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${String(pct).padStart(3)}%`);
        drawn = true;
      } else if (total >= 200 && (pct >= lastPct + 10 || done === total) && pct !== lastPct) {
        stderr.write(`checked ${done}/${total} (${pct}%)\n`);
        lastPct = pct;
      }
    },
    end() {
      if (drawn) stderr.write('\n');
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
        'chunk-size': { type: 'string' },
        concurrency: { type: 'string' },
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
  let scenario: string, asOf: string | null, lang: 'zh' | 'en', chunkSize: number, concurrency: number, key: string;
  const file = positionals[0];
  try {
    if (!file || positionals.length > 1) throw new UsageError('Give exactly one CSV file.');
    scenario = (str('scenario') ?? 'BIDDING').toUpperCase();
    if (!SCENARIOS.includes(scenario)) throw new UsageError(`--scenario must be one of ${SCENARIOS.join(', ')}.`);
    asOf = str('as-of') ?? null;
    if (asOf !== null && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new UsageError('--as-of must be a date written YYYY-MM-DD.');
    const l = str('lang') ?? 'zh';
    if (l !== 'zh' && l !== 'en') throw new UsageError('--lang must be zh or en.');
    lang = l;
    chunkSize = positiveInt('chunk-size', str('chunk-size'), 100, 1000);
    concurrency = positiveInt('concurrency', str('concurrency'), 3, 16);
    key = str('key') ?? io.env['CREDIT_API_KEY'] ?? '';
    if (!key) throw new UsageError('No API key: pass --key or set CREDIT_API_KEY.');
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr.write(`${err.message}\n\n${CHECK_FILE_USAGE}\n`);
    return 2;
  }
  const url = str('url') ?? io.env['CREDIT_GATEWAY_URL'] ?? 'http://127.0.0.1:4000/graphql';
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
  const { bidders, encoding, hasHeader } = readBiddersFile(bytes);
  const invalid = bidders.filter((b) => !parseUscc(b.codeGiven).valid).length;
  const { groups } = groupConsortia(bidders, lang);
  const consortia = groups.length ? `, ${groups.length} consortia (${groups.reduce((n, g) => n + g.indexes.length, 0)} member rows)` : '';
  io.stderr.write(`${file}: ${bidders.length} bidders (${encoding}, ${hasHeader ? 'with' : 'no'} header), ${invalid} invalid codes${consortia}; scenario ${scenario}${asOf ? ` as of ${asOf}` : ''}${tender ? `, tender ${tender}` : ''}\n`);

  const request = createGraphqlClient({ url, credentials: { key, purpose, reference: tender }, ...(io.fetch ? { fetch: io.fetch } : {}) });
  const progress = progressReporter(io.stderr);
  let results;
  try {
    results = await checkBidders({ bidders, scenario, asOf, request, chunkSize, concurrency, lang, onProgress: (p) => progress.update(p) });
  } catch (err) {
    progress.end();
    const code = err instanceof GraphqlRequestError ? err.code : 'ERROR';
    io.stderr.write(`The check failed (${code}): ${(err as Error).message}\n`);
    return 1;
  }
  progress.end();
  const csv = resultsCsvBytes(results, lang);
  if (out) {
    await (io.writeFile ?? writeFile)(out, csv);
  } else {
    io.stdout.write(csv);
  }
  const counts = countVerdicts(results);
  const summary = Object.entries(counts)
    .map(([v, n]) => `${v} ${n}`)
    .join(', ');
  const consortiumCounts = Object.entries(countConsortia(results))
    .map(([v, n]) => `${v} ${n}`)
    .join(', ');
  io.stderr.write(`${results.length} bidders: ${summary}${consortiumCounts ? `; consortia: ${consortiumCounts}` : ''}${out ? `; written to ${out}` : ''}\n`);
  return 0;
}
