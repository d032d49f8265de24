import { z } from 'zod';
import { parseEnv } from '../common/config.js';
import { LEGACY_SYSTEMS, LEGACY_SYSTEM_NAMES, type LegacySystemName, type LegacySystemOptions } from './systems.js';

export interface LegacyConfig {
  host: string;
  systems: LegacySystemName[];
  dataset: { size: number; seed: string };
  ports: Partial<Record<LegacySystemName, number>>;
  options: Partial<Record<LegacySystemName, LegacySystemOptions>>;
}

/** A system's own settings, as a JSON object of scalars (`{"exportAgeHours": 72}`); its simulator validates them. */
const settingsSchema = z
  .string()
  .default('{}')
  .transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected a JSON object such as {"exportAgeHours": 72}' });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])));

const perSystem = Object.fromEntries(
  LEGACY_SYSTEM_NAMES.flatMap((n) => {
    const p = n.toUpperCase();
    return [
      [`${p}_SIMULATOR_PORT`, z.coerce.number().int().min(0).max(65535).default(LEGACY_SYSTEMS[n].port)],
      [`${p}_SIMULATOR_KEY`, z.string().min(1).default(LEGACY_SYSTEMS[n].key)],
      [`${p}_SIMULATOR_LATENCY_MS`, z.coerce.number().min(0).max(600_000).default(0)],
      [`${p}_SIMULATOR_SETTINGS`, settingsSchema],
    ];
  }),
);

const schema = z.object({
  LEGACY_SYSTEMS: z
    .string()
    .default(LEGACY_SYSTEM_NAMES.join(','))
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(LEGACY_SYSTEM_NAMES as [LegacySystemName, ...LegacySystemName[]])).min(1)),
  DATASET_SIZE: z.coerce.number().int().min(0).max(10_000_000).default(10_000),
  DATASET_SEED: z.string().min(1).default('credit-federation'),
  COURTS_SIMULATOR_RATE_PER_SECOND: z.coerce.number().positive().default(300),
  HOST: z.string().min(1).default('127.0.0.1'),
  ...perSystem,
});

/**
 * The simulators' configuration: `LEGACY_SYSTEMS` (default all), `DATASET_SIZE` (10000),
 * `DATASET_SEED`, `HOST`, and per system `<NAME>_SIMULATOR_PORT`, `<NAME>_SIMULATOR_KEY`,
 * `<NAME>_SIMULATOR_LATENCY_MS` (0), `<NAME>_SIMULATOR_SETTINGS` (a JSON object of the system's own settings), plus `COURTS_SIMULATOR_RATE_PER_SECOND` (300).
 * Pure; throws one message naming every bad variable.
 */
export function loadLegacyConfig(env: Record<string, string | undefined>): LegacyConfig {
  const [data] = parseEnv('the legacy simulators', env, schema);
  const v = data as Record<string, unknown> & {
    LEGACY_SYSTEMS: LegacySystemName[];
    DATASET_SIZE: number;
    DATASET_SEED: string;
    COURTS_SIMULATOR_RATE_PER_SECOND: number;
    HOST: string;
  };
  const ports: LegacyConfig['ports'] = {};
  const options: LegacyConfig['options'] = {};
  for (const n of v.LEGACY_SYSTEMS) {
    const p = n.toUpperCase();
    ports[n] = v[`${p}_SIMULATOR_PORT`] as number;
    options[n] = {
      key: v[`${p}_SIMULATOR_KEY`] as string,
      latencyMs: v[`${p}_SIMULATOR_LATENCY_MS`] as number,
      rateLimitPerSecond: n === 'courts' ? v.COURTS_SIMULATOR_RATE_PER_SECOND : undefined,
      settings: v[`${p}_SIMULATOR_SETTINGS`] as Record<string, string | number | boolean>,
    };
  }
  return { host: v.HOST, systems: v.LEGACY_SYSTEMS, dataset: { size: v.DATASET_SIZE, seed: v.DATASET_SEED }, ports, options };
}
