// @ts-check
/**
 * Checking a file of bidders (投标人), shared by /bidders.html and scripts/check-file.ts: read the
 * rows (of a CSV file or a spreadsheet's first sheet), validate codes locally, ask the gateway in
 * chunks (`enterprises(usccs)`, a few requests in parallel), and turn the results into the results
 * file — a header block and one row per bidder, in file order (`resultsSheet`, written as CSV by
 * `resultsCsv` and as .xlsx by spreadsheet.js).
 */
import { parseUscc, normalizeUscc, explainInvalid } from './uscc.js';
import { FATAL_CODES, GraphqlRequestError, errorsAt } from './graphql.js';
import { VERDICT_LABELS, DEPARTMENT_LABELS, FINDING_KIND_LABELS, SCENARIO_LABELS, oneLanguage } from './i18n.js';

export { oneLanguage };
import { excelText, excelWouldConvert, toCsv, unwrapExcelText } from './csv.js';

/**
 * @typedef {object} BidderInput
 * @property {number} row 1-based record number in the file (the header, if any, is record 1)
 * @property {string} codeGiven the code cell as given
 * @property {string} nameGiven the name cell as given ('' when the file has no name column)
 * @property {string} [consortiumGiven] the consortium cell as given ('' or absent: an individual bidder)
 * @property {boolean} [codeIsNumber] the spreadsheet stored the code cell as a number (.xlsx only)
 */

/**
 * @typedef {object} ConsortiumPart
 * What a member row shows of its consortium (联合体).
 * @property {string} label the consortium cell as given (trimmed)
 * @property {number} position 1 for the lead member (the group's first row), in file order
 * @property {number} size how many rows the group has
 * @property {number[]} rows the group's rows, in member order
 * @property {string[]} codes the members' normalised codes, in member order
 * @property {string | null} id the consortium's id from the API (member codes joined by commas)
 * @property {string} verdict the consortium's `Verdict`, or PENDING, INVALID_CODE (a member code is invalid
 *   or repeated, or there are more than 20 members: not sent) or ERROR (the check could not be made)
 * @property {string | null} checkId the consortium check's id
 * @property {number[]} decidedBy positions of the members whose own verdict is the consortium's
 * @property {string | null} message why the consortium could not be checked, or what went wrong
 */

/**
 * @typedef {object} BidderResult
 * @property {number} row
 * @property {string} codeGiven
 * @property {string} nameGiven
 * @property {string} code the normalised code ('' when nothing usable was given)
 * @property {boolean} [codeLostToSpreadsheet] the code is invalid because a spreadsheet turned it into a number
 * @property {string | null} nameRegistered the name market regulation holds, when it answered
 * @property {string} verdict a `Verdict`, or INVALID_CODE, or ERROR (the check could not be made)
 * @property {string[]} flags measure codes of the restriction flags, strongest first
 * @property {FlagDetail[]} [flagDetails] each flag in words: measure, list, reference, authority
 * @property {string[]} missingSources departments that matter and could not be read
 * @property {string | null} checkId
 * @property {string | null} [checkedAt] when the check was made (ISO, from the API)
 * @property {string | null} [asOf] the day the check answers for (YYYY-MM-DD, from the API)
 * @property {string[]} warnings
 * @property {string | null} message why the code is invalid, or what went wrong
 * @property {boolean} nameMismatch the name given differs from the registered name
 * @property {number | null} duplicateOf the row of an earlier bidder with the same code
 * @property {ConsortiumPart | null} [consortium] the row's consortium, when it is a member of one
 * @property {string | null} [loneConsortium] the consortium cell of a row alone in its group (checked as an individual bidder)
 */

/**
 * @typedef {object} FlagDetail
 * One restriction flag of a bidder, in words for the results file.
 * @property {string} code the measure's code
 * @property {string} name the measure's English name
 * @property {string} nameZh 措施名称
 * @property {string | null} list the record's national list (`FindingKind`), e.g. DISHONEST_DEBTOR
 * @property {string | null} department
 * @property {string | null} reference the record's case or decision number (案号/文号)
 * @property {string | null} authority who decided it (认定机关)
 * @property {boolean} underObjection the record is under objection (异议处理中); the measure still applies
 */

/** What the bidder file asks of each check (the member checks of a consortium too). */
const CHECK_SELECTION = `checkId
        verdict
        checkedAt
        asOf
        missingSources
        warnings
        flags { measure { code name nameZh } finding { department kind reference authority } underObjection }`;

export const BIDDERS_QUERY = `query BidderCheck($usccs: [String!]!, $scenario: Scenario!, $asOf: String) {
  enterprises(usccs: $usccs) {
    __typename
    ... on InvalidCode { input normalized reason message position }
    ... on Enterprise {
      uscc
      marketRegulation { registration { name status } }
      creditCheck(scenario: $scenario, asOf: $asOf) {
        ${CHECK_SELECTION}
      }
    }
  }
}`;

/** One consortium (联合体) bidder: the whole and each member's own check. */
export const CONSORTIUM_BIDDER_QUERY = `query ConsortiumBidderCheck($usccs: [String!]!, $scenario: Scenario!, $asOf: String) {
  consortium(usccs: $usccs) {
    id
    members { uscc marketRegulation { registration { name status } } }
    creditCheck(scenario: $scenario, asOf: $asOf) {
      checkId
      verdict
      decidingMembers
      members {
        uscc
        position
        check {
          ${CHECK_SELECTION}
        }
      }
    }
  }
}`;

/** A consortium has 2 to 20 members (Query.consortium). */
export const CONSORTIUM_MAX_MEMBERS = 20;

