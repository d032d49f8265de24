import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What a subgraph knows about the request it is serving, available to the legacy clients without
 * threading it through every call: the gateway's deadline, and a signal that fires when the
 * gateway (and so the client) stops waiting.
 */
export interface RequestScope {
  /** Epoch ms after which no answer is useful. */
  deadlineAt?: number;
  /** Aborted when the request's connection closes before the answer is sent. */
  signal?: AbortSignal;
}

const storage = new AsyncLocalStorage<RequestScope>();

export function runInRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}
