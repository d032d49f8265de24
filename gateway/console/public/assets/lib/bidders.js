// @ts-check
/**
 * Checking a file of bidders (投标人), shared by /bidders.html and scripts/check-file.ts: read the
 * rows, validate codes locally, ask the gateway in chunks (`enterprises(usccs)`, a few requests in
 * parallel), and turn the results into CSV rows — one row per bidder, in file order.
 */
import { parseUscc, normalizeUscc, explainInvalid } from './uscc.js';
import { FATAL_CODES, GraphqlRequestError, errorsAt } from './graphql.js';
import { VERDICT_LABELS, DEPARTMENT_LABELS } from './i18n.js';

/**
 * @typedef {object} BidderInput
 * @property {number} row 1-based record number in the file (the header, if any, is record 1)
 * @property {string} codeGiven the code cell as given
 * @property {string} nameGiven the name cell as given ('' when the file has no name column)
 */

/**
 * @typedef {object} BidderResult
 * @property {number} row
 * @property {string} codeGiven
 * @property {string} nameGiven
 * @property {string} code the normalised code ('' when nothing usable was given)
 * @property {string | null} nameRegistered the name market regulation holds, when it answered
 * @property {string} verdict a `Verdict`, or INVALID_CODE, or ERROR (the check could not be made)
 * @property {string[]} flags measure codes of the restriction flags, strongest first
 * @property {string[]} missingSources departments that matter and could not be read
 * @property {string | null} checkId
 * @property {string[]} warnings
 * @property {string | null} message why the code is invalid, or what went wrong
 * @property {boolean} nameMismatch the name given differs from the registered name
 * @property {number | null} duplicateOf the row of an earlier bidder with the same code
 */

export const BIDDERS_QUERY = `query BidderCheck($usccs: [String!]!, $scenario: Scenario!, $asOf: String) {
  enterprises(usccs: $usccs) {
    __typename
    ... on InvalidCode { input normalized reason message position expectedCheck }
    ... on Enterprise {
      uscc
      marketRegulation { registration { name status } }
      creditCheck(scenario: $scenario, asOf: $asOf) {
        checkId
        verdict
        missingSources
        warnings
        flags { measure { code } }
      }
    }
  }
}`;

const CODE_HEADER = /统一社会信用代码|社会信用代码|信用代码|代码|uscc|credit[\s_-]*code|^code$/i;
const NAME_HEADER = /名称|投标人|供应商|单位|企业|公司|name|bidder|supplier/i;

/** @param {string} cell */
function looksLikeCode(cell) {
  const n = normalizeUscc(cell);
  return n.length >= 15 && n.length <= 20 && /\d/.test(n);
}

/**
 * Bidders from parsed CSV rows. The header is optional: a first row with nothing that looks like a
 * code, and either a column name (代码, 名称, code, name…) or no digit at all, is a header (codes
 * always hold digits); then columns are found by name (代码/统一社会信用代码/
 * code/uscc; 名称/投标人/name). Without a header the code is in the first column and the name in the
 * second — unless the second column looks like codes and the first does not.
 * @param {string[][]} rows
 * @returns {{ bidders: BidderInput[], hasHeader: boolean, codeColumn: number, nameColumn: number | null }}
 */
export function readBidderRows(rows) {
  const records = rows.map((cells, i) => ({ cells, row: i + 1 })).filter((r) => r.cells.some((c) => c.trim() !== ''));
  let codeColumn = 0;
  /** @type {number | null} */
  let nameColumn = 1;
  let hasHeader = false;
  const first = records[0];
  if (first) {
    const headerCells = first.cells.map((c) => c.trim());
    const anyDigits = headerCells.some((c) => /\d/.test(normalizeUscc(c)));
    const named = headerCells.some((c) => CODE_HEADER.test(c) || NAME_HEADER.test(c));
    if (!headerCells.some(looksLikeCode) && (named || !anyDigits)) {
      hasHeader = true;
      const ci = headerCells.findIndex((c) => CODE_HEADER.test(c));
      codeColumn = ci >= 0 ? ci : 0;
      const ni = headerCells.findIndex((c, i) => i !== codeColumn && NAME_HEADER.test(c));
      nameColumn = ni >= 0 ? ni : headerCells.length > 1 ? (codeColumn === 0 ? 1 : 0) : null;
    } else {
      const sample = records.slice(0, 50);
      const score = (/** @type {number} */ col) => sample.filter((r) => looksLikeCode(r.cells[col] ?? '')).length;
      if (score(1) > score(0)) {
        codeColumn = 1;
        nameColumn = 0;
      }
    }
  }
  const body = hasHeader ? records.slice(1) : records;
  const bidders = body.map((r) => ({
    row: r.row,
    codeGiven: (r.cells[codeColumn] ?? '').trim(),
    nameGiven: nameColumn === null ? '' : (r.cells[nameColumn] ?? '').trim(),
  }));
  return { bidders, hasHeader, codeColumn, nameColumn };
}

/**
 * A name compared loosely: full-width → half-width, brackets unified, spaces removed.
 * @param {string} name
 */