/** A column of codes, named in so many words: preferred over any other column named 代码/code. */
const STRONG_CODE_HEADER = /统一社会信用代码|社会信用代码|信用代码|uscc|credit[\s_-]*code/i;
const CODE_HEADER = /统一社会信用代码|社会信用代码|信用代码|代码|uscc|credit[\s_-]*code|^code$/i;
const NAME_HEADER = /名称|投标人|供应商|单位|企业|公司|name|bidder|supplier/i;
/** 联合体 / 联合体编号 / consortium (id): checked before the others, so 联合体名称 is not taken for the bidder's name. */
const CONSORTIUM_HEADER = /联合体|consortium/i;
/** How far down a header row is looked for (below a title, or the header block of a results file). */
const HEADER_SEARCH_ROWS = 30;

/** @param {string} cell */
function looksLikeCode(cell) {
  const n = normalizeUscc(cell);
  return (n.length >= 15 && n.length <= 20 && /\d/.test(n)) || codeLostToSpreadsheet(cell);
}

/**
 * Whether a code cell holds a code that a spreadsheet program has already turned into a number.
 * Excel (and LibreOffice) read a cell of 18 digits as a number and keep 15 significant digits:
 * the cell shows 9.14205E+17, and a CSV saved from it holds `9.14205E+17` or
 * `914205030428615000` — the last digits are gone for good. Such a cell is never "repaired"
 * into a guess: it is reported, with how to fix the file.
 * - a cell the spreadsheet stored as a number (`isNumber`, from an .xlsx) with 16 or more digits:
 *   a number keeps at most 15 significant digits in Excel, so the code cannot be in it whole;
 * - text in scientific notation (`9.14205E+17`, `9,14205E+17`);
 * - 16 to 20 digits (perhaps with `.0`) whose digits after the 15th are all zeros, when that is not a valid code.
 * @param {string} cell the cell's text as read (a number as JavaScript writes it)
 * @param {boolean} [isNumber] the spreadsheet stored the cell as a number
 * @returns {boolean}
 */
export function codeLostToSpreadsheet(cell, isNumber = false) {
  const s = String(cell).trim();
  if (/^[+-]?\d+(?:[.,]\d+)?E\+?\d+$/i.test(s)) return true;
  const digits = /^(\d+)(?:\.0+)?$/.exec(s)?.[1];
  if (isNumber) return digits !== undefined ? digits.length >= 16 : /\d{16,}/.test(s.replace(/[.,]/g, ''));
  if (digits === undefined || digits.length < 16 || digits.length > 20) return false;
  return /^0+$/.test(digits.slice(15)) && !parseUscc(digits).valid;
}

/**
 * @typedef {object} SheetRow
 * One row of a spreadsheet (.xlsx) as read.
 * @property {number} row the row's number in the sheet (1-based, as the spreadsheet shows it)
 * @property {string[]} cells the cells' text, from column A
 * @property {boolean[]} [numeric] which cells the spreadsheet stored as numbers
 */

/**
 * Bidders from the rows of a CSV file (`string[][]`, a row's number is its place among the parsed
 * records) or of a spreadsheet (`SheetRow[]`, with the sheet's own row numbers). Cells written as
 * `="…"` (how our results CSV keeps codes as text in Excel) are read as their text.
 *
 * The header is found first: the first of the first 30 rows that names a code column in so many
 * words (统一社会信用代码, 社会信用代码, 信用代码, USCC, credit code) and holds no code is the
 * header, and anything above it (a title, the header block of a results file) is skipped.
 * Otherwise the header is optional: a first row with nothing that looks like a code, and either a
 * column name (代码, 名称, 联合体, code, name…) or no digit at all, is a header (codes always hold
 * digits). Under a header columns are found by name (统一社会信用代码/社会信用代码/信用代码/USCC
 * before 代码/code; 名称/投标人/供应商/name; 联合体/联合体编号/consortium). Without a header the code
 * is in the first column and the name in the second — unless the second column looks like codes and
 * the first does not — and there is no consortium column (it could not be told from a name).
 * @param {string[][] | SheetRow[]} rows
 * @returns {{ bidders: BidderInput[], hasHeader: boolean, headerRow: number | null, skippedRows: number, codeColumn: number, nameColumn: number | null, consortiumColumn: number | null }}
 */
export function readBidderRows(rows) {
  const records = rows
    .map((r, i) =>
      Array.isArray(r) ? { row: i + 1, cells: r, numeric: /** @type {boolean[]} */ ([]) } : { row: r.row, cells: r.cells, numeric: r.numeric ?? [] },
    )
    .map((r) => ({ ...r, cells: r.cells.map((c) => unwrapExcelText(String(c ?? ''))) }))
    .filter((r) => r.cells.some((c) => c.trim() !== ''));
  let codeColumn = 0;
  /** @type {number | null} */
  let nameColumn = 1;
  /** @type {number | null} */
  let consortiumColumn = null;
  let headerIndex = records
    .slice(0, HEADER_SEARCH_ROWS)
    .findIndex((r) => !r.cells.some(looksLikeCode) && r.cells.some((c) => STRONG_CODE_HEADER.test(c.trim())));
  const first = records[0];
  if (headerIndex < 0 && first) {
    const headerCells = first.cells.map((c) => c.trim());
    const anyDigits = headerCells.some((c) => /\d/.test(normalizeUscc(c)));
    const named = headerCells.some((c) => CODE_HEADER.test(c) || NAME_HEADER.test(c) || CONSORTIUM_HEADER.test(c));
    if (!headerCells.some(looksLikeCode) && (named || !anyDigits)) headerIndex = 0;
  }
  const header = headerIndex >= 0 ? records[headerIndex] : undefined;
  if (header) {
    const headerCells = header.cells.map((c) => c.trim());
    // 联合体成员代码 is a code column, not the consortium's.
    const ki = headerCells.findIndex((c) => CONSORTIUM_HEADER.test(c) && !CODE_HEADER.test(c));
    consortiumColumn = ki >= 0 ? ki : null;
    const strong = headerCells.findIndex((c, i) => i !== consortiumColumn && STRONG_CODE_HEADER.test(c));
    const ci = strong >= 0 ? strong : headerCells.findIndex((c, i) => i !== consortiumColumn && CODE_HEADER.test(c));
    codeColumn = ci >= 0 ? ci : consortiumColumn === 0 ? 1 : 0;
    const ni = headerCells.findIndex((c, i) => i !== codeColumn && i !== consortiumColumn && NAME_HEADER.test(c));
    const other = headerCells.findIndex((_, i) => i !== codeColumn && i !== consortiumColumn);
    nameColumn = ni >= 0 ? ni : other >= 0 ? other : null;
  } else if (first) {
    const sample = records.slice(0, 50);
    const score = (/** @type {number} */ col) => sample.filter((r) => looksLikeCode(r.cells[col] ?? '')).length;
    if (score(1) > score(0)) {
      codeColumn = 1;
      nameColumn = 0;
    }
  }
  const body = header ? records.slice(headerIndex + 1) : records;
  const bidders = body.map((r) => ({
    row: r.row,
    codeGiven: (r.cells[codeColumn] ?? '').trim(),
    nameGiven: nameColumn === null ? '' : (r.cells[nameColumn] ?? '').trim(),
    // Only cells a spreadsheet stored as numbers are marked, so CSV bidders read as they always did.
    ...(r.numeric[codeColumn] ? { codeIsNumber: true } : {}),
    // Only files with a consortium column carry the cell, so plain files read as they always did.
    ...(consortiumColumn === null ? {} : { consortiumGiven: (r.cells[consortiumColumn] ?? '').trim() }),
  }));
  return {
    bidders,
    hasHeader: !!header,
    headerRow: header ? header.row : null,
    skippedRows: header ? headerIndex : 0,
    codeColumn,
    nameColumn,
    consortiumColumn,
  };
}

