import type { Dataset } from '../dataset/types.js';
import { createSimulator, type Simulator } from '../sim/index.js';
import { courtsProtocol } from './courts-protocol.js';

export interface CourtsSimulatorOptions {
  /** The truth to serve. */
  dataset: Dataset;
  /** Base latency per call in ms. Default 0. */
  latencyMs?: number;
  /** Relative latency jitter. Default 0.1. */
  jitter?: number;
  /** The `appKey` header value the system accepts. Default `courts-dev-key`. */
  key?: string;
  /** Calls per second before the system answers HTTP 429 with `Retry-After`. Default 300. */
  rateLimitPerSecond?: number;
}

/**
 * The courts' enforcement-information system (法院 执行信息公开): REST/JSON by organisation code,
 * one subject per call, pages of at most 20 records, `appKey` header, and a per-second rate limit.
 * See `courts-protocol.ts` for the wire format.
 */
export function createCourtsSimulator(options: CourtsSimulatorOptions): Simulator {
  const protocol = courtsProtocol({ dataset: options.dataset, key: options.key ?? 'courts-dev-key' });
  return createSimulator({
    name: 'courts',
    latencyMs: options.latencyMs,
    jitter: options.jitter,
    rateLimitPerSecond: options.rateLimitPerSecond ?? 300,
    handle: protocol.handle,
    malformed: protocol.malformed,
  });
}
