/** Types for graphql.js. Not served: only .js files are. */
export interface GraphqlErrorEntry {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}
export interface GraphqlResponse {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: any;
  errors: GraphqlErrorEntry[];
  /** The answer's `extensions` (e.g. `creditReport`), when it has them. */
  extensions?: Record<string, unknown>;
}
export interface CallerCredentials {
  key?: string;
  purpose?: string;
  reference?: string;
  /** 经办人, sent as `X-Operator: <工号>;<姓名>`. */
  operator?: { id: string; name: string } | null;
}
export type GraphqlRequest = (
  query: string,
  variables?: Record<string, unknown>,
  init?: { signal?: AbortSignal; reference?: string; headers?: Record<string, string> },
) => Promise<GraphqlResponse>;
export declare class GraphqlRequestError extends Error {
  constructor(message: string, details: { code: string; status?: number; reason?: string; errors?: GraphqlErrorEntry[] });
  readonly code: string;
  readonly status: number | undefined;
  readonly reason: string | undefined;
  readonly errors: GraphqlErrorEntry[];
}
export declare const FATAL_CODES: Set<string>;
export declare function headerValue(value: string): string;
export declare function callerHeaders(c: CallerCredentials): Record<string, string>;
export declare function createGraphqlClient(options: {
  url: string;
  credentials: CallerCredentials | (() => CallerCredentials);
  fetch?: typeof fetch;
}): GraphqlRequest;
export declare function operationNameOf(query: string): string | null;
export declare function errorsAt(errors: GraphqlErrorEntry[], prefix: (string | number)[]): GraphqlErrorEntry[];
