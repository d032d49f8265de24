import { randomInt } from 'node:crypto';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { Kind, OperationTypeNode, parse, type DocumentNode, type GraphQLFormattedError, type SelectionSetNode } from 'graphql';
import { Pool, errors as undiciErrors, type Dispatcher } from 'undici';
import { DEADLINE_HEADER, SIGNATURE_HEADER, CATALOGUE_VERSION_HEADER, signRequest } from '../common/http/index.js';
import type { ErrorCodeSubset } from '../common/error-codes.js';

/**
 * Fixed codes for a subgraph that could not be read. Each failure is attributed to the subgraph
 * (`extensions.serviceName`) and to every entity it should have answered for (`path`).
 */
export type SubgraphFailureCode = ErrorCodeSubset<'SUBGRAPH_UNAVAILABLE' | 'SUBGRAPH_TIMEOUT' | 'SUBGRAPH_BAD_RESPONSE'>;

export interface SubgraphDataSourceOptions {
  /** Subgraph name (becomes `extensions.serviceName`). */
  name: string;
  /**
   * The subgraph's GraphQL endpoint, or the endpoints of its replicas (one process each): requests
   * are spread over them and a request that certainly did not run, or a read that may have, is sent
   * again to another (see `SubgraphDataSource`). Never shown to clients.
   */
  url: string | readonly string[];
  /** Abort a subgraph call after this long. Must stay below the gateway's request deadline. */
  timeoutMs: number;
  /** The secret requests are signed with (subgraphs answer only signed requests). */
  sharedSecret: string;
  /** Keep-alive connections to the subgraph. Default 64. */
  connections?: number;
  /** Inject a dispatcher (tests), used for every replica; by default a keep-alive undici Pool per replica's origin. */
  dispatcher?: Dispatcher;
  /**
   * How long a replica that failed is passed over (passive health): it gets requests again only when
   * every other replica is passed over too, or once this has elapsed. Default 2000 ms.
   */
  replicaCooldownMs?: number;
  /** The clock of the cooldown (epoch ms). Default `Date.now`. */
  clock?: () => number;
  /**
   * The replica (index in `url`) that the first tie goes to. Default random: gateways started
   * together would otherwise all send their first request — often the only one of a quiet moment —
   * to the same replica.
   */
  firstReplica?: number;
  /** Told of every attempt on a replica, for the gateway's metrics. Default: nobody. */
  onAttempt?: (attempt: ReplicaAttempt) => void;
  /**
   * The key fields of each entity type in the whole supergraph (`entityKeysOf(supergraphSdl)`).
   * A placeholder for an entity that could not be read never answers a key field with null: a
   * later fetch keyed on it would send that null as a representation and the receiving subgraph
   * could reject the whole batch, siblings included. Default: none known, so only the fields of
   * the representation that was sent are treated as keys.
   */
  entityKeys?: EntityKeys;
}

/**
 * One attempt on one replica: `answered` (its answer was used, whatever it said), `retried` (it
 * failed in a way that allowed sending the request to another replica, which was done), `failed`
 * (it failed and that failure is the answer: no replica left, no time left, or not safe to resend).
 */
export interface ReplicaAttempt {
  subgraph: string;
  /** The replica's URL (for operators' metrics; never shown to clients). */
  replica: string;
  outcome: 'answered' | 'retried' | 'failed';
}

/** What the data source knows of a replica now (for a metrics gauge). */
export interface ReplicaState {
  url: string;
  /** Requests on their way to it or waiting for its answer. */
  inFlight: number;
  /** Passed over after a failure, until its cooldown ends. */
  skipped: boolean;
}

/** Entity type name → names of the fields that appear at the top of any of its `@key`s, in any subgraph. */
export type EntityKeys = ReadonlyMap<string, ReadonlySet<string>>;

