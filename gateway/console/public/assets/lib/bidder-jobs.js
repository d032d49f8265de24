// @ts-check
/**
 * A tender's bidders checked as a bulk check job (批量核查任务), shared by /bidders.html and
 * `npm run check-file`: the list is submitted at once (`submitBulkCheck`), progress is followed live
 * (`GET /jobs/<id>/events`, server-sent events read with fetch so the key travels in the header; if
 * the stream cannot be opened, `bulkCheck` is polled), and the rows are read page by page into the
 * same results the synchronous check gives (`BidderResult`, written by `resultsSheet`).
 *
 * Layout of a job made here: one enterprise row per bidder of the file, in file order (row i is
 * bidder i, so a job can be reopened from its id alone; a code invalid here is sent empty), then one consortium row per consortium that
 * can be sent. Rows still INCOMPLETE can be checked again with a second job (`recheckInput`), whose
 * rows are laid over the first by code and consortium label (`overlayRecheck`).
 */
import { normalizeUscc } from './uscc.js';
import { GraphqlRequestError, callerHeaders } from './graphql.js';
import { bidderCode, comparableName, groupConsortia, pendingResults } from './bidders.js';

/** @typedef {import('./bidders.js').BidderInput} BidderInput */
/** @typedef {import('./bidders.js').BidderResult} BidderResult */

/**
 * @typedef {object} JobProgress
 * @property {string} id
 * @property {string} status QUEUED, RUNNING or DONE
 * @property {number} total
 * @property {number} done
 * @property {number} incomplete
 * @property {number} retrying
 * @property {{ department: string, state: string, waiting: number, failed: number }[]} departments
 */

const PROGRESS_FIELDS = 'id status total done incomplete retrying departments { department state waiting failed }';

export const JOB_SUBMIT_QUERY = `mutation SubmitBidderJob($input: BulkCheckInput!) { submitBulkCheck(input: $input) { ${PROGRESS_FIELDS} } }`;

export const JOB_PROGRESS_QUERY = `query BidderJobProgress($id: ID!) { bulkCheck(id: $id) { ${PROGRESS_FIELDS} scenario asOf tenderReference submittedAt } }`;

export const JOB_ROWS_QUERY = `query BidderJobRows($id: ID!, $offset: Int!, $limit: Int!) {
  bulkCheck(id: $id) {
    id status total
    rows(offset: $offset, limit: $limit) {
      total
      items { index kind input uscc invalidReason invalidMessage registeredName verdict checkId checkedAt missingSources warnings
        flags { measureCode measureName measureNameZh department kind reference authority underObjection }
        members decidingMembers note }
    }
  }
}`;

/** Rows read per page (the API's largest page). */
export const JOB_PAGE = 1000;

/** Verdicts a re-check is for: the row could not be read completely. */
export const RECHECK_VERDICTS = new Set(['INCOMPLETE', 'ERROR']);

/**
 * @param {string} message
 * @param {import('./graphql.js').GraphqlErrorEntry[]} errors
 */
function requestError(message, errors) {
  return new GraphqlRequestError(errors[0]?.message ?? message, { code: String(errors[0]?.extensions?.['code'] ?? 'BAD_RESPONSE'), errors });
}

/**
 * What to submit for a bidder list: every bidder's code in file order (an invalid one empty, so
 * that row i stays bidder i and nothing of a bad code is sent), then the consortia that can be sent.
 * @param {BidderInput[]} bidders
 * @param {{ scenario: string, asOf?: string | null, tenderReference?: string | null }} terms
 * @param {'zh' | 'en'} [lang]
 */
export function jobInput(bidders, terms, lang = 'zh') {
  const groups = groupConsortia(bidders, lang).groups.filter((g) => !g.problem);
  return {
    // An invalid code is answered here and never sent (not even a guess): its row is an empty code.
    codes: bidders.map((b) => {
      const c = bidderCode(b);
      return c.valid ? c.code : '';
    }),
    scenario: terms.scenario,
    asOf: terms.asOf || null,
    tenderReference: terms.tenderReference?.trim() || null,
    consortia: groups.map((g) => ({ label: g.label.slice(0, 64), members: g.codes })),
  };
}

/**
 * A re-check of the rows that are INCOMPLETE (or ERROR): their codes once each, and the consortia
 * whose whole verdict is INCOMPLETE; null when there is none.
 * @param {BidderResult[]} results
 * @param {{ scenario: string, asOf?: string | null, tenderReference?: string | null }} terms
 */
