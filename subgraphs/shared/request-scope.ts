import { AsyncLocalStorage } from 'node:async_hooks';
import { UNMARKED_WORK, type Work } from './work-queue.js';

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
  /** Whose work this is and its class (interactive or a bulk job), as the gateway marked it in the signed body. */
  work?: Work;
}

const storage = new AsyncLocalStorage<RequestScope>();

export function runInRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}

/** The work the current request does for whom; unmarked work counts as interactive. */
export function currentWork(): Work {
  return storage.getStore()?.work ?? UNMARKED_WORK;
}
