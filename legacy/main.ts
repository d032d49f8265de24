/**
 * Runs the simulated legacy systems (stand-ins for the departments' real systems).
 *
 * `LEGACY_SYSTEMS` (default `market,tax,courts,environment,economy`) picks which; `DATASET_SIZE`
 * (10000) and `DATASET_SEED` shape the synthetic data; per system `<NAME>_SIMULATOR_PORT`,
 * `<NAME>_SIMULATOR_KEY`, `<NAME>_SIMULATOR_LATENCY_MS` (0) and `COURTS_SIMULATOR_RATE_PER_SECOND` (300).
 */
import { z } from 'zod';
import { createDataset } from './dataset/index.js';
import { chinaDate } from '../subgraphs/shared/department.js';
import { LEGACY_SYSTEMS, LEGACY_SYSTEM_NAMES, startLegacySystems, type LegacySystemName, type LegacySystemOptions } from './systems.js';

const perSystem = Object.fromEntries(
  LEGACY_SYSTEM_NAMES.flatMap((n) => {
    const p = n.toUpperCase();
    return [
      [`${p}_SIMULATOR_PORT`, z.coerce.number().int().min(0).max(65535).default(LEGACY_SYSTEMS[n].port)],
      [`${p}_SIMULATOR_KEY`, z.string().min(1).default(LEGACY_SYSTEMS[n].key)],
      [`${p}_SIMULATOR_LATENCY_MS`, z.coerce.number().min(0).default(0)],
    ];
  }),
);
const schema = z.object({
  LEGACY_SYSTEMS: z
    .string()
    .default(LEGACY_SYSTEM_NAMES.join(','))
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.enum(LEGACY_SYSTEM_NAMES as [LegacySystemName, ...LegacySystemName[]]))),
  DATASET_SIZE: z.coerce.number().int().min(0).max(10_000_000).default(10_000),
  DATASET_SEED: z.string().min(1).default('credit-federation'),
  COURTS_SIMULATOR_RATE_PER_SECOND: z.coerce.number().positive().default(300),
  HOST: z.string().min(1).default('127.0.0.1'),
});

const parsed = schema.safeParse(process.env);
const parsedPerSystem = z.object(perSystem).safeParse(process.env);
if (!parsed.success || !parsedPerSystem.success) {
  const errors = [parsed.error, parsedPerSystem.error].filter((e) => e !== undefined);
  console.error(`Invalid configuration for the legacy simulators:\n${errors.map((e) => z.prettifyError(e)).join('\n')}`);
  process.exit(1);
}
const env: Record<string, unknown> & typeof parsed.data = { ...(parsedPerSystem.data as Record<string, unknown>), ...parsed.data };
const dataset = createDataset({ seed: env.DATASET_SEED, size: env.DATASET_SIZE, today: chinaDate(new Date()) });
const systems: Partial<Record<LegacySystemName, LegacySystemOptions>> = {};
const ports: Partial<Record<LegacySystemName, number>> = {};
for (const n of env.LEGACY_SYSTEMS) {
  const p = n.toUpperCase();
  ports[n] = env[`${p}_SIMULATOR_PORT`] as number;
  systems[n] = {
    key: env[`${p}_SIMULATOR_KEY`] as string,
    latencyMs: env[`${p}_SIMULATOR_LATENCY_MS`] as number,
    rateLimitPerSecond: n === 'courts' ? env.COURTS_SIMULATOR_RATE_PER_SECOND : undefined,
  };
}
const running = await startLegacySystems(dataset, { only: env.LEGACY_SYSTEMS, ports, systems, host: env.HOST });
for (const [n, u] of Object.entries(running.urls)) console.log(`legacy ${n} simulator listening on ${u}`);
console.log(`legacy systems ready (${dataset.size} synthetic enterprises + golden cases)`);
const stop = () => running.close().then(() => process.exit(0), () => process.exit(1));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