export function recheckInput(results, terms) {
  /** @type {Set<string>} */
  const codes = new Set();
  /** @type {Map<string, string[]>} */
  const consortia = new Map();
  for (const r of results) {
    if (RECHECK_VERDICTS.has(r.verdict) && r.code.length === 18) codes.add(r.code);
    const c = r.consortium;
    if (c && RECHECK_VERDICTS.has(c.verdict) && !consortia.has(c.label)) consortia.set(c.label, c.codes);
  }
  if (!codes.size && !consortia.size) return null;
  return {
    codes: [...codes],
    scenario: terms.scenario,
    asOf: terms.asOf || null,
    tenderReference: terms.tenderReference?.trim() || null,
    consortia: [...consortia].map(([label, members]) => ({ label: label.slice(0, 64), members })),
  };
}

/**
 * One job row (an enterprise) onto a bidder's result. A code found invalid here already keeps its
 * own explanation (e.g. that a spreadsheet turned it into a number).
 * @param {BidderResult} r
 * @param {any} row
 */
function applyEnterpriseRow(r, row) {
  if (r.verdict === 'INVALID_CODE' && !row.uscc) return;
  if (row.invalidReason) {
    r.verdict = 'INVALID_CODE';
    r.message = row.invalidMessage ?? row.invalidReason;
    return;
  }
  r.nameRegistered = row.registeredName ?? null;
  r.nameMismatch = !!(r.nameGiven && r.nameRegistered && comparableName(r.nameGiven) !== comparableName(r.nameRegistered));
  r.verdict = row.verdict ?? 'ERROR';
  r.flags = [...new Set((row.flags ?? []).map((/** @type {any} */ f) => String(f.measureCode)))];
  r.flagDetails = (row.flags ?? []).map((/** @type {any} */ f) => ({
    code: String(f.measureCode ?? ''),
    name: String(f.measureName ?? ''),
    nameZh: String(f.measureNameZh ?? ''),
    list: f.kind ?? null,
    department: f.department ?? null,
    reference: f.reference ?? null,
    authority: f.authority ?? null,
    underObjection: !!f.underObjection,
  }));
  r.missingSources = [...(row.missingSources ?? [])];
  r.checkId = row.checkId ?? null;
  r.checkedAt = row.checkedAt ?? null;
  r.warnings = [...(row.warnings ?? [])];
  r.message = row.verdict === 'INCOMPLETE' && row.note ? row.note : null;
}

/**
 * A consortium row onto its members' results (the whole's verdict, check and deciding members).
 * @param {BidderResult[]} members in member order
 * @param {any} row
 */
function applyConsortiumRow(members, row) {
  for (const r of members) {
    const part = r.consortium;
    if (!part) continue;
    if (row.invalidReason) {
      part.verdict = 'INVALID_CODE';
      part.message = row.invalidMessage ?? row.invalidReason;
      continue;
    }
    part.verdict = row.verdict ?? 'ERROR';
    part.checkId = row.checkId ?? null;
    part.id = (row.members ?? part.codes).join(',');
    part.decidedBy = (row.decidingMembers ?? [])
      .map((/** @type {string} */ u) => part.codes.indexOf(u) + 1)
      .filter((/** @type {number} */ n) => n > 0);
    part.message = row.verdict === 'INCOMPLETE' && row.note ? row.note : null;
  }
}

/**
 * The rows of a job made by `jobInput` onto the results of the same bidder list.
 * @param {BidderResult[]} results `pendingResults` of the list
 * @param {any[]} rows
 * @param {BidderInput[]} bidders
 * @param {'zh' | 'en'} [lang]
 */
export function applyJobRows(results, rows, bidders, lang = 'zh') {
  const groups = groupConsortia(bidders, lang).groups.filter((g) => !g.problem);
  for (const row of rows) {
    if (row.kind === 'CONSORTIUM') {
      const g = groups.find((x) => x.label.slice(0, 64) === row.input);
      if (g)
        applyConsortiumRow(
          g.indexes.map((i) => /** @type {BidderResult} */ (results[i])),
          row,
        );
    } else if (row.index < results.length) applyEnterpriseRow(/** @type {BidderResult} */ (results[row.index]), row);
  }
}

/**
 * A re-check job's rows laid over the results: each enterprise row onto every row with that code
 * still INCOMPLETE (or ERROR), each consortium row onto the members of the consortium so named.
 * @param {BidderResult[]} results
 * @param {any[]} rows
 * @returns {number} rows of the table that changed
 */
