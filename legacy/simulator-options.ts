import type { Dataset } from './dataset/index.js';

/** What every simulated legacy system is built from (`LEGACY_SYSTEMS` and the per-system variables). */
export interface CommonSimulatorOptions {
  dataset: Dataset;
  /** Base latency per call in ms. */
  latencyMs?: number;
  /** Relative latency jitter. */
  jitter?: number;
  /** The key the system accepts. */
  key: string;
  /** Calls per second before HTTP 429 (systems with a rate limit; the others ignore it). */
  rateLimitPerSecond?: number;
  /** Settings of one system's own (e.g. how old the export it serves is); each system documents and validates its own. */
  settings?: Readonly<Record<string, string | number | boolean>>;
}
