import type { Dataset } from './dataset/index.js';
import type { Simulator } from './sim/index.js';
import type { CommonSimulatorOptions } from './simulator-options.js';
import { SIMULATOR_FACTORIES } from './simulators.generated.js';
import { DEPARTMENT_REGISTRY, type DepartmentEntry, type DepartmentSubgraph } from '../common/departments.js';

/** The simulated legacy systems (one per registered department), with their default ports, development keys and batch limits. */
export const LEGACY_SYSTEMS = Object.fromEntries(
  (DEPARTMENT_REGISTRY as readonly DepartmentEntry[]).map((d) => [d.subgraph, { port: d.legacyPort, key: d.legacyKey, batchLimit: d.batchLimit }]),
) as Record<DepartmentSubgraph, { port: number; key: string; batchLimit: number }>;
export type LegacySystemName = DepartmentSubgraph;
export const LEGACY_SYSTEM_NAMES = Object.keys(LEGACY_SYSTEMS) as LegacySystemName[];

export interface LegacySystemOptions {
  latencyMs?: number;
  jitter?: number;
  key?: string;
  /** Calls per second before HTTP 429 (courts). */
  rateLimitPerSecond?: number;
  /** The system's own settings (see its simulator). */
  settings?: Readonly<Record<string, string | number | boolean>>;
}

export function createLegacySimulator(name: LegacySystemName, dataset: Dataset, o: LegacySystemOptions = {}): Simulator {
  const factory = SIMULATOR_FACTORIES[name] as (o: CommonSimulatorOptions) => Simulator;
  return factory({
    dataset,
    latencyMs: o.latencyMs,
    jitter: o.jitter,
    key: o.key ?? LEGACY_SYSTEMS[name].key,
    rateLimitPerSecond: o.rateLimitPerSecond,
    settings: o.settings,
  });
}

export interface RunningLegacySystems {
  urls: Partial<Record<LegacySystemName, string>>;
  simulators: Partial<Record<LegacySystemName, Simulator>>;
  close(): Promise<void>;
}

/** Start the named simulators (default: all) on their ports (0 = ephemeral). */
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