export function overlayRecheck(results, rows) {
  let changed = 0;
  for (const row of rows) {
    if (row.kind === 'CONSORTIUM') {
      const members = results.filter((r) => r.consortium?.label.slice(0, 64) === row.input);
      if (members.length && members.every((r) => RECHECK_VERDICTS.has(/** @type {any} */ (r.consortium).verdict))) {
        members.sort((a, b) => /** @type {any} */ (a.consortium).position - /** @type {any} */ (b.consortium).position);
        applyConsortiumRow(members, row);
        changed += members.length;
      }
    } else if (row.uscc) {
      for (const r of results) {
        if (r.code === row.uscc && RECHECK_VERDICTS.has(r.verdict)) {
          applyEnterpriseRow(r, row);
          changed++;
        }
      }
    }
  }
  return changed;
}

/**
 * A bidder list rebuilt from a job's rows, for a job reopened by its id: the codes as submitted
 * (row number = position + 1; the names given in the file are not kept by the job), with the
 * consortium rows' members marked.
 * @param {any[]} rows every row of the job, in order
 * @returns {BidderInput[]}
 */
export function biddersFromRows(rows) {
  /** @type {BidderInput[]} */
  const bidders = rows
    .filter((r) => r.kind !== 'CONSORTIUM')
    .map((r) => ({ row: r.index + 1, codeGiven: r.input, nameGiven: '', consortiumGiven: '' }));
  for (const c of rows.filter((r) => r.kind === 'CONSORTIUM')) {
    for (const m of c.members ?? []) {
      const b = bidders.find((x) => !x.consortiumGiven && normalizeUscc(x.codeGiven) === m);
      if (b) b.consortiumGiven = c.input;
    }
  }
  return bidders;
}

/**
 * Submit a job.
 * @param {import('./graphql.js').GraphqlRequest} request
 * @param {Record<string, unknown>} input
 * @param {AbortSignal} [signal]
 * @returns {Promise<JobProgress>}
 */
export async function submitJob(request, input, signal) {
  const { data, errors } = await request(JOB_SUBMIT_QUERY, { input }, { signal });
  if (!data?.submitBulkCheck) throw requestError('The job was not accepted.', errors);
  return data.submitBulkCheck;
}

/**
 * A job's progress and terms (`bulkCheck`).
 * @param {import('./graphql.js').GraphqlRequest} request
 * @param {string} id
 * @param {AbortSignal} [signal]
 */
export async function jobProgress(request, id, signal) {
  const { data, errors } = await request(JOB_PROGRESS_QUERY, { id }, { signal });
  if (!data?.bulkCheck) throw requestError('The job could not be read.', errors);
  return /** @type {JobProgress & { scenario: string, asOf: string | null, tenderReference: string | null, submittedAt: string }} */ (data.bulkCheck);
}

/**
 * Every row of a finished job, page by page.
 * @param {import('./graphql.js').GraphqlRequest} request
 * @param {string} id
 * @param {{ signal?: AbortSignal, onPage?: (read: number, total: number) => void }} [options]
 */
export async function readJobRows(request, id, options = {}) {
  /** @type {any[]} */
  const rows = [];
  for (let offset = 0, total = 1; offset < total; offset += JOB_PAGE) {
    const { data, errors } = await request(JOB_ROWS_QUERY, { id, offset, limit: JOB_PAGE }, { signal: options.signal });
    if (!data?.bulkCheck) throw requestError('The job’s rows could not be read.', errors);
    total = data.bulkCheck.rows.total;
    rows.push(...data.bulkCheck.rows.items);
    options.onPage?.(Math.min(total, offset + JOB_PAGE), total);
  }
  return rows;
}

/**
 * Open a job's event stream with the caller's headers (fetch, not EventSource: no key in the URL).
 * @param {{ url: string, credentials: import('./graphql.js').CallerCredentials | (() => import('./graphql.js').CallerCredentials), fetch?: typeof fetch }} options
 * @returns {(id: string, signal: AbortSignal) => Promise<Response>}
 */
export function jobEventsOpener(options) {
  const doFetch = options.fetch ?? ((/** @type {any} */ input, /** @type {any} */ init) => fetch(input, init));
  return (id, signal) => {
    const creds = typeof options.credentials === 'function' ? options.credentials() : options.credentials;
    const base = new URL(options.url, typeof location === 'undefined' ? undefined : location.href);
    const url = new URL(`/jobs/${encodeURIComponent(id)}/events`, base);
    return doFetch(url.href, { headers: { Accept: 'text/event-stream', ...callerHeaders(creds) }, signal });
  };
}