/**
 * @typedef {{ valid: true, code: string } | { valid: false, code: string, lostToSpreadsheet: boolean, parsed: import('./uscc.js').UsccResult }} BidderCode
 */

/**
 * A bidder's code as the file gives it: valid (normalised), or invalid — a code that a spreadsheet
 * turned into a number (see `codeLostToSpreadsheet`) is invalid even should its digits happen to
 * pass the check, since they are not the code that was typed.
 * @param {BidderInput} b
 * @returns {BidderCode}
 */
export function bidderCode(b) {
  const parsed = parseUscc(b.codeGiven);
  if (codeLostToSpreadsheet(b.codeGiven, !!b.codeIsNumber))
    return { valid: false, code: normalizeUscc(b.codeGiven), lostToSpreadsheet: true, parsed };
  if (parsed.valid) return { valid: true, code: parsed.info.uscc };
  return { valid: false, code: parsed.normalized, lostToSpreadsheet: false, parsed };
}

/** What to say about a code a spreadsheet turned into a number. */
export const CODE_LOST_MESSAGE = {
  zh: '此代码已被电子表格软件（如 Excel）存成了数字，第15位以后的数字已经丢失（显示为 9.14205E+17 或末尾变成 000），无法还原，也不会猜测补全。请在原表格中把代码列设为“文本”格式后重新录入代码，或从原系统重新导出名单（导出为 .xlsx，或导入 CSV 时把代码列设为“文本”）。',
  en: 'A spreadsheet program (such as Excel) stored this code as a number and lost every digit after the 15th (it shows as 9.14205E+17, or ends in 000). It cannot be recovered and is not guessed. Format the code column as Text in the original sheet and enter the codes again, or export the list again from the source system (as .xlsx, or import the CSV with the code column set to Text).',
};

/**
 * Why a bidder's code is invalid, in Chinese or English.
 * @param {Extract<BidderCode, { valid: false }>} c
 * @param {'zh' | 'en'} [lang]
 */
export function bidderCodeMessage(c, lang = 'zh') {
  if (c.lostToSpreadsheet) return CODE_LOST_MESSAGE[lang];
  return c.parsed.valid ? '' : explainInvalid(c.parsed, lang);
}

/**
 * @typedef {object} ConsortiumGroup
 * @property {string} label the consortium cell, as given (trimmed)
 * @property {number[]} indexes indexes into the bidders, in file order (the first is the lead member)
 * @property {string[]} codes the members' normalised codes, in the same order
 * @property {string | null} problem why the group cannot be checked as a consortium, naming the member
 *   (an invalid or repeated code, more than 20 members); null when it can
 */

/**
 * Rows with the same non-empty consortium cell form one consortium bidder (联合体), its members in
 * file order, the first row the lead member (牵头人). A group of one row is no consortium: it is
 * checked as an individual bidder and said so. A group with an invalid or repeated member code, or
 * more than 20 members, is kept (its rows are not dropped) with the problem naming the member; it is
 * not sent, as the API would refuse it whole.
 * @param {BidderInput[]} bidders
 * @param {'zh' | 'en'} [lang]
 * @returns {{ groups: ConsortiumGroup[], lone: Map<number, string> }} `lone`: bidder index → label of its one-row group
 */
