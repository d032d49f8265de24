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
 * @property {string} [consortiumGiven] the consortium cell as given ('' or absent: an individual bidder)
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
 * @property {string | null} nameRegistered the name market regulation holds, when it answered
 * @property {string} verdict a `Verdict`, or INVALID_CODE, or ERROR (the check could not be made)
 * @property {string[]} flags measure codes of the restriction flags, strongest first
 * @property {string[]} missingSources departments that matter and could not be read
 * @property {string | null} checkId
 * @property {string[]} warnings
 * @property {string | null} message why the code is invalid, or what went wrong
 * @property {boolean} nameMismatch the name given differs from the registered name
 * @property {number | null} duplicateOf the row of an earlier bidder with the same code
 * @property {ConsortiumPart | null} [consortium] the row's consortium, when it is a member of one
 * @property {string | null} [loneConsortium] the consortium cell of a row alone in its group (checked as an individual bidder)
 */

export const BIDDERS_QUERY = `query BidderCheck($usccs: [String!]!, $scenario: Scenario!, $asOf: String) {
  enterprises(usccs: $usccs) {
    __typename
    ... on InvalidCode { input normalized reason message position }
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
        check { checkId verdict missingSources warnings flags { measure { code } } }
      }
    }
  }
}`;

/** A consortium has 2 to 20 members (Query.consortium). */
export const CONSORTIUM_MAX_MEMBERS = 20;

const CODE_HEADER = /统一社会信用代码|社会信用代码|信用代码|代码|uscc|credit[\s_-]*code|^code$/i;
const NAME_HEADER = /名称|投标人|供应商|单位|企业|公司|name|bidder|supplier/i;
/** 联合体 / 联合体编号 / consortium (id): checked before the others, so 联合体名称 is not taken for the bidder's name. */
const CONSORTIUM_HEADER = /联合体|consortium/i;

/** @param {string} cell */
function looksLikeCode(cell) {
  const n = normalizeUscc(cell);
  return n.length >= 15 && n.length <= 20 && /\d/.test(n);
}

/**
 * Bidders from parsed CSV rows. The header is optional: a first row with nothing that looks like a
 * code, and either a column name (代码, 名称, 联合体, code, name…) or no digit at all, is a header (codes
 * always hold digits); then columns are found by name (代码/统一社会信用代码/
 * code/uscc; 名称/投标人/name; 联合体/联合体编号/consortium). Without a header the code is in the first
 * column and the name in the second — unless the second column looks like codes and the first does
 * not — and there is no consortium column (it could not be told from a name).
 * @param {string[][]} rows
 * @returns {{ bidders: BidderInput[], hasHeader: boolean, codeColumn: number, nameColumn: number | null, consortiumColumn: number | null }}
 */