/** What the gateway's per-request context tells the data source. */
export interface RequestLimits {
  /** Epoch ms after which the client's answer is due: no subgraph call may outlast it. */
  deadlineAt?: number;
  /** Fires when the client went away: upstream calls are abandoned. */
  signal?: AbortSignal;
  /** The gateway's request id, passed on so subgraph logs can be joined with the audit record. */
  requestId?: string;
  /** Filled with each catalogue version a subgraph answered under (`x-catalogue-version`), for the audit record. */
  catalogueVersions?: Set<string>;
  /**
   * Whose work this is and its class, sent to every subgraph inside the signed body
   * (`extensions.creditWork`) so that legacy budgets serve interactive work first and share fairly
   * between callers. Default: unmarked (the subgraphs take it as interactive).
   */
  work?: { class: 'interactive' | 'job'; caller: string };
  /** A longer per-call timeout than the data source's own (a bulk job's chunk has minutes, not seconds). */
  subgraphTimeoutMs?: number;
  /** The request as the gateway admitted it (caller, operator, purpose, reference), for gateway-side resolvers such as the bulk jobs. */
  admitted?: AdmittedRequest;
}

/** What the gateway established about a request before running it. */
export interface AdmittedRequest {
  requestId: string;
  caller: { id: string; name: string; kind: string; scopes: readonly string[] };
  operator: { id: string; name: string | null; how: 'asserted' | 'verified' } | null;
  purpose: string | null;
  reference: string | null;
  /** Codes whose results a resolver released (a bulk job's page), added to the request's audit record. */
  releasedCodes: string[];
}

/** Time kept back from the request deadline for the gateway's own work. */
const GATEWAY_RESERVE_MS = 50;
/** Time a subgraph is asked to leave between its answer and the gateway's timeout. */
const SUBGRAPH_RESERVE_MS = 150;

/** How long a replica that failed is passed over, by default. */
const DEFAULT_REPLICA_COOLDOWN_MS = 2000;

interface Failure {
  code: SubgraphFailureCode;
  message: string;
}

/**
 * May this failure be sent to another replica?
 * - `not-sent`: the request never reached the replica (no connection): safe for any operation.
 * - `maybe-ran`: the connection broke or a proxy answered 502/503 before any GraphQL answer came:
 *   the replica may have run it, so only a read (a `query`) is sent again. Running a read twice is
 *   harmless: the legacy systems are only read, the shared budgets count both calls, and the first
 *   answer was never used.
 * - `final`: this is the answer (a timeout, the client gone, a GraphQL answer, a bad body).
 */
type Resend = 'not-sent' | 'maybe-ran' | 'final';

type Attempt =
  | { ok: true; body: GatewayGraphQLResponse }
  | { ok: false; failure: Failure; resend: Resend; /** The replica itself is at fault: pass it over for a while. */ replicaFault: boolean };

interface Replica {
  url: string;
  origin: string;
  path: string;
  dispatcher: Dispatcher;
  inFlight: number;
  /** Epoch ms until which it is passed over (0: healthy). */
  skipUntil: number;
}

/**
 * Connection errors where nothing was sent: the TCP connection was never made, so the replica cannot
 * have run the request (a refused port is a replica that is down or restarting).
 */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT']);
/** The connection broke with the request sent or on its way: the replica may have run it (killed mid-request). */
const CONNECTION_BROKEN = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/**
 * The gateway's subgraph transport. Unlike the stock `RemoteGraphQLDataSource` it never lets a
 * subgraph failure pass unattributed or silently:
 *
 * - transport errors, timeouts, non-2xx answers and bodies that are not a GraphQL response become
 *   errors with `extensions.code`, `serviceName` and the `path` of every affected field, and the
 *   fields are answered `null` so that the query plan goes on (a `@requires` field then sees the
 *   department's record as null and reports it missing, instead of being skipped);
 * - an `_entities` answer with a `null` entity, or with the wrong number of entities, is a failure
 *   of those entities, not an empty record; the placeholder keeps the entity's keys (never a null
 *   key), so its siblings and later fetches are unaffected;
 * - no URL, body or stack trace of a subgraph reaches the client.
 *
 * A subgraph given as several replicas (one process each) is one service to the query planner:
 *
 * - each request goes to the replica with the fewest requests in flight, ties taken in turn (so
 *   requests one after another alternate, and a slow replica gets fewer);
 * - a replica that refuses the connection, breaks it, or answers 502/503 without a GraphQL body (a
 *   proxy's page, a process going away) is passed over for `replicaCooldownMs`, and the request goes
 *   to the next replica — whatever the operation when the request never reached it, and only for a
 *   read when it may have run (see `Resend`). Each replica is tried at most once per request, within
 *   the one time budget of the request: a retry never makes a request later than its deadline;
 * - every attempt is signed anew: the subgraphs refuse a nonce they have seen (`SIGNATURE_REPLAYED`),
 *   and a replica that died after accepting a request has recorded its nonce (in the shared store);
 * - a timeout is not retried: the replica may still be working on it, and a slow department is as
 *   slow on every replica; the deadline is better spent answering (INCOMPLETE, never a false CLEAR);
 * - when every replica fails, the answer is the one failure a single replica would have given, with
 *   the same code and placeholders: the `@requires` fields then see the department's section as null
 *   and report it missing (the rules never see a half-read department as clean).
 */
