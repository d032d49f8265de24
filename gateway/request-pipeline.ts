import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { performance } from 'node:perf_hooks';
import { ApolloServer } from '@apollo/server';
import { print, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { executeGraphQL, parseJsonBody, readBody, sendJson } from '../common/http/index.js';
import {
  AUDIT_CODES_CAP,
  AuditError,
  auditEntrySchema,
  capCodes,
  hashResult,
  parseAuditQueryFilter,
  type AuditEntry,
  type AuditErrorCode,
  type AuditQueryFilter,
  type AuditStore,
} from './audit/index.js';
import {
  authenticate,
  checkOperatorPolicy,
  checkPurpose,
  hasScope,
  identifyOperator,
  type AuthenticatedCaller,
  type CallersConfig,
  type Operator,
  type OperatorTokenVerifier,
} from './auth/index.js';
import { singleHeader } from './auth/headers.js';
import { LRUCache } from 'lru-cache';
import type { DocumentNode } from 'graphql';
import { analyzeOperation, finishAnswer, planAccess, type AccessPlan } from './access/operation.js';
import { parseWithinLimits, type LimitRefusal, type QueryLimits } from './access/query-limits.js';
import type { AdmittedRequest, RequestLimits } from './subgraph-data-source.js';
import { normalizeUscc } from '../common/uscc/index.js';
import { statusOf, type ErrorCode } from '../common/error-codes.js';
import { issueReport, REPORT_HEADER } from './report/index.js';

/** Everything a gateway request goes through, in order, before and after Apollo executes it. */
export interface PipelineDeps {
  server: ApolloServer<RequestLimits>;
  apiSchema: GraphQLSchema;
  callers: CallersConfig;
  /** Verifies `X-Operator-Token` against the identity provider's keys; `null` = none configured (a token sent is refused). */
  operatorTokens: OperatorTokenVerifier | null;
  /** The 查询留痕 trail (file or PostgreSQL): written before every answer, searched by `/audit`. */
  audit: AuditStore;
  limits: QueryLimits;
  maxBodyBytes: number;
  /** The body limit of a request whose only field is `submitBulkCheck` (its codes come in variables). */
  jobMaxBodyBytes?: number;
  requestDeadlineMs: number;
  onRequest?: (outcome: RequestOutcome) => void;
  /** Parsed, bounded and access-planned operations by caller scopes and query text (front-ends repeat theirs). */
  prepared: LRUCache<string, Prepared>;
  /** Time source for issued reports. Default `() => new Date()`. */
  clock?: () => Date;
}

/** An operation parsed within the limits and rewritten for a set of scopes; reused across requests. */
export type Prepared = { refusal: LimitRefusal } | { document: DocumentNode; plan: AccessPlan; query: string };

export function createPreparedCache(): LRUCache<string, Prepared> {
  return new LRUCache<string, Prepared>({ max: 1000, maxSize: 32 * 1024 * 1024, sizeCalculation: (_v, k) => k.length * 4 + 1024 });
}

function prepare(deps: PipelineDeps, query: string, scopes: readonly string[]): Prepared {
  const key = `${[...scopes].sort().join(',')}\n${query}`;
  let p = deps.prepared.get(key);
  if (!p) {
    const bounded = parseWithinLimits(query, deps.apiSchema, deps.limits);
    if ('refusal' in bounded) p = { refusal: bounded.refusal };
    else {
      const plan = planAccess(deps.apiSchema, bounded.document, scopes);
      p = { document: bounded.document, plan, query: plan.document === bounded.document ? query : print(plan.document) };
    }
    deps.prepared.set(key, p);
  }
  return p;
}

/** What the log and the metrics learn about each request. */
export interface RequestOutcome {
  requestId: string;
  callerId: string | null;
  purpose: string | null;
  status: number;
  outcome: AuditEntry['outcome'];
  refusalCode: string | null;
  durationMs: number;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** A request refused before or instead of execution; its HTTP status is its code's (`ERROR_CODES`). */
type Refusal = { code: ErrorCode; message: string; outcome: 'REFUSED' | 'INVALID'; reason?: string };

interface Draft {
  requestId: string;
  startedAt: number;
  caller: AuthenticatedCaller | null;
  /** 经办人, once established (asserted or verified); null when none was named. */
  operator: Operator | null;
  purpose: string | null;
  reference: string | null;
  operationName: string | null;
  codes: string[];
  scenarios: string[];
}

/**
 * What a client sent, bounded for the record: the audit keeps at most `max` characters of it (a
 * longer value is cut and marked with …), never refuses the request over it.
 */
function bounded(value: string | null, max: number): string | null {
  if (value === null) return null;
  // Control characters are dropped (\p{Cc}: U+0000–U+001F, U+007F–U+009F).
  const clean = value.replace(/\p{Cc}/gu, '').trim();
  if (clean.length === 0) return null;
  return clean.length <= max ? clean : `${clean.slice(0, max - 1)}…`;
}

function entry(d: Draft, body: string, outcome: AuditEntry['outcome'], refusalCode: string | null, extra: Partial<AuditEntry> = {}): AuditEntry {
  return {
    requestId: d.requestId,
    caller: d.caller ? { id: d.caller.id, name: d.caller.name, kind: d.caller.kind } : null,
    operator: d.operator ? { id: d.operator.id, name: d.operator.name, how: d.operator.how } : null,
    purpose: bounded(d.purpose, 64),
    reference: bounded(d.reference, 64),
    operationName: bounded(d.operationName, 256),
    outcome,
    refusalCode,
    // A code longer than any real one (a padded spreadsheet cell) is kept cut, so the record is always written.
    codes: capCodes(d.codes.map((c) => bounded(c, 64) ?? '')),
    scenarios: d.scenarios.filter((s) => /^[A-Z][A-Z0-9_]{0,63}$/.test(s)).slice(0, 16),
    verdicts: [],
    departments: { answered: [], missing: [] },
    protectedFields: [],
    resultHash: hashResult(body),
    durationMs: Math.round((performance.now() - d.startedAt) * 100) / 100,
    ...extra,
  };
}

/**
 * Write the audit record, then answer. No record, no answer: if the log cannot be written the
 * client gets 503 AUDIT_UNAVAILABLE and none of the data.
 */
async function answer(deps: PipelineDeps, res: http.ServerResponse, d: Draft, status: number, body: string, e: AuditEntry): Promise<void> {
  try {
    await deps.audit.append(e);
  } catch (err) {
    const code: AuditErrorCode = err instanceof AuditError ? err.code : 'AUDIT_UNAVAILABLE';
    sendJson(
      res,
      statusOf(code),
      { errors: [{ message: 'The query log (查询留痕) cannot be written, so no credit data is released. Try again later.', extensions: { code } }] },
      { 'x-request-id': d.requestId },
    );
    deps.onRequest?.({
      requestId: d.requestId,
      callerId: d.caller?.id ?? null,
      purpose: d.purpose,
      status: statusOf(code),
      outcome: 'ERROR',
      refusalCode: code,
      durationMs: performance.now() - d.startedAt,
    });
    return;
  }
  if (!res.destroyed) {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-request-id': d.requestId });
    res.end(body);
  }
  deps.onRequest?.({
    requestId: d.requestId,
    callerId: d.caller?.id ?? null,
    purpose: d.purpose,
    status,
    outcome: e.outcome,
    refusalCode: e.refusalCode,
    durationMs: performance.now() - d.startedAt,
  });
}

async function refuse(deps: PipelineDeps, res: http.ServerResponse, d: Draft, r: Refusal): Promise<void> {
  const body = JSON.stringify({ errors: [{ message: r.message, extensions: r.reason ? { code: r.code, reason: r.reason } : { code: r.code } }] });
  await answer(deps, res, d, statusOf(r.code), body, entry(d, body, r.outcome, r.code));
}

/** The purpose and reference as sent: a refused request is recorded with them (checked ones replace them). */
function sentHeader(req: http.IncomingMessage, name: string): string | null {
  const v = singleHeader(req.headers, name);
  if (v === undefined) return null;
  return typeof v === 'string' ? v : '(sent more than once)';
}

function draftFor(req: http.IncomingMessage): Draft {
  const given = req.headers['x-request-id'];
  const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  return {
    requestId,
    startedAt: performance.now(),
    caller: null,
    operator: null,
    purpose: sentHeader(req, 'x-query-purpose'),
    reference: sentHeader(req, 'x-query-reference'),
    operationName: null,
    codes: [],
    scenarios: [],
  };
}

/** Authenticate the caller and record it on the draft; or the refusal. */
function identify(deps: PipelineDeps, req: http.IncomingMessage, d: Draft): Refusal | null {
  const auth = authenticate(req.headers, deps.callers);
  if (!auth.ok) return { code: auth.code, message: auth.message, outcome: 'REFUSED' };
  d.caller = auth.caller;
  return null;
}

/**
 * Who operates the request (经办人): a valid `X-Operator-Token` (verified) or `X-Operator`
 * (asserted), recorded on the draft; or the refusal — a token that does not verify is refused,
 * never taken as an asserted operator.
 */
async function nameOperator(deps: PipelineDeps, req: http.IncomingMessage, d: Draft): Promise<Refusal | null> {
  const r = await identifyOperator(req.headers, deps.operatorTokens);
  if (!r.ok) return { code: r.code, message: r.message, outcome: 'REFUSED', reason: r.reason };
  d.operator = r.operator;
  return null;
}

/** The caller's operator policy (CALLERS_FILE `operator`), where a purpose is needed too. */
function operatorAsRequired(d: Draft, caller: AuthenticatedCaller): Refusal | null {
  const r = checkOperatorPolicy(caller.operator, d.operator);
  return r ? { code: r.code, message: r.message, outcome: 'REFUSED', reason: r.reason } : null;
}

/** Check the purpose (查询事由) the caller gives and record it and the reference; or the refusal. */
function statePurpose(deps: PipelineDeps, req: http.IncomingMessage, d: Draft, caller: AuthenticatedCaller): Refusal | null {
  const purpose = checkPurpose(caller, req.headers, deps.callers);
  if (!purpose.ok) return { code: purpose.code, message: purpose.message, outcome: 'REFUSED' };
  d.purpose = purpose.purpose.code;
  d.reference = purpose.reference;
  return null;
}

/** POST /graphql: authenticate, bound, authorise, plan, execute, filter, audit, answer. */
export async function handleGraphQL(deps: PipelineDeps, req: http.IncomingMessage, res: http.ServerResponse, search: string): Promise<void> {
  const d = draftFor(req);
  const wallStart = Date.now();
  if (req.method !== 'POST') {
    // Who sent it is recorded even so (a known key's caller, not null).
    identify(deps, req, d);
    req.resume();
    return refuse(deps, res, d, { code: 'METHOD_NOT_ALLOWED', message: 'Send GraphQL requests with POST (JSON body).', outcome: 'REFUSED' });
  }
  const unknown = identify(deps, req, d);
  if (unknown) {
    // Drain the body unread: nothing of an unauthenticated request is processed.
    req.resume();
    return refuse(deps, res, d, unknown);
  }
  const caller = d.caller!;
  const noOperator = await nameOperator(deps, req, d);
  if (noOperator) {
    req.resume();
    return refuse(deps, res, d, noOperator);
  }
  // A bulk job's submission may be larger than any other request; which one this is is known only
  // once it is parsed, so up to the larger limit is read and the smaller one applied after parsing.
  const bodyLimit = Math.max(deps.maxBodyBytes, deps.jobMaxBodyBytes ?? 0);
  const raw = await readBody(req, bodyLimit);
  const tooLarge = (limit: number) =>
    refuse(deps, res, d, {
      code: 'PAYLOAD_TOO_LARGE',
      message: `Request body larger than ${limit} bytes (请求体过大).`,
      outcome: 'REFUSED',
    });
  if (raw === null) return tooLarge(bodyLimit);
  const parsed = parseJsonBody(raw);
  if (parsed instanceof Error || typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return refuse(deps, res, d, {
      code: 'BAD_REQUEST',
      message: 'The body must be one JSON object {"query", "variables", "operationName"} (batches are not accepted).',
      outcome: 'INVALID',
    });
  }
  const body = parsed as { query?: unknown; variables?: unknown; operationName?: unknown; extensions?: unknown };
  if (typeof body.query !== 'string') {
    // Automatic persisted queries would let anyone store arbitrary operations here; they are off.
    return refuse(deps, res, d, {
      code: 'PERSISTED_QUERY_NOT_SUPPORTED',
      message: 'Send the full query text; persisted query hashes are not accepted.',
      outcome: 'INVALID',
    });
  }
  const variables =
    body.variables && typeof body.variables === 'object' && !Array.isArray(body.variables) ? (body.variables as Record<string, unknown>) : {};
  const operationName = typeof body.operationName === 'string' ? body.operationName : undefined;

  const bounded = prepare(deps, body.query, caller.scopes);
  if ('refusal' in bounded) {
    const invalid = bounded.refusal.code === 'GRAPHQL_PARSE_FAILED';
    return refuse(deps, res, d, { code: bounded.refusal.code, message: bounded.refusal.message, outcome: invalid ? 'INVALID' : 'REFUSED' });
  }
  if (raw.length > deps.maxBodyBytes && !onlySubmitsJob(bounded.document, operationName)) return tooLarge(deps.maxBodyBytes);
  const analysis = analyzeOperation(deps.apiSchema, bounded.document, variables, operationName);
  if (!analysis.ok) return refuse(deps, res, d, { code: analysis.code, message: analysis.message, outcome: 'INVALID' });
  const facts = analysis.facts;
  d.operationName = facts.operationName;
  d.codes = facts.codes;
  d.scenarios = facts.scenarios;
  // One budget of codes per request, across every field and alias, before anything is planned.
  if (facts.codes.length > deps.limits.maxCodes) {
    return refuse(deps, res, d, {
      code: 'TOO_MANY_CODES',
      message: `At most ${deps.limits.maxCodes} enterprise codes per request, across all fields and aliases; this one has ${facts.codes.length} (每次请求最多查询${deps.limits.maxCodes}个代码).`,
      outcome: 'REFUSED',
    });
  }

  // `X-Credit-Report: issue` asks for a report (信用报告) to be issued from the answer: one enterprise.
  const reportHeader = singleHeader(req.headers, REPORT_HEADER);
  const issuing = reportHeader !== undefined;
  if (issuing && (typeof reportHeader !== 'string' || reportHeader.trim().toLowerCase() !== 'issue')) {
    return refuse(deps, res, d, {
      code: 'BAD_REQUEST',
      message: 'X-Credit-Report takes one value, issue (出具报告请求头只能为 issue).',
      outcome: 'INVALID',
    });
  }
  if (issuing && (facts.bulk || facts.codes.length !== 1)) {
    return refuse(deps, res, d, {
      code: 'BAD_REQUEST',
      message: 'A credit report states one enterprise: with X-Credit-Report send one enterprise(uscc:) query (信用报告只针对一个企业).',
      outcome: 'INVALID',
    });
  }

  if (facts.touchesEnterpriseData) {
    if (!hasScope(caller, 'credit:read')) {
      return refuse(deps, res, d, {
        code: 'FORBIDDEN',
        message: 'This caller may not read enterprise credit data (无查询权限).',
        outcome: 'REFUSED',
      });
    }
    const noPurpose = statePurpose(deps, req, d, caller);
    if (noPurpose) return refuse(deps, res, d, noPurpose);
    const operatorMissing = operatorAsRequired(d, caller);
    if (operatorMissing) return refuse(deps, res, d, operatorMissing);
    if (facts.bulk && !hasScope(caller, 'bulk:read')) {
      return refuse(deps, res, d, {
        code: 'FORBIDDEN',
        message: 'Lists of enterprises (enterprises) need the bulk:read scope (无批量查询权限).',
        outcome: 'REFUSED',
      });
    }
  }

  // The record this request will end with must be writable before any department is called: a
  // draft that the log would refuse is refused now, with nothing read.
  const draftCheck = auditEntrySchema.safeParse(entry(d, '', 'ANSWERED', null));
  if (!draftCheck.success) {
    return refuse(deps, res, d, {
      code: 'BAD_REQUEST',
      message: 'The request cannot be recorded in the query log as sent (查询留痕无法记录该请求).',
      outcome: 'INVALID',
    });
  }

  const plan = bounded.plan;
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  const catalogueVersions = new Set<string>();
  const admitted: AdmittedRequest = {
    requestId: d.requestId,
    caller: { id: caller.id, name: caller.name, kind: caller.kind, scopes: caller.scopes },
    operator: d.operator,
    purpose: d.purpose,
    reference: d.reference,
    releasedCodes: [],
  };
  const limits: RequestLimits = {
    deadlineAt: wallStart + deps.requestDeadlineMs,
    signal: controller.signal,
    requestId: d.requestId,
    catalogueVersions,
    // Any synchronous request is interactive work: served first by every legacy budget.
    work: { class: 'interactive', caller: caller.id },
    admitted,
  };
  const executed = await executeGraphQL(
    deps.server,
    req,
    {
      query: bounded.query,
      variables,
      ...(operationName === undefined ? {} : { operationName }),
    },
    search,
    async () => limits,
  );
  let text: string;
  if (executed.body.kind === 'complete') text = executed.body.string;
  else {
    const chunks: string[] = [];
    for await (const c of executed.body.asyncIterator) chunks.push(c);
    text = chunks.join('');
  }
  let result: { data?: Record<string, unknown> | null; errors?: GraphQLFormattedError[]; extensions?: Record<string, unknown> };
  try {
    result = JSON.parse(text) as typeof result;
  } catch {
    result = { errors: [{ message: 'Internal error.', extensions: { code: 'INTERNAL_SERVER_ERROR' satisfies ErrorCode } }] };
  }
  const {
    answer: facts2,
    errors: forbidden,
    changed: filtered,
  } = finishAnswer(deps.apiSchema, bounded.document, facts, facts.variables, result.data, plan);
  let changed = filtered;
  if (forbidden.length) result.errors = [...(result.errors ?? []), ...forbidden];
  // The report is issued from the answer exactly as it is sent, and its hash goes into this request's
  // audit record, written before the answer: the record and the printed report cannot disagree.
  let report: AuditEntry['report'];
  if (issuing && result.data) {
    const issued = issueReport({
      data: result.data,
      purpose: d.purpose,
      reference: d.reference,
      code: facts.codes[0] ?? null,
      now: (deps.clock ?? (() => new Date()))(),
    });
    if (issued.issued) {
      const { number, issuedAt, date, hash, uscc, format } = issued.report;
      result.extensions = { ...result.extensions, creditReport: { number, issuedAt, date, hash, format } };
      report = { number, issuedAt, uscc, hash };
    } else {
      result.errors = [
        ...(result.errors ?? []),
        { message: issued.message, extensions: { code: 'REPORT_NOT_ISSUED' satisfies ErrorCode, reason: issued.reason } },
      ];
    }
    changed = true;
  }
  // A bulk job's page names the codes it released: they go into this read's record.
  if (admitted.releasedCodes.length) d.codes = [...d.codes, ...admitted.releasedCodes.map((c) => normalizeUscc(c))];
  for (const e of result.errors ?? []) {
    const service = e.extensions?.serviceName;
    if (typeof service === 'string') facts2.missing.add(service);
  }
  // Unchanged answers go out as Apollo wrote them: no second serialisation of a large body.
  const out = changed || forbidden.length ? JSON.stringify(result) : text;
  const status = executed.status ?? 200;
  const hasData = result.data !== undefined && result.data !== null;
  const outcome: AuditEntry['outcome'] = !hasData ? (status >= 500 ? 'ERROR' : 'INVALID') : result.errors?.length ? 'PARTIAL' : 'ANSWERED';
  const firstCode = result.errors?.find((e) => typeof e.extensions?.code === 'string')?.extensions?.code as string | undefined;
  await answer(
    deps,
    res,
    d,
    status,
    out,
    entry(d, out, outcome, outcome === 'ANSWERED' ? null : (firstCode ?? null), {
      verdicts: facts2.verdicts
        .slice(0, AUDIT_CODES_CAP)
        .map((v) => ({ ...v, code: v.code.slice(0, 64), checkId: v.checkId?.slice(0, 128) ?? null })),
      departments: { answered: [...facts2.answered].slice(0, 32), missing: [...facts2.missing].slice(0, 32) },
      protectedFields: [...facts2.protectedFieldsReturned],
      catalogueVersion: catalogueVersions.size ? [...catalogueVersions].sort().join(',').slice(0, 64) : null,
      ...(report ? { report } : {}),
    }),
  );
}

/** GET /audit: the audit log for auditors (audit:read scope, purpose AUDIT); itself audited. */
export async function handleAuditQuery(deps: PipelineDeps, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
  const d = draftFor(req);
  d.operationName = 'auditLog';
  const unknown = identify(deps, req, d);
  if (unknown) return refuse(deps, res, d, unknown);
  const caller = d.caller!;
  const noOperator = await nameOperator(deps, req, d);
  if (noOperator) return refuse(deps, res, d, noOperator);
  if (!hasScope(caller, 'audit:read')) {
    return refuse(deps, res, d, { code: 'FORBIDDEN', message: 'The audit log needs the audit:read scope (无审计权限).', outcome: 'REFUSED' });
  }
  const noPurpose = statePurpose(deps, req, d, caller);
  if (noPurpose) return refuse(deps, res, d, noPurpose);
  const operatorMissing = operatorAsRequired(d, caller);
  if (operatorMissing) return refuse(deps, res, d, operatorMissing);
  const q = url.searchParams;
  const num = (k: string) => (q.get(k) === null ? undefined : Number(q.get(k)));
  const filter: AuditQueryFilter = {
    from: q.get('from') ?? undefined,
    to: q.get('to') ?? undefined,
    callerId: q.get('callerId') ?? undefined,
    operator: q.get('operator') ?? undefined,
    uscc: q.get('uscc') ?? undefined,
    afterSeq: num('afterSeq'),
    limit: num('limit') ?? 100,
  };
  try {
    parseAuditQueryFilter(filter);
  } catch {
    return refuse(deps, res, d, {
      code: 'BAD_USER_INPUT',
      message:
        'Bad filter: from/to (ISO 8601), callerId, operator, uscc, afterSeq, limit (1–1000). / 审计筛选条件有误：from/to（ISO 8601）、callerId、operator（经办人工号）、uscc、afterSeq、limit（1–1000）。',
      outcome: 'INVALID',
    });
  }
  let out: string;
  try {
    out = JSON.stringify(await deps.audit.query(filter));
  } catch {
    // The trail could not be read (the database is down): not the auditor's mistake, so not a 400.
    // The failed search is itself recorded, if the trail takes writes (else the answer is the same 503).
    const body = JSON.stringify({
      errors: [
        {
          message: 'The audit trail cannot be read now; try again later. / 查询留痕暂时无法读取，请稍后重试。',
          extensions: { code: 'AUDIT_UNAVAILABLE' },
        },
      ],
    });
    return answer(deps, res, d, statusOf('AUDIT_UNAVAILABLE'), body, entry(d, body, 'ERROR', 'AUDIT_UNAVAILABLE'));
  }
  await answer(deps, res, d, 200, out, entry(d, out, 'ANSWERED', null));
}

/** Whether the operation to run has `submitBulkCheck` as its only root field (the one allowed the larger body). */
function onlySubmitsJob(document: DocumentNode, operationName: string | undefined): boolean {
  const ops = document.definitions.filter((x) => x.kind === 'OperationDefinition');
  const op = operationName ? ops.find((o) => o.name?.value === operationName) : ops.length === 1 ? ops[0] : undefined;
  if (!op || op.operation !== 'mutation') return false;
  const fields = op.selectionSet.selections;
  return fields.length === 1 && fields[0]!.kind === 'Field' && fields[0]!.name.value === 'submitBulkCheck';
}

/** Live progress streams of bulk check jobs (`GET /jobs/<id>/events`). */
export interface JobEventsDeps {
  jobs: import('./jobs/index.js').BulkJobs;
  /** How often a stream looks at its job's progress. Default 500 ms. */
  intervalMs?: number;
  /** A comment line this often keeps proxies from closing a quiet stream. Default 15 s. */
  heartbeatMs?: number;
  /** Streams one caller may have open at once. Default 4. */
  perCaller?: number;
  /** Open streams, per caller (shared by every request of this gateway). */
  open: Map<string, Set<http.ServerResponse>>;
}

/**
 * GET /jobs/<id>/events: a job's progress as server-sent events, outside GraphQL. Authenticated and
 * checked like the `bulkCheck` query (the key in `Authorization`, a purpose; only the submitter and
 * auditors), bounded per caller, and audited like a read when it opens. Events: `progress` (status,
 * done / total, incomplete, retrying, per-department state) whenever it changes, `done` once the job is
 * DONE (then the stream ends); a comment line as heartbeat. No rows travel on it (read them with `bulkCheck`).
 */
export async function handleJobEvents(
  deps: PipelineDeps,
  ev: JobEventsDeps,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  id: string,
): Promise<void> {
  const d = draftFor(req);
  d.operationName = `jobEvents job ${id.slice(0, 64)}`;
  req.resume();
  const unknown = identify(deps, req, d);
  if (unknown) return refuse(deps, res, d, unknown);
  const caller = d.caller!;
  if (req.method !== 'GET') {
    return refuse(deps, res, d, { code: 'METHOD_NOT_ALLOWED', message: 'Open job events with GET (text/event-stream).', outcome: 'REFUSED' });
  }
  const noOperator = await nameOperator(deps, req, d);
  if (noOperator) return refuse(deps, res, d, noOperator);
  const noPurpose = statePurpose(deps, req, d, caller);
  if (noPurpose) return refuse(deps, res, d, noPurpose);
  const operatorMissing = operatorAsRequired(d, caller);
  if (operatorMissing) return refuse(deps, res, d, operatorMissing);
  let job: import('./jobs/index.js').JobView;
  try {
    job = await ev.jobs.read(
      {
        requestId: d.requestId,
        caller: { id: caller.id, name: caller.name, kind: caller.kind, scopes: caller.scopes },
        operator: d.operator,
        purpose: d.purpose,
        reference: d.reference,
        releasedCodes: [],
      },
      id,
    );
  } catch (err) {
    const message = (err as Error).message;
    // The job store down is not "no such job": the client is told to retry, not to give up.
    if ((err as { extensions?: { code?: unknown } }).extensions?.code === 'JOB_STORE_UNAVAILABLE') {
      const body = JSON.stringify({ errors: [{ message, extensions: { code: 'JOB_STORE_UNAVAILABLE' } }] });
      return answer(deps, res, d, statusOf('JOB_STORE_UNAVAILABLE'), body, entry(d, body, 'ERROR', 'JOB_STORE_UNAVAILABLE'));
    }
    const body = JSON.stringify({ errors: [{ message, extensions: { code: 'JOB_NOT_FOUND' } }] });
    return answer(deps, res, d, 404, body, entry(d, body, 'REFUSED', 'JOB_NOT_FOUND'));
  }
  const mine = ev.open.get(caller.id) ?? new Set<http.ServerResponse>();
  const perCaller = ev.perCaller ?? 4;
  if (mine.size >= perCaller) {
    return refuse(deps, res, d, {
      code: 'TOO_MANY_REQUESTS',
      message: `At most ${perCaller} job event streams per caller at once; close one first (每个调用方最多同时打开${perCaller}个任务进度连接).`,
      outcome: 'REFUSED',
    });
  }
  // The stream is a read of the job: recorded before anything of it is sent (no record, no answer).
  try {
    await deps.audit.append(entry(d, JSON.stringify({ job: job.id }), 'ANSWERED', null));
  } catch (err) {
    const code: AuditErrorCode = err instanceof AuditError ? err.code : 'AUDIT_UNAVAILABLE';
    return sendJson(
      res,
      statusOf(code),
      { errors: [{ message: 'The query log (查询留痕) cannot be written, so no credit data is released. Try again later.', extensions: { code } }] },
      { 'x-request-id': d.requestId },
    );
  }
  if (res.destroyed) return;
  mine.add(res);
  ev.open.set(caller.id, mine);
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-accel-buffering': 'no',
    'x-request-id': d.requestId,
  });
  res.write('retry: 3000\n\n');
  let last = '';
  let lastWrite = Date.now();
  const send = (event: string, data: string) => {
    res.write(`event: ${event}\ndata: ${data}\n\n`);
    lastWrite = Date.now();
  };
  // Progress is polled from the job's store: with the shared store the job may run on another
  // replica, and a look is one primary-key read; a look that fails (the database away) sends nothing
  // new and the heartbeat keeps the stream open.
  let looking = false;
  const tick = async () => {
    if (res.destroyed) return end();
    if (looking) return;
    looking = true;
    try {
      await job.refresh();
    } catch {
      // looked at again on the next tick
    } finally {
      looking = false;
    }
    if (ended || res.destroyed) return end();
    const p = JSON.stringify(jobProgress(job));
    if (p !== last) {
      last = p;
      send('progress', p);
    }
    if (job.state.status === 'DONE') {
      send('done', p);
      return end();
    }
    if (Date.now() - lastWrite >= (ev.heartbeatMs ?? 15_000)) {
      res.write(`: heartbeat ${new Date().toISOString()}\n\n`);
      lastWrite = Date.now();
    }
  };
  const timer = setInterval(() => void tick(), ev.intervalMs ?? 500);
  let ended = false;
  function end() {
    if (ended) return;
    ended = true;
    clearInterval(timer);
    mine.delete(res);
    if (mine.size === 0 && ev.open.get(caller.id) === mine) ev.open.delete(caller.id);
    if (!res.writableEnded) res.end();
  }
  res.on('close', end);
  void tick();
  deps.onRequest?.({
    requestId: d.requestId,
    callerId: caller.id,
    purpose: d.purpose,
    status: 200,
    outcome: 'ANSWERED',
    refusalCode: null,
    durationMs: performance.now() - d.startedAt,
  });
}

/** What a job's progress event says (the same counts as `bulkCheck`). */
export function jobProgress(job: import('./jobs/index.js').JobView) {
  return {
    id: job.id,
    status: job.state.status,
    total: job.total,
    done: job.done,
    incomplete: job.state.incomplete,
    retrying: job.state.status === 'DONE' ? 0 : job.retrying,
    departments: Object.entries(job.state.departments).map(([department, x]) => ({
      department,
      state: x.failed > 0 ? 'FAILED' : x.waiting > 0 ? 'RETRYING' : 'OK',
      waiting: x.waiting,
      failed: x.failed,
    })),
    finishedAt: job.state.finishedAt,
  };
}
