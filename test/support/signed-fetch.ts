import { DEADLINE_HEADER, DEV_SUBGRAPH_SECRET, SIGNATURE_HEADER, signRequest } from '../../common/http/index.js';

/**
 * `fetch` as the gateway calls a subgraph: the body signed with the shared secret (the development
 * one by default). For tests that talk to one subgraph directly.
 */
export function signedFetch(url: string, init: RequestInit & { body: string }, secret = DEV_SUBGRAPH_SECRET): Promise<Response> {
  return fetch(url, {
    ...init,
    headers: {
      ...(init.headers as Record<string, string> | undefined),
      [SIGNATURE_HEADER]: signRequest(secret, init.body),
      [DEADLINE_HEADER]: String(Date.now() + 10_000),
    },
  });
}