export class SubgraphDataSource implements GraphQLDataSource {
  private readonly replicas: Replica[];
  /** Dispatchers this source made (one per origin) and must close; an injected one is closed too, as before. */
  private readonly dispatchers: Dispatcher[] = [];
  private readonly documents = new Map<string, DocumentNode>();
  private readonly clock: () => number;
  private readonly cooldownMs: number;
  /** Where the next tie between replicas starts (round robin); see `firstReplica`. */
  private turn: number;

  constructor(private readonly options: SubgraphDataSourceOptions) {
    const urls = typeof options.url === 'string' ? [options.url] : [...options.url];
    if (urls.length === 0) throw new Error(`no URL for the ${options.name} subgraph`);
    this.clock = options.clock ?? Date.now;
    this.turn = options.firstReplica ?? randomInt(1_000_000);
    this.cooldownMs = options.replicaCooldownMs ?? DEFAULT_REPLICA_COOLDOWN_MS;
    if (options.dispatcher) this.dispatchers.push(options.dispatcher);
    const pools = new Map<string, Dispatcher>();
    const seen = new Set<string>();
    this.replicas = [];
    for (const url of urls) {
      const u = new URL(url);
      if (seen.has(u.href)) continue;
      seen.add(u.href);
      let dispatcher = options.dispatcher ?? pools.get(u.origin);
      if (!dispatcher) {
        dispatcher = new Pool(u.origin, {
          connections: options.connections ?? 64,
          keepAliveTimeout: 30_000,
          headersTimeout: options.timeoutMs,
          bodyTimeout: options.timeoutMs,
          connect: { timeout: Math.min(1000, options.timeoutMs) },
        });
        pools.set(u.origin, dispatcher);
        this.dispatchers.push(dispatcher);
      }
      this.replicas.push({ url, origin: u.origin, path: u.pathname + u.search, dispatcher, inFlight: 0, skipUntil: 0 });
    }
  }

