/** Messages between the bench (parent) and the load driver (a separate process, `driver.ts`). */

/** Drive `url` with autocannon: `connections` clients for `durationSec`, cycling through `bodies`. */
export interface LoadCommand {
  kind: 'load';
  url: string;
  connections: number;
  durationSec: number;
  /** GraphQL POST bodies; each request takes the next one (shared across connections). */
  bodies: string[];
  /** Sent with every request besides `content-type` (credentials, 查询事由). */
  headers: Record<string, string>;
}

/** One request, timed from just before it is sent to the last byte of the answer. */
export interface SingleCommand {
  kind: 'single';
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

/** Stop every load under way now (each resolves with what it measured until then). */
export interface StopCommand {
  kind: 'stop';
}

export type Command = LoadCommand | SingleCommand | StopCommand;
export type Envelope = { id: number; command: Command };

export interface LoadResult {
  durationSec: number;
  connections: number;
  /** Responses received (any status). */
  requests: number;
  /** autocannon's mean of per-second request counts. */
  rps: number;
  /** Latency of 2xx answers (ms, autocannon's 1 ms resolution). */
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  timeouts: number;
  /** 2xx answers that were not a clean check: with a GraphQL `errors` member, verdict INCOMPLETE, or no verdict. */
  graphqlErrors: number;
  incomplete: number;
  noVerdict: number;
  /** One answer of each bad kind, to show what went wrong. */
  badSamples: string[];
}

export interface SingleResult {
  status: number;
  latencyMs: number;
  bytes: number;
  /** Enterprises in `data.enterprises` (or 1 for `data.enterprise`). */
  results: number;
  /** Count of each creditCheck verdict in the answer. */
  verdicts: Record<string, number>;
  errors: number;
  firstError?: string;
  /** The parsed `data`, for comparing two gateways' answers. */
  data?: unknown;
}

export interface StopResult {
  /** Loads that were under way and are now stopped. */
  stopped: number;
}

export type Reply = { id: number; ok: true; result: LoadResult | SingleResult | StopResult } | { id: number; ok: false; error: string };
