// @ts-check
/**
 * A small GraphQL-over-HTTP client for the console pages and the command-line tool: POST JSON to
 * the gateway with the caller's key, purpose (查询事由) and reference, and turn failures into
 * errors that carry the gateway's `extensions.code`.
 */

import { operatorHeader } from './operator.js';

/**
 * @typedef {object} GraphqlErrorEntry
 * @property {string} message
 * @property {(string | number)[]} [path]
 * @property {Record<string, unknown>} [extensions]
 */

/**
 * @typedef {object} GraphqlResponse
 * @property {any} data
 * @property {GraphqlErrorEntry[]} errors
 * @property {Record<string, any>} [extensions] the answer's `extensions` (e.g. `creditReport`), when it has them
 */

/**
 * @typedef {object} CallerCredentials
 * @property {string} [key] API key, sent as `Authorization: Bearer <key>`
 * @property {string} [purpose] 查询事由 code, sent as `X-Query-Purpose`
 * @property {string} [reference] application or tender number, sent as `X-Query-Reference`
 * @property {{ id: string, name: string } | null} [operator] 经办人 (工号, 姓名), sent as `X-Operator`
 */

/** The request failed as a whole: no data came back. */
export class GraphqlRequestError extends Error {
  /**
   * @param {string} message
   * @param {{ code: string, status?: number, reason?: string, errors?: GraphqlErrorEntry[] }} details
   */
  constructor(message, details) {
    super(message);
    this.name = 'GraphqlRequestError';
    /** `extensions.code` of the first error, or NETWORK_ERROR / HTTP_ERROR / BAD_RESPONSE. */
    this.code = details.code;
    /** HTTP status, when a response came. */
    this.status = details.status;
    /** `extensions.reason` (e.g. WRONG_LENGTH for BAD_USER_INPUT). */
    this.reason = details.reason;
    /** All GraphQL errors of the response. */
    this.errors = details.errors ?? [];
  }
}

/** Codes after which retrying the same request cannot help: the caller must change something. */
export const FATAL_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'PURPOSE_REQUIRED',
  'PURPOSE_UNKNOWN',
  'PURPOSE_NOT_ALLOWED',
  'BAD_REFERENCE',
  'BAD_OPERATOR',
  'OPERATOR_REQUIRED',
  'OPERATOR_TOKEN_INVALID',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'PAYLOAD_TOO_LARGE',
]);

/**
 * A header value as the gateway expects it: printable ASCII is sent as it is; anything else (and
 * any `%`) is percent-encoded as UTF-8, which the gateway decodes (e.g. `鄂财采〔2024〕12号`).
 * @param {string} value
 * @returns {string}
 */
export function headerValue(value) {
  const v = value.trim();
  return /^[\x20-\x7e]*$/.test(v) && !v.includes('%') ? v : encodeURIComponent(v);
}

/**
 * The request headers for a caller (only those that are set).
 * @param {CallerCredentials} c
 * @returns {Record<string, string>}
 */
export function callerHeaders(c) {
  /** @type {Record<string, string>} */
  const h = {};
  if (c.key && c.key.trim()) h['Authorization'] = `Bearer ${c.key.trim()}`;
  if (c.purpose && c.purpose.trim()) h['X-Query-Purpose'] = c.purpose.trim();
  if (c.reference && c.reference.trim()) h['X-Query-Reference'] = headerValue(c.reference);
  const operator = operatorHeader(c.operator);
  if (operator) h['X-Operator'] = operator;
  return h;
}

/**
 * A request function bound to a gateway URL and a caller. Resolves with `{ data, errors }` when
 * data came back (errors may be partial, e.g. one department failed); rejects with a
 * `GraphqlRequestError` when nothing usable came back.
 * @param {{ url: string, credentials: CallerCredentials | (() => CallerCredentials), fetch?: typeof fetch }} options
 * @returns {(query: string, variables?: Record<string, unknown>, init?: { signal?: AbortSignal, reference?: string, headers?: Record<string, string> }) => Promise<GraphqlResponse>}
 */
export function createGraphqlClient(options) {
  const doFetch = options.fetch ?? ((/** @type {any} */ input, /** @type {any} */ init) => fetch(input, init));
  return async (query, variables = {}, init = {}) => {
    const creds = typeof options.credentials === 'function' ? options.credentials() : options.credentials;
    const headers = {
      'Content-Type': 'application/json',
      Accept: 'application/graphql-response+json, application/json',
      ...callerHeaders({ ...creds, ...(init.reference !== undefined ? { reference: init.reference } : {}) }),
      ...init.headers,
    };
    /** @type {Response} */
    let res;
    try {
      const operationName = operationNameOf(query);
      const body = JSON.stringify(operationName ? { query, variables, operationName } : { query, variables });
      res = await doFetch(options.url, { method: 'POST', headers, body, signal: init.signal });
    } catch (err) {
      if (err && /** @type {any} */ (err).name === 'AbortError') throw err;
      throw new GraphqlRequestError(`The gateway could not be reached: ${/** @type {Error} */ (err).message}`, { code: 'NETWORK_ERROR' });
    }
    const text = await res.text();
    /** @type {any} */
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      throw new GraphqlRequestError(`The gateway answered HTTP ${res.status} without a GraphQL body.`, {
        code: res.ok ? 'BAD_RESPONSE' : 'HTTP_ERROR',
        status: res.status,
      });
    }
    /** @type {GraphqlErrorEntry[]} */
    const errors = Array.isArray(body?.errors) ? body.errors : [];
    const data = body?.data ?? null;
    if (data === null || data === undefined) {
      const first = errors[0];
      const ext = first?.extensions ?? {};
      throw new GraphqlRequestError(first?.message ?? `The gateway answered HTTP ${res.status} with no data.`, {
        code: typeof ext['code'] === 'string' ? ext['code'] : res.ok ? 'BAD_RESPONSE' : 'HTTP_ERROR',
        status: res.status,
        reason: typeof ext['reason'] === 'string' ? ext['reason'] : undefined,
        errors,
      });
    }
    // `extensions` only when the answer has them (e.g. `creditReport`, the report the gateway issued).
    return body?.extensions && typeof body.extensions === 'object' ? { data, errors, extensions: body.extensions } : { data, errors };
  };
}

/**
 * The name of the first named operation in a document (sent as `operationName`, which the
 * gateway writes in its query log), or null.
 * @param {string} query
 * @returns {string | null}
 */
export function operationNameOf(query) {
  const m = /^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/m.exec(query);
  return m ? /** @type {string} */ (m[1]) : null;
}

/**
 * The errors whose path starts with `prefix` (e.g. `['enterprises', 3]`).
 * @param {GraphqlErrorEntry[]} errors
 * @param {(string | number)[]} prefix
 * @returns {GraphqlErrorEntry[]}
 */
export function errorsAt(errors, prefix) {
  return errors.filter((e) => Array.isArray(e.path) && prefix.every((p, i) => e.path?.[i] === p));
}