export function comparableName(name) {
  let out = '';
  for (const ch of name) {
    const cp = /** @type {number} */ (ch.codePointAt(0));
    out += cp >= 0xff01 && cp <= 0xff5e ? String.fromCodePoint(cp - 0xfee0) : ch;
  }
  return out.replace(/\s+/g, '').replace(/[【〔［]/g, '[').replace(/[】〕］]/g, ']').toUpperCase();
}

/** @param {AbortSignal | undefined} signal */
function throwIfAborted(signal) {
  if (signal?.aborted) throw signal.reason ?? new DOMException('The check was stopped.', 'AbortError');
}

/** @param {number} ms @param {AbortSignal | undefined} signal */
function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(signal.reason ?? new DOMException('The check was stopped.', 'AbortError'));
      },
      { once: true },
    );
  });
}

/**
 * Check every bidder. Invalid codes are answered locally (verdict INVALID_CODE with the reason);
 * the valid ones go to the gateway once each (duplicates share the answer), `chunkSize` codes per
 * request and `concurrency` requests at a time. A chunk that fails is retried `retries` times; if it
 * still fails its bidders get verdict ERROR. An error no retry can fix (bad key, purpose refused,
 * no bulk permission) stops the run: the promise rejects with it.
 * @param {object} options
 * @param {BidderInput[]} options.bidders
 * @param {string} options.scenario
 * @param {string | null} [options.asOf]
 * @param {import('./graphql.js').GraphqlRequest} options.request
 * @param {number} [options.chunkSize]
 * @param {number} [options.concurrency]
 * @param {number} [options.retries]
 * @param {number} [options.retryDelayMs]
 * @param {'zh' | 'en'} [options.lang]
 * @param {AbortSignal} [options.signal]
 * @param {(p: { done: number, total: number }) => void} [options.onProgress]
 * @returns {Promise<BidderResult[]>}
 */
export async function checkBidders(options) {
  const { bidders, scenario, request, signal, onProgress } = options;
  const chunkSize = Math.max(1, Math.min(1000, options.chunkSize ?? 100));
  const concurrency = Math.max(1, options.concurrency ?? 3);
  const retries = options.retries ?? 1;
  const retryDelayMs = options.retryDelayMs ?? 500;
  const lang = options.lang ?? 'zh';
  const asOf = options.asOf || null;

  /** @type {BidderResult[]} */
  const results = [];
  /** @type {Map<string, number[]>} code → indexes into results */
  const byCode = new Map();
  /** @type {Map<string, number>} code → row of its first bidder */
  const firstRow = new Map();
  for (const b of bidders) {
    const parsed = parseUscc(b.codeGiven);
    const code = parsed.valid ? parsed.info.uscc : normalizeUscc(b.codeGiven);
    /** @type {BidderResult} */
    const r = {
      row: b.row,
      codeGiven: b.codeGiven,
      nameGiven: b.nameGiven,
      code,
      nameRegistered: null,
      verdict: parsed.valid ? 'PENDING' : 'INVALID_CODE',
      flags: [],
      missingSources: [],
      checkId: null,
      warnings: [],
      message: parsed.valid ? null : explainInvalid(parsed, lang),
      nameMismatch: false,
      duplicateOf: null,
    };
    if (parsed.valid) {
      const seen = firstRow.get(code);
      if (seen !== undefined) r.duplicateOf = seen;
      else firstRow.set(code, b.row);
      const list = byCode.get(code) ?? [];
      list.push(results.length);
      byCode.set(code, list);
    }
    results.push(r);
  }

  const total = results.length;
  let done = results.filter((r) => r.verdict === 'INVALID_CODE').length;
  onProgress?.({ done, total });

  const codes = [...byCode.keys()];
  /** @type {string[][]} */
  const chunks = [];
  for (let i = 0; i < codes.length; i += chunkSize) chunks.push(codes.slice(i, i + chunkSize));

  /** @type {unknown} */
  let fatal = null;
  let next = 0;

  /** @param {string[]} chunk */
  const runChunk = async (chunk) => {
    for (let attempt = 0; ; attempt++) {
      throwIfAborted(signal);
      try {
        const { data, errors } = await request(BIDDERS_QUERY, { usccs: chunk, scenario, asOf }, { signal });
        const list = Array.isArray(data?.enterprises) ? data.enterprises : null;
        if (!list || list.length !== chunk.length) {
          throw new GraphqlRequestError(errors[0]?.message ?? 'The gateway answered without one result per code.', {
            code: String(errors[0]?.extensions?.['code'] ?? 'BAD_RESPONSE'),
            errors,
          });
        }
        chunk.forEach((code, i) => {
          const item = list[i];
          const here = errorsAt(errors, ['enterprises', i]);
          for (const idx of byCode.get(code) ?? []) applyItem(/** @type {BidderResult} */ (results[idx]), item, here, lang);
        });
        return;
      } catch (err) {
        if (signal?.aborted) throw signal.reason ?? err;
        if (err && /** @type {any} */ (err).name === 'AbortError') throw err;
        const code = err instanceof GraphqlRequestError ? err.code : 'ERROR';
        if (FATAL_CODES.has(code) || attempt >= retries) {
          if (FATAL_CODES.has(code)) throw err;
          const message = `${code}: ${/** @type {Error} */ (err).message}`;
          for (const c of chunk) {
            for (const idx of byCode.get(c) ?? []) {
              const r = /** @type {BidderResult} */ (results[idx]);
              r.verdict = 'ERROR';
              r.message = message;
            }
          }
          return;
        }
        await sleep(retryDelayMs * (attempt + 1), signal);
      }
    }
  };

  const worker = async () => {
    while (fatal === null && next < chunks.length) {
      const chunk = /** @type {string[]} */ (chunks[next++]);
      try {
        await runChunk(chunk);
      } catch (err) {
        if (fatal === null) fatal = err;
        return;
      }
      done += chunk.reduce((n, c) => n + (byCode.get(c)?.length ?? 0), 0);
      onProgress?.({ done, total });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, worker));
  if (fatal !== null) throw fatal;
  return results;
}