  async process(options: GraphQLDataSourceProcessOptions): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    const query = request.query ?? '';
    const limits = (('context' in options ? options.context : undefined) ?? {}) as RequestLimits;
    const document = ('document' in options ? options.document : undefined) ?? this.parse(query);
    const answer = await this.send(query, request.variables ?? {}, request.operationName, limits, isRead(document));
    if (!answer.ok) return this.failed(document, request.variables ?? {}, answer.failure);
    return this.checkEntities(document, request.variables ?? {}, answer.body);
  }

  /** Each replica as this source sees it now. */
  replicaStates(): ReplicaState[] {
    const now = this.clock();
    return this.replicas.map((r) => ({ url: r.url, inFlight: r.inFlight, skipped: r.skipUntil > now }));
  }

  async close(): Promise<void> {
    await Promise.all(this.dispatchers.map((d) => d.close()));
  }

  /**
   * The replicas in the order this request tries them: those not passed over first, fewest in flight
   * first, ties in turn; then those passed over, the one whose cooldown ends first first (when all
   * failed lately, one of them may be back, and trying costs a refused connection).
   */
  private order(): Replica[] {
    if (this.replicas.length === 1) return this.replicas;
    const now = this.clock();
    const start = this.turn++ % this.replicas.length;
    const rotated = [...this.replicas.slice(start), ...this.replicas.slice(0, start)];
    const skipped = (r: Replica) => (r.skipUntil > now ? 1 : 0);
    // Array.prototype.sort is stable: equal replicas keep the rotation's order.
    return rotated.sort((a, b) => skipped(a) - skipped(b) || (skipped(a) ? a.skipUntil - b.skipUntil : a.inFlight - b.inFlight));
  }

  private async send(
    query: string,
    variables: Record<string, unknown>,
    operationName: string | undefined,
    limits: RequestLimits,
    read: boolean,
  ): Promise<{ ok: true; body: GatewayGraphQLResponse } | { ok: false; failure: Failure }> {
    const started = Date.now();
    // The gateway needs a moment after the last subgraph answers (the rules' hop, the response).
    const timeoutMs = Math.max(
      1,
      Math.min(limits.subgraphTimeoutMs ?? this.options.timeoutMs, (limits.deadlineAt ?? Infinity) - started - GATEWAY_RESERVE_MS),
    );
    // Every attempt shares this budget: a retry on another replica never outlasts the first one's deadline.
    const giveUpAt = started + timeoutMs;
    // The work mark travels inside the signed body: a subgraph trusts it because only the gateway can sign.
    const payload = JSON.stringify({ query, variables, operationName, ...(limits.work ? { extensions: { creditWork: limits.work } } : {}) });
    const order = this.order();
    let last: Extract<Attempt, { ok: false }> | undefined;
    for (let i = 0; i < order.length; i++) {
      const replica = order[i]!;
      const remaining = giveUpAt - Date.now();
      // A retry needs time left and a client still waiting; otherwise the last failure is the answer.
      if (last && (remaining < 1 || limits.signal?.aborted)) break;
      replica.inFlight++;
      let attempt: Attempt;
      try {
        attempt = await this.attempt(replica, payload, Math.max(1, remaining), limits);
      } catch (err) {
        attempt = { ok: false, ...classify(err, limits) };
      } finally {
        replica.inFlight--;
      }
      if (attempt.ok) {
        replica.skipUntil = 0;
        this.options.onAttempt?.({ subgraph: this.options.name, replica: replica.url, outcome: 'answered' });
        return attempt;
      }
      if (attempt.replicaFault) replica.skipUntil = this.clock() + this.cooldownMs;
      last = attempt;
      const resend = attempt.resend === 'not-sent' || (attempt.resend === 'maybe-ran' && read);
      const another = resend && i + 1 < order.length && giveUpAt - Date.now() >= 1 && !limits.signal?.aborted;
      this.options.onAttempt?.({ subgraph: this.options.name, replica: replica.url, outcome: another ? 'retried' : 'failed' });
      if (!another) break;
    }
    return { ok: false, failure: last!.failure };
  }

  /** One attempt on one replica, signed for this attempt alone. */
  private async attempt(replica: Replica, payload: string, timeoutMs: number, limits: RequestLimits): Promise<Attempt> {
    const now = Date.now();
    // The subgraph is told an earlier deadline than the gateway will wait, so that it answers —
    // with TIMEOUT for a legacy system that did not — before the gateway gives up on it.
    const deadlineAt = now + Math.max(1, timeoutMs - SUBGRAPH_RESERVE_MS);
    const signals = [AbortSignal.timeout(timeoutMs)];
    if (limits.signal) signals.push(limits.signal);
    // Only what the subgraph needs: no client header is forwarded.
    const res = await replica.dispatcher.request({
      origin: replica.origin,
      path: replica.path,
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        // A fresh nonce for every attempt: the same body resent under the same signature would be
        // refused as a replay by a replica that shares the nonce store (or saw the first attempt).
        [SIGNATURE_HEADER]: signRequest(this.options.sharedSecret, payload, now),
        [DEADLINE_HEADER]: String(deadlineAt),
        ...(limits.requestId ? { 'x-request-id': limits.requestId } : {}),
      },
      body: payload,
      // The pool's own timeouts are the interactive ones; a job chunk's call may wait longer. (A retry
      // has only what is left of the budget: the timeout signal below cuts it.)
      ...(limits.subgraphTimeoutMs ? { headersTimeout: timeoutMs, bodyTimeout: timeoutMs } : {}),
      signal: signals.length === 1 ? signals[0] : AbortSignal.any(signals),
    });
    const text = await res.body.text();
    const version = res.headers[CATALOGUE_VERSION_HEADER];
    if (typeof version === 'string' && limits.catalogueVersions) {
      try {
        limits.catalogueVersions.add(decodeURIComponent(version).slice(0, 64));
      } catch {
        // A malformed header names no version; the record says null rather than guess.
      }
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const looksLikeGraphQL = typeof body === 'object' && body !== null && ('data' in body || 'errors' in body);
    if (res.statusCode >= 500 && !looksLikeGraphQL) {
      // 502/503 without a GraphQL body: a proxy with no live process behind it, or one going away —
      // not the subgraph's answer, so another replica may give one. Other 5xx pages are final.
      const passOn = res.statusCode === 502 || res.statusCode === 503;
      return {
        ok: false,
        failure: { code: 'SUBGRAPH_UNAVAILABLE', message: `answered HTTP ${res.statusCode}` },
        resend: passOn ? 'maybe-ran' : 'final',
        replicaFault: passOn,
      };
    }
    if (!looksLikeGraphQL) {
      return {
        ok: false,
        failure: { code: 'SUBGRAPH_BAD_RESPONSE', message: `answered HTTP ${res.statusCode} without a GraphQL response` },
        resend: 'final',
        replicaFault: false,
      };
    }
    const gql = body as GatewayGraphQLResponse;
    if (gql.errors) gql.errors = gql.errors.map(sanitize);
    if ((gql.data === null || gql.data === undefined) && (!gql.errors || gql.errors.length === 0)) {
      return {
        ok: false,
        failure: { code: 'SUBGRAPH_BAD_RESPONSE', message: 'answered with neither data nor errors' },
        resend: 'final',
        replicaFault: false,
      };
    }
    return { ok: true, body: gql };
  }

  private parse(query: string): DocumentNode {
    let doc = this.documents.get(query);
    if (!doc) {
      doc = parse(query);
      // Query plans reuse a bounded set of operations; the cap only guards against surprises.
      if (this.documents.size > 1000) this.documents.clear();
      this.documents.set(query, doc);
    }
    return doc;
  }

  /** Answer every field of the operation with null and an attributed error per field (and per entity). */
  private failed(document: DocumentNode, variables: Record<string, unknown>, failure: Failure): GatewayGraphQLResponse {
    const message = `The ${this.options.name} service could not be read: ${failure.message}.`;
    const extensions = { code: failure.code, serviceName: this.options.name };
    const roots = rootFields(document);
    const representations = Array.isArray(variables.representations) ? (variables.representations as unknown[]) : null;
    const entitiesField = roots.find((r) => r.name === '_entities');
    if (entitiesField && representations) {
      const fields = entityFields(entitiesField.selectionSet);
      const errors: GraphQLFormattedError[] = [];
      const entities = representations.map((rep, i) => {
        const { entity, unread } = this.placeholder(rep, fields);
        const entityMessage = `The ${this.options.name} service could not be read for this ${typenameOf(rep) ?? 'entity'}: ${failure.message}.`;
        errors.push(...errorsAt(entitiesField.responseName, i, unread, entityMessage, extensions));
        return entity;
      });
      return { data: { [entitiesField.responseName]: entities }, errors };
    }
    const data: Record<string, null> = {};
    for (const r of roots) data[r.responseName] = null;
    return { data, errors: roots.map((r) => ({ message, path: [r.responseName], extensions })) };
  }

  /** Treat `null` entities and a wrong entity count as failures of those entities. */
  private checkEntities(document: DocumentNode, variables: Record<string, unknown>, body: GatewayGraphQLResponse): GatewayGraphQLResponse {
    const representations = Array.isArray(variables.representations) ? (variables.representations as unknown[]) : null;
    if (!representations) return body;
    const entitiesField = rootFields(document).find((r) => r.name === '_entities');
    if (!entitiesField) return body;
    const data = body.data as Record<string, unknown> | null | undefined;
    const entities = data?.[entitiesField.responseName];
    if (!Array.isArray(entities) || entities.length !== representations.length) {
      // A wrong count cannot be lined up with the representations: all of them failed.
      const result = this.failed(document, variables, {
        code: 'SUBGRAPH_BAD_RESPONSE',
        message: Array.isArray(entities)
          ? `answered ${entities.length} entities for ${representations.length} requested`
          : 'answered without entities',
      });
      return { ...result, errors: [...(body.errors ?? []).filter((e) => !e.path), ...(result.errors ?? [])] };
    }
    const fields = entityFields(entitiesField.selectionSet);
    const errors = [...(body.errors ?? [])];
    const extensions = { code: 'SUBGRAPH_BAD_RESPONSE' satisfies SubgraphFailureCode, serviceName: this.options.name };
    const fixed = entities.map((e, i) => {
      if (e !== null && e !== undefined) return e;
      const rep = representations[i];
      const { entity, unread } = this.placeholder(rep, fields);
      // Keep the subgraph's own error for that entity when it gave one; otherwise say what happened.
      const explained = errors.some((err) => err.path?.[0] === entitiesField.responseName && err.path?.[1] === i);
      if (!explained) {
        const message = `The ${this.options.name} service found no ${typenameOf(rep) ?? 'entity'} for the key it was sent.`;
        errors.push(...errorsAt(entitiesField.responseName, i, unread, message, extensions));
      }
      return entity;
    });
    return { ...body, data: { ...data, [entitiesField.responseName]: fixed }, errors: errors.length ? errors : undefined };
  }

  /**
   * What stands in for an entity the subgraph did not answer. Every asked field is null — so that a
   * `@requires` on it sees the gap (the credit rules read a null section as unread → INCOMPLETE)
   * instead of the plan skipping the dependent fetch — except key fields: one the representation
   * carried keeps the value that was sent, one it did not carry is left out, as the stock gateway
   * leaves a null entity. A later fetch keyed on a missing key then skips this entity alone (the
   * stock gateway's rule) rather than sending a null key that could fail the whole batch.
   * `unread` names the fields that have no value (each gets an attributed error).
   */
  private placeholder(rep: unknown, fields: EntityField[]): { entity: Record<string, unknown>; unread: string[] } {
    const typename = typenameOf(rep);
    const sent = typeof rep === 'object' && rep !== null ? (rep as Record<string, unknown>) : {};
    const keys = typename === undefined ? undefined : this.options.entityKeys?.get(typename);
    const entity: Record<string, unknown> = { __typename: typename };
    const unread: string[] = [];
    for (const f of fields) {
      if (Object.hasOwn(sent, f.name) && sent[f.name] !== null && sent[f.name] !== undefined) {
        entity[f.responseName] = sent[f.name];
        continue;
      }
      unread.push(f.responseName);
      if (!keys?.has(f.name)) entity[f.responseName] = null;
    }
    return { entity, unread };
  }
}

