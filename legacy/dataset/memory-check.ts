/**
 * Prints heap usage while generating many enterprises through `at(i)`, to show that memory stays
 * flat in the size of the dataset (a measurement, not a test):
 *
 *   tsx legacy/dataset/memory-check.ts [count=1000000] [today]
 *   node --expose-gc --import tsx legacy/dataset/memory-check.ts   (steadier figures)
 */
import { createDataset } from './generator.js';

const count = Number(process.argv[2] ?? 1_000_000);
const today = process.argv[3] ?? new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const gc = (globalThis as { gc?: () => void }).gc;
const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
const heap = () => {
  gc?.();
  return process.memoryUsage().heapUsed;
};

const before = heap();
const ds = createDataset({ size: count, today });
const afterCreate = heap();
console.log(
  `heap before: ${mib(before)}; after createDataset(size ${count}): ${mib(afterCreate)}${gc ? '' : ' (run with --expose-gc for steadier figures)'}`,
);

const started = Date.now();
let peak = 0;
let bytes = 0;
const step = Math.max(1, Math.floor(count / 10));
for (let i = 0; i < count; i++) {
  bytes += JSON.stringify(ds.at(i)).length;
  if ((i + 1) % step === 0) {
    const used = process.memoryUsage().heapUsed;
    peak = Math.max(peak, used);
    console.log(`${String(i + 1).padStart(9)} generated  heap ${mib(used)}`);
  }
}
const after = heap();
console.log(
  `heap after: ${mib(after)} (peak sampled ${mib(peak)}); ${count} enterprises, ${mib(bytes)} of JSON, ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