/**
 * Follow a job until it is DONE: live from its event stream when `openEvents` is given and the
 * stream opens, else (or when the stream breaks) by polling `bulkCheck` every `pollMs`.
 * @param {object} options
 * @param {string} options.id
 * @param {import('./graphql.js').GraphqlRequest} options.request
 * @param {((id: string, signal: AbortSignal) => Promise<Response>) | null} [options.openEvents]
 * @param {(p: JobProgress) => void} [options.onProgress]
 * @param {AbortSignal} [options.signal]
 * @param {number} [options.pollMs] default 1000
 * @returns {Promise<JobProgress>} the last progress (status DONE)
 */
export async function followJob(options) {
  const { id, request, openEvents, onProgress, signal } = options;
  const pollMs = options.pollMs ?? 1000;
  if (openEvents) {
    const last = await followEvents(id, openEvents, onProgress, signal).catch((err) => {
      if (signal?.aborted) throw err;
      return null;
    });
    if (last?.status === 'DONE') return last;
  }
  for (;;) {
    const p = await jobProgress(request, id, signal);
    onProgress?.(p);
    if (p.status === 'DONE') return p;
    await new Promise((resolve, reject) => {
      const t = setTimeout(resolve, pollMs);
      signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(t);
          reject(signal.reason ?? new DOMException('Stopped.', 'AbortError'));
        },
        { once: true },
      );
    });
  }
}

/**
 * Read `progress` / `done` events until the stream ends; the last progress seen (null when the
 * stream did not open).
 * @param {string} id
 * @param {(id: string, signal: AbortSignal) => Promise<Response>} openEvents
 * @param {((p: JobProgress) => void) | undefined} onProgress
 * @param {AbortSignal | undefined} signal
 * @returns {Promise<JobProgress | null>}
 */
async function followEvents(id, openEvents, onProgress, signal) {
  const controller = new AbortController();
  const stop = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', stop, { once: true });
  try {
    const res = await openEvents(id, controller.signal);
    if (!res.ok || !res.body || !(res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
      await res.body?.cancel().catch(() => undefined);
      return null;
    }
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    /** @type {JobProgress | null} */
    let last = null;
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return last;
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, '\n');
      let cut;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = /^event: ?(.*)$/m.exec(block)?.[1];
        const data = /^data: ?(.*)$/m.exec(block)?.[1];
        if ((event === 'progress' || event === 'done') && data) {
          last = /** @type {JobProgress} */ (JSON.parse(data));
          onProgress?.(last);
          if (event === 'done') {
            await reader.cancel().catch(() => undefined);
            return last;
          }
        }
      }
    }
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}

/**
 * Check a bidder list as a job, or follow a job already submitted (`jobId`), and return the results
 * in file order. Without `bidders` (a job reopened by its id) the list is rebuilt from the job's rows.
 * @param {object} options
 * @param {BidderInput[] | null} options.bidders
 * @param {string} [options.jobId] a job submitted before (its rows are laid out by `jobInput`)
 * @param {{ scenario: string, asOf?: string | null, tenderReference?: string | null }} options.terms
 * @param {import('./graphql.js').GraphqlRequest} options.request
 * @param {((id: string, signal: AbortSignal) => Promise<Response>) | null} [options.openEvents]
 * @param {'zh' | 'en'} [options.lang]
 * @param {AbortSignal} [options.signal]
 * @param {number} [options.pollMs]
 * @param {(id: string) => void} [options.onJob] told the job's id as soon as it is known
 * @param {(p: JobProgress) => void} [options.onProgress]
 * @returns {Promise<{ id: string, results: BidderResult[], bidders: BidderInput[], progress: JobProgress }>}
 */
export async function checkBiddersAsJob(options) {
  const { request, signal, lang = 'zh' } = options;
  let id = options.jobId;
  if (!id) {
    if (!options.bidders?.length) throw new Error('No bidders to check.');
    const job = await submitJob(request, jobInput(options.bidders, options.terms, lang), signal);
    id = job.id;
    options.onJob?.(id);
    options.onProgress?.(job);
  }
  const progress = await followJob({ id, request, openEvents: options.openEvents, onProgress: options.onProgress, signal, pollMs: options.pollMs });
  const rows = await readJobRows(request, id, { signal });
  const bidders = options.bidders ?? biddersFromRows(rows);
  const results = pendingResults(bidders, lang);
  applyJobRows(results, rows, bidders, lang);
  return { id, results, bidders, progress };
}