export function readBidderRows(rows) {
  const records = rows.map((cells, i) => ({ cells, row: i + 1 })).filter((r) => r.cells.some((c) => c.trim() !== ''));
  let codeColumn = 0;
  /** @type {number | null} */
  let nameColumn = 1;
  /** @type {number | null} */
  let consortiumColumn = null;
  let hasHeader = false;
  const first = records[0];
  if (first) {
    const headerCells = first.cells.map((c) => c.trim());
    const anyDigits = headerCells.some((c) => /\d/.test(normalizeUscc(c)));
    const named = headerCells.some((c) => CODE_HEADER.test(c) || NAME_HEADER.test(c) || CONSORTIUM_HEADER.test(c));
    if (!headerCells.some(looksLikeCode) && (named || !anyDigits)) {
      hasHeader = true;
      // 联合体成员代码 is a code column, not the consortium's.
      const ki = headerCells.findIndex((c) => CONSORTIUM_HEADER.test(c) && !CODE_HEADER.test(c));
      consortiumColumn = ki >= 0 ? ki : null;
      const ci = headerCells.findIndex((c, i) => i !== consortiumColumn && CODE_HEADER.test(c));
      codeColumn = ci >= 0 ? ci : consortiumColumn === 0 ? 1 : 0;
      const ni = headerCells.findIndex((c, i) => i !== codeColumn && i !== consortiumColumn && NAME_HEADER.test(c));
      const other = headerCells.findIndex((_, i) => i !== codeColumn && i !== consortiumColumn);
      nameColumn = ni >= 0 ? ni : other >= 0 ? other : null;
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
    // Only files with a consortium column carry the cell, so plain files read as they always did.
    ...(consortiumColumn === null ? {} : { consortiumGiven: (r.cells[consortiumColumn] ?? '').trim() }),
  }));
  return { bidders, hasHeader, codeColumn, nameColumn, consortiumColumn };
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
      const parsed = parseUscc(b.codeGiven);
      const code = parsed.valid ? parsed.info.uscc : normalizeUscc(b.codeGiven);
      codes.push(code);
      if (!parsed.valid) {
        problems.push(zh ? `成员${position}（第${b.row}行）代码无效：${explainInvalid(parsed, lang)}` : `Member ${position} (row ${b.row}) has an invalid code: ${explainInvalid(parsed, lang)}`);
        return;
      }
      const earlier = seen.get(code);
      if (earlier !== undefined) {
        problems.push(zh ? `成员${position}（第${b.row}行）与成员${earlier}代码相同` : `Member ${position} (row ${b.row}) has the same code as member ${earlier}`);
      } else seen.set(code, position);
    });
    if (indexes.length > CONSORTIUM_MAX_MEMBERS) {
      problems.unshift(zh ? `联合体有${indexes.length}个成员，最多${CONSORTIUM_MAX_MEMBERS}个` : `The consortium has ${indexes.length} members; at most ${CONSORTIUM_MAX_MEMBERS} are allowed`);
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
      consortium: null,
      loneConsortium: lone.get(index) ?? null,
    };
    if (parsed.valid) {
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
          part.decidedBy = (cc.decidingMembers ?? []).map((/** @type {string} */ u) => group.codes.indexOf(u) + 1).filter((/** @type {number} */ n) => n > 0);
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
 * Columns added before `note` when the file has consortium bidders: the consortium cell as given,
 * the API's consortium id, the member's position (1 = lead), the consortium's verdict, the deciding
 * members' codes and the consortium check's id — on every member row.
 */
export const CONSORTIUM_COLUMNS = /** @type {const} */ ([
  'consortium',
  'consortium_id',
  'member_position',
  'consortium_verdict',
  'consortium_verdict_zh',
  'consortium_decided_by',
  'consortium_check_id',
]);

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
 * The note for one result: why the code is invalid or what failed, which departments could not be
 * read, warnings (e.g. deregistered), a name that differs from the registration, a repeated code,
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
 * Results → rows for the CSV file (a header row first), one row per bidder in file order.
 * Multiple flags and departments are separated by `;`. The consortium columns are added when
 * some row belongs to a consortium (or `consortium: true`), so a file without consortia keeps the
 * columns it always had.
 * @param {BidderResult[]} results
 * @param {'zh' | 'en'} [lang]
 * @param {{ consortium?: boolean }} [options]
 * @returns {string[][]}
 */
export function resultsToRows(results, lang = 'zh', options = {}) {
  const withConsortium = options.consortium ?? results.some((r) => r.consortium || r.loneConsortium);
  const head = RESULT_COLUMNS.slice(0, -1);
  /** @type {string[][]} */
  const rows = [withConsortium ? [...head, ...CONSORTIUM_COLUMNS, 'note'] : [...RESULT_COLUMNS]];
  for (const r of results) {
    const c = r.consortium ?? null;
    const consortiumCells = c
      ? [
          c.label,
          c.id ?? '',
          String(c.position),
          c.verdict,
          VERDICT_LABELS[c.verdict]?.zh ?? '',
          c.decidedBy.map((p) => c.codes[p - 1] ?? '').join(';'),
          c.checkId ?? '',
        ]
      : [r.loneConsortium ?? '', '', '', '', '', '', ''];
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
      ...(withConsortium ? consortiumCells : []),
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
