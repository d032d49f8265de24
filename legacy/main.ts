/**
 * Runs the simulated legacy systems (stand-ins for the departments' real systems); see
 * `loadLegacyConfig` for the variables.
 */
import { createDataset } from './dataset/index.js';
import { chinaDate } from '../common/china-date.js';
import { loadLegacyConfig, type LegacyConfig } from './config.js';
import { startLegacySystems } from './systems.js';

let config: LegacyConfig;
try {
  config = loadLegacyConfig(process.env);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
const dataset = createDataset({ seed: config.dataset.seed, size: config.dataset.size, today: chinaDate(new Date()) });
const running = await startLegacySystems(dataset, { only: config.systems, ports: config.ports, systems: config.options, host: config.host });
for (const [n, u] of Object.entries(running.urls)) console.log(`legacy ${n} simulator listening on ${u}`);
console.log(`legacy systems ready (${dataset.size} synthetic enterprises + golden cases)`);
const stop = () =>
  running.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
