import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createDataset } from './generator.js';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', CLI, ...args], { maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });

describe('cli', () => {
  it('streams the synthetic enterprises as NDJSON, identically on every run', async () => {
    const args = ['--size', '5000', '--seed', 'cli-test', '--today', '2026-11-22'];
    const [a, b] = await Promise.all([cli(...args), cli(...args)]);
    expect(a.stdout).toBe(b.stdout);
    const lines = a.stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(5000);
    const ds = createDataset({ size: 5000, seed: 'cli-test', today: '2026-11-22', golden: false });
    for (const i of [0, 1, 2499, 4999]) expect(lines[i]).toBe(JSON.stringify(ds.at(i)));
    expect(new Set(lines.map((l) => (JSON.parse(l) as { uscc: string }).uscc)).size).toBe(5000);
  }, 30_000);

  it('exits 1 with the usage on bad arguments', async () => {
    await expect(cli('--size', 'many', '--today', '2026-11-22')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/size must be an integer[\s\S]*usage: tsx legacy\/dataset\/cli\.ts/),
    });
  }, 30_000);
});