/**
 * The key fields of every entity type of a supergraph, read from its `@join__type(key: …)`
 * directives (the keys of every subgraph, since any of them may be the one a later fetch uses).
 */
export function entityKeysOf(supergraphSdl: string): EntityKeys {
  const keys = new Map<string, Set<string>>();
  for (const def of parse(supergraphSdl).definitions) {
    if (
      def.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      def.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      def.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      def.kind !== Kind.INTERFACE_TYPE_EXTENSION
    ) {
      continue;
    }
    for (const d of def.directives ?? []) {
      if (d.name.value !== 'join__type') continue;
      const key = d.arguments?.find((a) => a.name.value === 'key')?.value;
      if (key?.kind !== Kind.STRING) continue;
      const names = keys.get(def.name.value) ?? new Set<string>();
      for (const f of topLevelFields(key.value)) names.add(f);
      keys.set(def.name.value, names);
    }
  }
  return keys;
}

/** Top-level field names of a field set such as `id` or `org { id } number`. */
function topLevelFields(fieldSet: string): string[] {
  const op = parse(`{ ${fieldSet} }`).definitions[0];
  if (op?.kind !== Kind.OPERATION_DEFINITION) return [];
  return op.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []));
}

function typenameOf(rep: unknown): string | undefined {
  const t = typeof rep === 'object' && rep !== null ? (rep as { __typename?: unknown }).__typename : undefined;
  return typeof t === 'string' ? t : undefined;
}

