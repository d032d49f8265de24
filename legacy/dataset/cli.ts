/**
 * Streams the synthetic enterprises as NDJSON (one EnterpriseTruth per line) to stdout:
 *
 *   tsx legacy/dataset/cli.ts --size 1000000 --seed credit-federation --today 2026-11-22 > enterprises.ndjson
 *
 * Defaults: size 10 000, seed 'credit-federation', today = today's date in China (UTC+8). Golden
 * cases are not included (they are in test/golden/cases.json). Memory stays flat whatever the size:
 * records are produced lazily and the stream waits whenever stdout's buffer is full.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { createDataset } from './generator.js';
import type { Dataset } from './types.js';

const USAGE = 'usage: tsx legacy/dataset/cli.ts [--size N] [--seed S] [--today YYYY-MM-DD]';

/** Lines in chunks of `batch` records: fewer, larger writes than one per record. */
export function* ndjson(ds: Dataset, batch = 200): Generator<string> {
  for (let start = 0; start < ds.size; start += batch) {
    let chunk = '';
    const end = Math.min(ds.size, start + batch);
    for (let i = start; i < end; i++) chunk += JSON.stringify(ds.at(i)) + '\n';
    yield chunk;
  }
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      size: { type: 'string' },
      seed: { type: 'string' },
      today: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const size = values.size === undefined ? 10_000 : Number(values.size);
  const today = values.today ?? new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const ds = createDataset({ size, today, golden: false, ...(values.seed !== undefined ? { seed: values.seed } : {}) });
  await pipeline(Readable.from(ndjson(ds)), process.stdout);
}

main(process.argv.slice(2)).catch((err: NodeJS.ErrnoException) => {
  // A closed pipe (`| head`) is a normal end for a stream of lines.
  if (err.code === 'EPIPE') process.exit(0);
  console.error(`${err.message}\n${USAGE}`);
  process.exit(1);
});
