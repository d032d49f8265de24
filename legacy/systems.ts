import type { Dataset } from './dataset/index.js';
import type { Simulator } from './sim/index.js';
import { createMarketSimulator } from './market/index.js';
import { createTaxSimulator } from './tax/index.js';
import { createCourtsSimulator } from './courts/index.js';
import { createEnvironmentSimulator } from './environment/index.js';
import { createEconomySimulator } from './economy/index.js';
import { assertNever } from '../common/assert-never.js';

/** The five simulated legacy systems, with their default ports and development keys. */
export const LEGACY_SYSTEMS = {
  market: { port: 4102, key: 'market-dev-key', batchLimit: 100 },
  tax: { port: 4103, key: 'tax-dev-key', batchLimit: 50 },
  courts: { port: 4104, key: 'courts-dev-key', batchLimit: 1 },
  environment: { port: 4105, key: 'environment-dev-key', batchLimit: 200 },
  economy: { port: 4106, key: 'economy-dev-key', batchLimit: 100 },
} as const;
export type LegacySystemName = keyof typeof LEGACY_SYSTEMS;
export const LEGACY_SYSTEM_NAMES = Object.keys(LEGACY_SYSTEMS) as LegacySystemName[];

export interface LegacySystemOptions {
  latencyMs?: number;
  jitter?: number;
  key?: string;
  /** Courts only: calls per second before HTTP 429. */
  rateLimitPerSecond?: number;
}

export function createLegacySimulator(name: LegacySystemName, dataset: Dataset, o: LegacySystemOptions = {}): Simulator {
  const common = { dataset, latencyMs: o.latencyMs, jitter: o.jitter, key: o.key ?? LEGACY_SYSTEMS[name].key };
  switch (name) {
    case 'market':
      return createMarketSimulator(common);
    case 'tax':
      return createTaxSimulator(common);
    case 'courts':
      return createCourtsSimulator({ ...common, rateLimitPerSecond: o.rateLimitPerSecond });
    case 'environment':
      return createEnvironmentSimulator(common);
    case 'economy':
      return createEconomySimulator(common);
    default: {
      return assertNever(name);
    }
  }
}

export interface RunningLegacySystems {
  urls: Partial<Record<LegacySystemName, string>>;
  simulators: Partial<Record<LegacySystemName, Simulator>>;
  close(): Promise<void>;
}

/** Start the named simulators (default: all five) on their ports (0 = ephemeral). */
export async function startLegacySystems(
  dataset: Dataset,
  options: {
    only?: readonly LegacySystemName[];
    ports?: Partial<Record<LegacySystemName, number>>;
    systems?: Partial<Record<LegacySystemName, LegacySystemOptions>>;
    host?: string;
  } = {},
): Promise<RunningLegacySystems> {
  const urls: RunningLegacySystems['urls'] = {};
  const simulators: RunningLegacySystems['simulators'] = {};
  for (const name of options.only ?? LEGACY_SYSTEM_NAMES) {
    const sim = createLegacySimulator(name, dataset, options.systems?.[name]);
    urls[name] = await sim.listen(options.ports?.[name] ?? LEGACY_SYSTEMS[name].port, options.host ?? '127.0.0.1');
    simulators[name] = sim;
  }
  return {
    urls,
    simulators,
    close: async () => {
      await Promise.all(Object.values(simulators).map((s) => s.close()));
    },
  };
}