/** One error per unread field of entity `i`, or one on the entity itself when no field is unread. */
function errorsAt(responseName: string, i: number, unread: string[], message: string, extensions: Record<string, unknown>): GraphQLFormattedError[] {
  if (unread.length === 0) return [{ message, path: [responseName, i], extensions }];
  return unread.map((f) => ({ message, path: [responseName, i, f], extensions }));
}

interface RootField {
  name: string;
  responseName: string;
  selectionSet: SelectionSetNode | undefined;
}

function rootFields(document: DocumentNode): RootField[] {
  const out: RootField[] = [];
  for (const def of document.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const sel of def.selectionSet.selections) {
      if (sel.kind === Kind.FIELD && sel.name.value !== '__typename') {
        out.push({ name: sel.name.value, responseName: sel.alias?.value ?? sel.name.value, selectionSet: sel.selectionSet });
      }
    }
  }
  return out;
}

interface EntityField {
  /** The schema field. */
  name: string;
  /** Its name in the answer (the alias, if any). */
  responseName: string;
}

/** The fields asked of each entity (inside `... on Item { … }`), once per response name. */
function entityFields(selectionSet: SelectionSetNode | undefined): EntityField[] {
  const fields = new Map<string, EntityField>();
  const walk = (set: SelectionSetNode | undefined) => {
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.FIELD) {
        const responseName = sel.alias?.value ?? sel.name.value;
        if (sel.name.value !== '__typename' && !fields.has(responseName)) fields.set(responseName, { name: sel.name.value, responseName });
      } else if (sel.kind === Kind.INLINE_FRAGMENT) walk(sel.selectionSet);
    }
  };
  walk(selectionSet);
  return [...fields.values()];
}