/**
 * @param {BidderResult} r
 * @param {any} item
 * @param {import('./graphql.js').GraphqlErrorEntry[]} errors
 * @param {'zh' | 'en'} lang
 */
function applyItem(r, item, errors, lang) {
  const errorText = () =>
    errors.map((e) => `${String(e.extensions?.['code'] ?? 'ERROR')}: ${e.message}`).join('; ') ||
    (lang === 'zh' ? '网关未返回结果' : 'The gateway returned no result');
  if (!item) {
    r.verdict = 'ERROR';
    r.message = errorText();
    return;
  }
  if (item.__typename === 'InvalidCode') {
    r.verdict = 'INVALID_CODE';
    r.message = item.message;
    return;
  }
  r.nameRegistered = item.marketRegulation?.registration?.name ?? null;
  r.nameMismatch = !!(r.nameGiven && r.nameRegistered && comparableName(r.nameGiven) !== comparableName(r.nameRegistered));
  const cc = item.creditCheck;
  if (!cc) {
    r.verdict = 'ERROR';
    r.message = errorText();
    return;
  }
  r.verdict = cc.verdict;
  r.flags = [...new Set((cc.flags ?? []).map((/** @type {any} */ f) => String(f.measure?.code)))];
  r.missingSources = [...(cc.missingSources ?? [])];
  r.checkId = cc.checkId ?? null;
  r.warnings = [...(cc.warnings ?? [])];
}

/** Column keys of the results file, in order. */
export const RESULT_COLUMNS = /** @type {const} */ ([
  'row',
  'code',
  'name_registered',
  'name_given',
  'verdict',
  'verdict_zh',
  'flags',
  'missing_sources',
  'check_id',
  'note',
]);

/**
 * The note for one result: why the code is invalid or what failed, which departments could not be
 * read, warnings (e.g. deregistered), a name that differs from the registration, a repeated code.
 * @param {BidderResult} r
 * @param {'zh' | 'en'} lang
 */
export function resultNote(r, lang = 'zh') {
  const zh = lang === 'zh';
  /** @type {string[]} */
  const parts = [];
  if (r.message) parts.push(r.message);
  if (r.missingSources.length) {
    const names = r.missingSources.map((d) => DEPARTMENT_LABELS[d]?.[lang] ?? d);
    parts.push(zh ? `未能读取：${names.join('、')}（信息不完整，须人工核实）` : `Not read: ${names.join(', ')} (incomplete — verify by hand)`);
  }
  parts.push(...r.warnings);
  if (r.nameMismatch) {
    parts.push(zh ? `填报名称与登记名称不一致（登记名称：${r.nameRegistered}）` : `Name given differs from the registered name (${r.nameRegistered})`);
  }
  if (r.duplicateOf !== null) parts.push(zh ? `与第${r.duplicateOf}行代码重复` : `Same code as row ${r.duplicateOf}`);
  return parts.join(zh ? '；' : '; ');
}

/**
 * Results → rows for the CSV file (a header row first), one row per bidder in file order.
 * Multiple flags and departments are separated by `;`.
 * @param {BidderResult[]} results
 * @param {'zh' | 'en'} [lang]
 * @returns {string[][]}
 */
export function resultsToRows(results, lang = 'zh') {
  /** @type {string[][]} */
  const rows = [[...RESULT_COLUMNS]];
  for (const r of results) {
    rows.push([
      String(r.row),
      r.verdict === 'INVALID_CODE' ? r.codeGiven : r.code,
      r.nameRegistered ?? '',
      r.nameGiven,
      r.verdict,
      VERDICT_LABELS[r.verdict]?.zh ?? '',
      r.flags.join(';'),
      r.missingSources.join(';'),
      r.checkId ?? '',
      resultNote(r, lang),
    ]);
  }
  return rows;
}

/**
 * How many bidders got each verdict.
 * @param {BidderResult[]} results
 * @returns {Record<string, number>}
 */
export function countVerdicts(results) {
  /** @type {Record<string, number>} */
  const counts = {};
  for (const r of results) counts[r.verdict] = (counts[r.verdict] ?? 0) + 1;
  return counts;
}