export function groupConsortia(bidders, lang = 'zh') {
  const zh = lang === 'zh';
  /** @type {Map<string, number[]>} */
  const byLabel = new Map();
  bidders.forEach((b, i) => {
    const label = (b.consortiumGiven ?? '').trim();
    if (!label) return;
    const list = byLabel.get(label) ?? [];
    list.push(i);
    byLabel.set(label, list);
  });
  /** @type {ConsortiumGroup[]} */
  const groups = [];
  /** @type {Map<number, string>} */
  const lone = new Map();
  for (const [label, indexes] of byLabel) {
    if (indexes.length === 1) {
      lone.set(/** @type {number} */ (indexes[0]), label);
      continue;
    }
    /** @type {string[]} */
    const codes = [];
    /** @type {string[]} */
    const problems = [];
    /** @type {Map<string, number>} code → position */
    const seen = new Map();
    indexes.forEach((idx, k) => {
      const b = /** @type {BidderInput} */ (bidders[idx]);
      const position = k + 1;
      const checked = bidderCode(b);
      const code = checked.code;
      codes.push(code);
      if (!checked.valid) {
        const why = bidderCodeMessage(checked, lang);
        problems.push(zh ? `成员${position}（第${b.row}行）代码无效：${why}` : `Member ${position} (row ${b.row}) has an invalid code: ${why}`);
        return;
      }
      const earlier = seen.get(code);
      if (earlier !== undefined) {
        problems.push(
          zh ? `成员${position}（第${b.row}行）与成员${earlier}代码相同` : `Member ${position} (row ${b.row}) has the same code as member ${earlier}`,
        );
      } else seen.set(code, position);
    });
    if (indexes.length > CONSORTIUM_MAX_MEMBERS) {
      problems.unshift(
        zh
          ? `联合体有${indexes.length}个成员，最多${CONSORTIUM_MAX_MEMBERS}个`
          : `The consortium has ${indexes.length} members; at most ${CONSORTIUM_MAX_MEMBERS} are allowed`,
      );
    }
    groups.push({ label, indexes, codes, problem: problems.length ? problems.join(zh ? '；' : '; ') : null });
  }
  return { groups, lone };
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
  return out
    .replace(/\s+/g, '')
    .replace(/[【〔［]/g, '[')
    .replace(/[】〕］]/g, ']')
    .toUpperCase();
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
 * The results before any request: invalid codes answered (INVALID_CODE with the reason), repeated
 * codes noted, consortium members marked with their consortium (INVALID_CODE when it cannot be
 * sent), rows alone in a consortium noted; everything else PENDING. The page shows this table as
 * soon as a file is chosen.
 * @param {BidderInput[]} bidders
 * @param {'zh' | 'en'} [lang]
 * @returns {BidderResult[]}
 */
export function pendingResults(bidders, lang = 'zh') {
  const { groups, lone } = groupConsortia(bidders, lang);
  /** @type {Map<string, number>} code → row of its first bidder */
  const firstRow = new Map();
  const results = bidders.map((b, index) => {
    const checked = bidderCode(b);
    const code = checked.code;
    /** @type {BidderResult} */
    const r = {
      row: b.row,
      codeGiven: b.codeGiven,
      nameGiven: b.nameGiven,
      code,
      codeLostToSpreadsheet: !checked.valid && checked.lostToSpreadsheet,
      nameRegistered: null,
      verdict: checked.valid ? 'PENDING' : 'INVALID_CODE',
      flags: [],
      flagDetails: [],
      missingSources: [],
      checkId: null,
      checkedAt: null,
      asOf: null,
      warnings: [],
      message: checked.valid ? null : bidderCodeMessage(checked, lang),
      nameMismatch: false,
      duplicateOf: null,
      consortium: null,
      loneConsortium: lone.get(index) ?? null,
    };
    if (checked.valid) {
      const seen = firstRow.get(code);
      if (seen !== undefined) r.duplicateOf = seen;
      else firstRow.set(code, b.row);
    }
    return r;
  });
  for (const g of groups) {
    const rows = g.indexes.map((i) => /** @type {BidderInput} */ (bidders[i]).row);
    g.indexes.forEach((idx, k) => {
      /** @type {BidderResult} */ (results[idx]).consortium = {
        label: g.label,
        position: k + 1,
        size: g.indexes.length,
        rows,
        codes: g.codes,
        id: null,
        verdict: g.problem ? 'INVALID_CODE' : 'PENDING',
        checkId: null,
        decidedBy: [],
        message: g.problem,
      };
    });
  }
  return results;
}

/**
 * Check every bidder. Invalid codes are answered locally (verdict INVALID_CODE with the reason);
 * the valid ones go to the gateway once each (duplicates share the answer), `chunkSize` codes per
 * request and `concurrency` requests at a time. Consortium bidders (rows grouped by the consortium
 * column, see `groupConsortia`) are checked one consortium per request with `consortium(usccs:)` —
 * not batched under aliases: one refused member would void the whole batch, and a 20-member
 * consortium is already a large operation — sharing the same `concurrency`. A consortium that cannot
 * be sent (an invalid or repeated member) is marked INVALID_CODE naming the member, and its valid
 * members are checked individually. A request that fails is retried `retries` times; if it still
 * fails its bidders get verdict ERROR. An error no retry can fix (bad key, purpose refused, no bulk
 * permission) stops the run: the promise rejects with it.
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

  const results = pendingResults(bidders, lang);
  const groups = groupConsortia(bidders, lang).groups.filter((g) => !g.problem);
  /** @type {Map<string, number[]>} code → indexes into results (bidders checked individually) */
  const byCode = new Map();
  results.forEach((r, index) => {
    if (r.verdict !== 'PENDING' || r.consortium?.verdict === 'PENDING') return;
    const list = byCode.get(r.code) ?? [];
    list.push(index);
    byCode.set(r.code, list);
  });

  const total = results.length;
  let done = results.filter((r) => r.verdict === 'INVALID_CODE').length;
  onProgress?.({ done, total });

  const codes = [...byCode.keys()];
  /** @type {({ kind: 'chunk', codes: string[] } | { kind: 'consortium', group: ConsortiumGroup })[]} */
  const tasks = groups.map((group) => ({ kind: /** @type {const} */ ('consortium'), group }));
  for (let i = 0; i < codes.length; i += chunkSize) tasks.push({ kind: 'chunk', codes: codes.slice(i, i + chunkSize) });

  /** @type {unknown} */
  let fatal = null;
  let next = 0;

  /**
   * Run one request with retries; `fail` marks its bidders when it cannot be made.
   * @param {() => Promise<void>} attemptOnce
   * @param {(code: string, message: string) => void} fail
   */
  const withRetries = async (attemptOnce, fail) => {
    for (let attempt = 0; ; attempt++) {
      throwIfAborted(signal);
      try {
        await attemptOnce();
        return;
      } catch (err) {
        if (signal?.aborted) throw signal.reason ?? err;
        if (err && /** @type {any} */ (err).name === 'AbortError') throw err;
        const code = err instanceof GraphqlRequestError ? err.code : 'ERROR';
        if (FATAL_CODES.has(code)) throw err;
        // A refused input stays refused: no retry.
        if (code === 'BAD_USER_INPUT' || attempt >= retries) {
          fail(code, /** @type {Error} */ (err).message);
          return;
        }
        await sleep(retryDelayMs * (attempt + 1), signal);
      }
    }
  };

  /** @param {string[]} chunk */
  const runChunk = (chunk) =>
    withRetries(
      async () => {
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
      },
      (code, message) => {
        for (const c of chunk) {
          for (const idx of byCode.get(c) ?? []) {
            const r = /** @type {BidderResult} */ (results[idx]);
            r.verdict = 'ERROR';
            r.message = `${code}: ${message}`;
          }
        }
      },
    );

  /** @param {ConsortiumGroup} group */
  const runConsortium = (group) => {
    const members = group.indexes.map((idx) => /** @type {BidderResult} */ (results[idx]));
    return withRetries(
      async () => {
        const { data, errors } = await request(CONSORTIUM_BIDDER_QUERY, { usccs: group.codes, scenario, asOf }, { signal });
        const c = data?.consortium;
        if (!c) {
          throw new GraphqlRequestError(errors[0]?.message ?? 'The gateway answered without the consortium.', {
            code: String(errors[0]?.extensions?.['code'] ?? 'BAD_RESPONSE'),
            errors,
          });
        }
        const cc = c.creditCheck ?? null;
        const whole = errorsAt(errors, ['consortium', 'creditCheck']);
        members.forEach((r, k) => {
          const part = /** @type {ConsortiumPart} */ (r.consortium);
          part.id = c.id ?? null;
          const enterprise = (c.members ?? [])[k] ?? null;
          r.nameRegistered = enterprise?.marketRegulation?.registration?.name ?? null;
          r.nameMismatch = !!(r.nameGiven && r.nameRegistered && comparableName(r.nameGiven) !== comparableName(r.nameRegistered));
          if (!cc) {
            part.verdict = 'ERROR';
            part.message = errorText(whole, lang);
            r.verdict = 'ERROR';
            r.message = part.message;
            return;
          }
          part.verdict = cc.verdict;
          part.checkId = cc.checkId ?? null;
          part.decidedBy = (cc.decidingMembers ?? [])
            .map((/** @type {string} */ u) => group.codes.indexOf(u) + 1)
            .filter((/** @type {number} */ n) => n > 0);
          const mine = (cc.members ?? []).find((/** @type {any} */ m) => m.position === k + 1) ?? null;
          applyCheck(r, mine?.check ?? null, errorsAt(errors, ['consortium', 'creditCheck', 'members', k]), lang);
        });
      },
      (code, message) => {
        for (const r of members) {
          const part = /** @type {ConsortiumPart} */ (r.consortium);
          part.verdict = code === 'BAD_USER_INPUT' ? 'INVALID_CODE' : 'ERROR';
          part.message = `${code}: ${message}`;
          r.verdict = 'ERROR';
          r.message = part.message;
        }
      },
    );
  };

  const worker = async () => {
    while (fatal === null && next < tasks.length) {
      const task = /** @type {(typeof tasks)[number]} */ (tasks[next++]);
      try {
        if (task.kind === 'chunk') await runChunk(task.codes);
        else await runConsortium(task.group);
      } catch (err) {
        if (fatal === null) fatal = err;
        return;
      }
      done += task.kind === 'chunk' ? task.codes.reduce((n, c) => n + (byCode.get(c)?.length ?? 0), 0) : task.group.indexes.length;
      onProgress?.({ done, total });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
  if (fatal !== null) throw fatal;
  return results;
}

/**
 * @param {import('./graphql.js').GraphqlErrorEntry[]} errors
 * @param {'zh' | 'en'} lang
 */
function errorText(errors, lang) {
  return (
    errors.map((e) => `${String(e.extensions?.['code'] ?? 'ERROR')}: ${e.message}`).join('; ') ||
    (lang === 'zh' ? '网关未返回结果' : 'The gateway returned no result')
  );
}

/**
 * @param {BidderResult} r
 * @param {any} item
 * @param {import('./graphql.js').GraphqlErrorEntry[]} errors
 * @param {'zh' | 'en'} lang
 */
function applyItem(r, item, errors, lang) {
  if (!item) {
    r.verdict = 'ERROR';
    r.message = errorText(errors, lang);
    return;
  }
  if (item.__typename === 'InvalidCode') {
    r.verdict = 'INVALID_CODE';
    r.message = item.message;
    return;
  }
  r.nameRegistered = item.marketRegulation?.registration?.name ?? null;
  r.nameMismatch = !!(r.nameGiven && r.nameRegistered && comparableName(r.nameGiven) !== comparableName(r.nameRegistered));
  applyCheck(r, item.creditCheck, errors, lang);
}

/**
 * One credit check onto a result (ERROR, with the errors, when it is missing).
 * @param {BidderResult} r
 * @param {any} cc
 * @param {import('./graphql.js').GraphqlErrorEntry[]} errors
 * @param {'zh' | 'en'} lang
 */
function applyCheck(r, cc, errors, lang) {
  if (!cc) {
    r.verdict = 'ERROR';
    r.message = errorText(errors, lang);
    return;
  }
  r.verdict = cc.verdict;
  r.flags = [...new Set((cc.flags ?? []).map((/** @type {any} */ f) => String(f.measure?.code)))];
  r.flagDetails = (cc.flags ?? []).map((/** @type {any} */ f) => ({
    code: String(f.measure?.code ?? ''),
    name: String(f.measure?.name ?? ''),
    nameZh: String(f.measure?.nameZh ?? ''),
    list: f.finding?.kind ?? null,
    department: f.finding?.department ?? null,
    reference: f.finding?.reference ?? null,
    authority: f.finding?.authority ?? null,
    underObjection: !!f.underObjection,
  }));
  r.missingSources = [...(cc.missingSources ?? [])];
  r.checkId = cc.checkId ?? null;
  r.checkedAt = cc.checkedAt ?? null;
  r.asOf = cc.asOf ?? null;
  r.warnings = [...(cc.warnings ?? [])];
}

/**
 * Which members decided a consortium's verdict, for a sentence: 成员2（第5行）.
 * @param {ConsortiumPart} part
 * @param {'zh' | 'en'} [lang]
 */
export function decidingText(part, lang = 'zh') {
  return part.decidedBy
    .map((p) => (lang === 'zh' ? `成员${p}（第${part.rows[p - 1]}行）` : `member ${p} (row ${part.rows[p - 1]})`))
    .join(lang === 'zh' ? '、' : ', ');
}

/**
 * The note for one result, in one language: why the code is invalid or what failed, which
 * departments could not be read, warnings (e.g. deregistered), a name that differs from the registration, a repeated code,
 * why its consortium could not be checked, a consortium of one row.
 * @param {BidderResult} r
 * @param {'zh' | 'en'} lang
 * @param {{ consortium?: boolean }} [options] `consortium: false` leaves out what the consortium column already says (the page)
 */
export function resultNote(r, lang = 'zh', options = {}) {
  const withConsortium = options.consortium ?? true;
  const zh = lang === 'zh';
  /** @type {string[]} */
  const parts = [];
  if (r.message) parts.push(oneLanguage(r.message, lang));
  if (r.missingSources.length) {
    const names = r.missingSources.map((d) => DEPARTMENT_LABELS[d]?.[lang] ?? d);
    parts.push(zh ? `未能读取：${names.join('、')}（信息不完整，须人工核实）` : `Not read: ${names.join(', ')} (incomplete — verify by hand)`);
  }
  parts.push(...r.warnings.map((w) => oneLanguage(w, lang)));
  if (r.nameMismatch) {
    parts.push(
      zh ? `填报名称与登记名称不一致（登记名称：${r.nameRegistered}）` : `Name given differs from the registered name (${r.nameRegistered})`,
    );
  }
  if (r.duplicateOf !== null) parts.push(zh ? `与第${r.duplicateOf}行代码重复` : `Same code as row ${r.duplicateOf}`);
  const c = r.consortium;
  if (withConsortium && c?.message && c.message !== r.message) {
    parts.push(zh ? `联合体“${c.label}”未能作为整体核查：${c.message}` : `Consortium "${c.label}" could not be checked as a whole: ${c.message}`);
  }
  if (withConsortium && c && c.decidedBy.length && c.verdict !== 'CLEAR') {
    parts.push(zh ? `联合体结论由${decidingText(c, lang)}决定` : `The consortium's verdict comes from ${decidingText(c, lang)}`);
  }
  if (withConsortium && r.loneConsortium) {
    parts.push(
      zh
        ? `联合体“${r.loneConsortium}”只有这一行，按单独投标人核查`
        : `Consortium "${r.loneConsortium}" has only this row: checked as an individual bidder`,
    );
  }
  return parts.join(zh ? '；' : '; ');
}

/**
 * Whether a row needs attention: its own verdict is not CLEAR (INACTIVE, a deregistered or revoked
 * bidder, among them), the name given is not the registered one, its code is repeated in the file
 * (both rows, when `all` is the list — `rows.filter(needsAttention)` passes it), or it belongs to a
 * consortium whose verdict is not CLEAR (a clear member of a restricted consortium is part of a
 * restricted bidder).
 * @param {BidderResult} r
 * @param {number} [_index]
 * @param {readonly BidderResult[]} [all] every row, to find the first row of a repeated code
 */
export function needsAttention(r, _index, all = []) {
  if (r.verdict !== 'CLEAR') return true;
  if (r.nameMismatch || r.duplicateOf !== null) return true;
  if (all.some((o) => o !== r && o.duplicateOf === r.row)) return true;
  return !!r.consortium && r.consortium.verdict !== 'CLEAR';
}

/**
 * @typedef {object} ResultsMeta
 * What the results file says about the check as a whole (its header block).
 * @property {string} [tender] 招标项目编号 — the tender number (the page's field, the CLI's --tender)
 * @property {string} scenario the `Scenario` checked
 * @property {string | null} [asOf] the day asked for (开标日, YYYY-MM-DD); null or absent: the day of the check
 * @property {Date | string} checkedAt when the check was made (written in China time, Asia/Shanghai)
 * @property {string | null} [operator] 经办人 — who made the check (工号/姓名) when the console or
 *   caller knows it; the line is left out when null or absent
 * @property {string | null} [source] the name of the bidders file
 */

/**
 * @typedef {object} ResultsColumn
 * @property {string} key
 * @property {string} header the column's heading in the file's language
 * @property {number} width width in characters (the .xlsx column width)
 * @property {boolean} [text] holds codes: stored as text (.xlsx: a string cell with format '@'; CSV: `="…"`)
 * @property {boolean} [wrap] long text, wrapped (.xlsx)
 */

/**
 * @typedef {object} ResultsSheet
 * The results file before it is written as CSV or .xlsx.
 * @property {string} title
 * @property {[string, string][]} info the header block: label, value
 * @property {ResultsColumn[]} columns
 * @property {string[][]} rows one per bidder, in file order, one cell per column
 * @property {string[]} verdicts each row's own verdict (the .xlsx colours the verdict cell by it)
 */

/** @typedef {{ key: string, zh: string, en: string, width: number, text?: boolean, wrap?: boolean }} ColumnSpec */

/** @type {ColumnSpec[]} */
const BIDDER_COLUMNS = [
  { key: 'row', zh: '行号', en: 'Row', width: 6 },
  { key: 'code', zh: '统一社会信用代码', en: 'Unified social credit code', width: 22, text: true },
  { key: 'nameGiven', zh: '填报名称', en: 'Name given', width: 30, wrap: true },
  { key: 'nameRegistered', zh: '登记名称', en: 'Registered name', width: 30, wrap: true },
  { key: 'verdict', zh: '核查结论', en: 'Verdict', width: 12 },
  {
    key: 'measures',
    zh: '适用的惩戒措施（名单；案号或文号；认定机关）',
    en: 'Measures that apply (list; case or decision number; authority)',
    width: 60,
    wrap: true,
  },
  { key: 'missing', zh: '未能读取的部门', en: 'Departments not read', width: 18, wrap: true },
  { key: 'checkId', zh: '核查编号', en: 'Check number', width: 30 },
];

/** Added after the bidder's own columns when the file has consortium bidders (联合体). */
/** @type {ColumnSpec[]} */
const CONSORTIUM_COLUMN_SPECS = [
  { key: 'consortium', zh: '联合体', en: 'Consortium', width: 14, wrap: true },
  { key: 'memberRole', zh: '联合体成员', en: 'Consortium member', width: 12 },
  { key: 'consortiumVerdict', zh: '联合体结论', en: 'Consortium verdict', width: 12 },
  { key: 'consortiumDecidedBy', zh: '决定联合体结论的成员', en: 'Members deciding the consortium verdict', width: 24, wrap: true },
  { key: 'consortiumCheckId', zh: '联合体核查编号', en: 'Consortium check number', width: 30 },
];

/** The note, then what a program reading the file needs: the API's values as they are. */
/** @type {ColumnSpec[]} */
const TAIL_COLUMNS = [
  { key: 'note', zh: '备注', en: 'Note', width: 70, wrap: true },
  { key: 'verdictCode', zh: '结论编码', en: 'Verdict (API value)', width: 14 },
  { key: 'measureCodes', zh: '措施编码', en: 'Measure codes', width: 34, wrap: true },
];
/** @type {ColumnSpec[]} */
const CONSORTIUM_TAIL_COLUMNS = [
  { key: 'consortiumVerdictCode', zh: '联合体结论编码', en: 'Consortium verdict (API value)', width: 14 },
  { key: 'consortiumId', zh: '联合体标识', en: 'Consortium id', width: 42, text: true, wrap: true },
];

const CHINA_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/**
 * A moment as `YYYY-MM-DD HH:MM:SS` in China time (Asia/Shanghai, UTC+8), whatever the zone of the
 * machine; '' for nothing or an invalid date.
 * @param {Date | string | null | undefined} when
 */
export function chinaDateTime(when) {
  if (when === null || when === undefined || when === '') return '';
  const d = when instanceof Date ? when : new Date(when);
  if (Number.isNaN(d.getTime())) return '';
  /** @type {Record<string, string>} */
  const p = {};
  for (const part of CHINA_TIME.formatToParts(d)) p[part.type] = part.value;
  return `${p['year']}-${p['month']}-${p['day']} ${p['hour']}:${p['minute']}:${p['second']}`;
}

/**
 * The earliest time a check of these results was made (the API's `checkedAt`), or `fallback`
 * when none was (every code invalid, or the run failed).
 * @param {BidderResult[]} results
 * @param {Date} fallback
 * @returns {Date}
 */
export function firstCheckTime(results, fallback) {
  let first = null;
  for (const r of results) {
    const t = r.checkedAt ? Date.parse(r.checkedAt) : NaN;
    if (!Number.isNaN(t) && (first === null || t < first)) first = t;
  }
  return first === null ? fallback : new Date(first);
}

/**
 * One flag in words: the measure's Chinese name, then the record's list, case or decision number
 * and authority; marked when the record is under objection (the measure still applies).
 * @param {FlagDetail} f
 * @param {'zh' | 'en'} [lang]
 */
export function flagText(f, lang = 'zh') {
  const zh = lang === 'zh';
  const list = f.list ? (FINDING_KIND_LABELS[f.list]?.[lang] ?? f.list) : null;
  const parts = [list, f.reference, f.authority].filter((x) => !!x);
  const name = zh ? f.nameZh || f.code : `${f.name || f.code}${f.nameZh ? ` (${f.nameZh})` : ''}`;
  const objection = f.underObjection ? (zh ? '【异议处理中，措施仍适用】' : ' [under objection; the measure still applies]') : '';
  if (!parts.length) return `${name}${objection}`;
  return zh ? `${name}（${parts.join('；')}）${objection}` : `${name} (${parts.join('; ')})${objection}`;
}

/**
 * Counts of verdicts as words, most serious first: 限制 2，未见限制 30.
 * @param {Record<string, number>} counts
 * @param {'zh' | 'en'} lang
 */
function countsText(counts, lang) {
  const order = ['PROHIBITED', 'RESTRICTED', 'INCOMPLETE', 'ERROR', 'INVALID_CODE', 'NOT_FOUND', 'CAUTION', 'CLEAR', 'PENDING'];
  const keys = [...order.filter((v) => counts[v]), ...Object.keys(counts).filter((v) => !order.includes(v))];
  return keys.map((v) => `${VERDICT_LABELS[v]?.[lang] ?? v} ${counts[v]}`).join(lang === 'zh' ? '，' : ', ');
}

/**
 * The results file: a title, a header block (tender number, scenario in words, the day checked
 * for, the time of the check in China time, the operator when known, the bidders file, the counts),
 * then a table with headings in the file's language (Chinese by default) and one row per bidder in
 * file order: code, names, verdict in words, each measure in words with its list, case number and
 * authority, departments not read, check number, the consortium columns when there are consortia,
 * the note, and last the API's own values (verdict, measure codes) for programs.
 * @param {BidderResult[]} results
 * @param {ResultsMeta} meta
 * @param {'zh' | 'en'} [lang]
 * @param {{ consortium?: boolean }} [options] consortium columns: default when some row belongs to a consortium
 * @returns {ResultsSheet}
 */
export function resultsSheet(results, meta, lang = 'zh', options = {}) {
  const zh = lang === 'zh';
  const withConsortium = options.consortium ?? results.some((r) => r.consortium || r.loneConsortium);
  const specs = withConsortium
    ? [...BIDDER_COLUMNS, ...CONSORTIUM_COLUMN_SPECS, ...TAIL_COLUMNS, ...CONSORTIUM_TAIL_COLUMNS]
    : [...BIDDER_COLUMNS, ...TAIL_COLUMNS];
  const columns = specs.map((c) => ({
    key: c.key,
    header: c[lang],
    width: c.width,
    ...(c.text ? { text: true } : {}),
    ...(c.wrap ? { wrap: true } : {}),
  }));
  const checkedAt = chinaDateTime(meta.checkedAt);
  /** @type {[string, string][]} */
  const info = [
    [zh ? '招标项目编号' : 'Tender number', meta.tender?.trim() || (zh ? '（未填写）' : '(not given)')],
    [zh ? '办理场景' : 'Scenario', SCENARIO_LABELS[meta.scenario]?.[lang] ?? meta.scenario],
    [
      zh ? '核查基准日' : 'Checked as of',
      meta.asOf || (zh ? `${checkedAt.slice(0, 10)}（核查当日）` : `${checkedAt.slice(0, 10)} (the day of the check)`),
    ],
    [zh ? '核查时间（北京时间）' : 'Time of check (China time, UTC+8)', checkedAt],
  ];
  if (meta.operator) info.push([zh ? '经办人' : 'Operator', meta.operator]);
  if (meta.source) info.push([zh ? '投标人名单文件' : 'Bidders file', meta.source]);
  const consortia = countConsortia(results);
  info.push([
    zh ? '结果汇总' : 'Summary',
    (zh ? `投标人 ${results.length} 个：` : `${results.length} bidders: `) +
      countsText(countVerdicts(results), lang) +
      (Object.keys(consortia).length ? (zh ? `；联合体：${countsText(consortia, lang)}` : `; consortia: ${countsText(consortia, lang)}`) : ''),
  ]);
  const verdictWord = (/** @type {string} */ v) => VERDICT_LABELS[v]?.[lang] ?? v;
  const rows = results.map((r) => {
    const c = r.consortium ?? null;
    /** @type {Record<string, string>} */
    const cell = {
      row: String(r.row),
      code: r.verdict === 'INVALID_CODE' ? r.codeGiven : r.code,
      nameGiven: r.nameGiven,
      nameRegistered: r.nameRegistered ?? '',
      verdict: verdictWord(r.verdict),
      measures: (r.flagDetails?.length ? r.flagDetails.map((f) => flagText(f, lang)) : r.flags).join('\n'),
      missing: r.missingSources.map((d) => DEPARTMENT_LABELS[d]?.[lang] ?? d).join(zh ? '、' : ', '),
      checkId: r.checkId ?? '',
      consortium: c ? c.label : (r.loneConsortium ?? ''),
      memberRole: c
        ? c.position === 1
          ? zh
            ? `牵头人（共${c.size}家）`
            : `lead (of ${c.size})`
          : zh
            ? `成员${c.position}（共${c.size}家）`
            : `member ${c.position} (of ${c.size})`
        : '',
      consortiumVerdict: c ? verdictWord(c.verdict) : '',
      consortiumDecidedBy: c && c.verdict !== 'CLEAR' ? decidingText(c, lang) : '',
      consortiumCheckId: c?.checkId ?? '',
      note: resultNote(r, lang),
      verdictCode: r.verdict,
      measureCodes: r.flags.join('\n'),
      consortiumVerdictCode: c ? c.verdict : '',
      consortiumId: c?.id ?? '',
    };
    return columns.map((col) => cell[col.key] ?? '');
  });
  return {
    title: zh ? '投标人信用核查结果' : 'Bidder credit check results',
    info,
    columns,
    rows,
    verdicts: results.map((r) => r.verdict),
  };
}

/**
 * The results file as CSV text for Excel: UTF-8 with BOM, CRLF, the title and header block first,
 * a blank line, then the table. The code columns are written `="…"` (see `excelText`), and so is
 * any other cell Excel would turn into a number or a date (a long digit string, a date, a time),
 * so Excel and LibreOffice show them exactly; `readBidderRows` reads such a file back (it finds the
 * table's header under the header block and unwraps `="…"`).
 * @param {ResultsSheet} sheet
 * @returns {string}
 */
export function resultsCsv(sheet) {
  const guard = (/** @type {string} */ v) => (excelWouldConvert(v) ? excelText(v) : v);
  /** @type {unknown[][]} */
  const rows = [
    [sheet.title],
    ...sheet.info.map(([label, value]) => [label, guard(value)]),
    [],
    sheet.columns.map((c) => c.header),
    ...sheet.rows.map((cells) => cells.map((v, i) => (sheet.columns[i]?.text ? excelText(v) : guard(v)))),
  ];
  return toCsv(rows);
}

/**
 * The file name for the results: 投标人信用核查-<tender>-<YYYYMMDD>.<ext> (bidder-check-… in English).
 * @param {{ tender?: string, date: string, ext: string, lang?: 'zh' | 'en' }} o `date` YYYY-MM-DD
 */
export function resultsFileName(o) {
  const safeTender = (o.tender ?? '')
    .trim()
    .replace(/[\\/:*?"<>|\s]+/g, '_')
    .slice(0, 40);
  return `${(o.lang ?? 'zh') === 'zh' ? '投标人信用核查' : 'bidder-check'}${safeTender ? `-${safeTender}` : ''}-${o.date.replace(/-/g, '')}.${o.ext}`;
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

/**
 * How many consortium bidders got each verdict (each consortium once).
 * @param {BidderResult[]} results
 * @returns {Record<string, number>}
 */
export function countConsortia(results) {
  /** @type {Record<string, number>} */
  const counts = {};
  for (const r of results) if (r.consortium?.position === 1) counts[r.consortium.verdict] = (counts[r.consortium.verdict] ?? 0) + 1;
  return counts;
}