/** Keep a subgraph error's message, path and code; drop stack traces and anything else internal. */
function sanitize(e: GraphQLFormattedError): GraphQLFormattedError {
  const ext = e.extensions ?? {};
  const extensions: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(ext)) {
    if (k === 'stacktrace' || k === 'exception') continue;
    extensions[k] = v;
  }
  return { message: e.message, path: e.path, locations: e.locations, extensions };
}

/** Is the operation a read (a `query`)? Only a read may run twice; anything else (a mutation) runs at most once. */
function isRead(document: DocumentNode): boolean {
  return document.definitions.every((d) => d.kind !== Kind.OPERATION_DEFINITION || d.operation === OperationTypeNode.QUERY);
}

/** The error code of a transport failure, looking inside an AggregateError (both address families refused). */
function errorCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; errors?: unknown[] } | undefined;
  if (typeof e?.code === 'string') return e.code;
  const inner = e?.errors?.[0] as { code?: unknown } | undefined;
  return typeof inner?.code === 'string' ? inner.code : undefined;
}

/** What a thrown transport error means: the failure to report, and whether another replica may be tried. */
function classify(err: unknown, limits: RequestLimits): { failure: Failure; resend: Resend; replicaFault: boolean } {
  const e = err as { name?: string } | undefined;
  if (limits.signal?.aborted)
    return { failure: { code: 'SUBGRAPH_UNAVAILABLE', message: 'the client went away' }, resend: 'final', replicaFault: false };
  if (err instanceof undiciErrors.ConnectTimeoutError) {
    // No connection within the connect timeout: nothing was sent. Reported as a timeout, as before.
    return { failure: { code: 'SUBGRAPH_TIMEOUT', message: 'no answer in time' }, resend: 'not-sent', replicaFault: true };
  }
  if (e?.name === 'TimeoutError' || err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.BodyTimeoutError) {
    return { failure: { code: 'SUBGRAPH_TIMEOUT', message: 'no answer in time' }, resend: 'final', replicaFault: false };
  }
  const code = errorCode(err);
  const failure: Failure = { code: 'SUBGRAPH_UNAVAILABLE', message: 'unreachable' };
  if (code !== undefined && NOT_CONNECTED.has(code)) return { failure, resend: 'not-sent', replicaFault: true };
  if (code !== undefined && CONNECTION_BROKEN.has(code)) return { failure, resend: 'maybe-ran', replicaFault: true };
  return { failure, resend: 'final', replicaFault: false };
}
