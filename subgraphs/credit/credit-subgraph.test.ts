/**
 * The credit subgraph refuses to start on a catalogue that fails validation, and says which measure
 * and which field — through the same factory `main.ts` uses, on port 0.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { creditSubgraph } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'credit-catalogue-'));
const original = JSON.parse(readFileSync(new URL('./catalogue/measures.json', import.meta.url), 'utf8')) as {
  measures: { code: string; kind: string; triggers: { bases: { wording: string }[] }[] }[];
};

function configWith(catalogue: unknown) {
  const path = join(dir, `measures-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(catalogue));
  return creditSubgraph.loadConfig({
    CREDIT_SUBGRAPH_PORT: '0',
    CREDIT_CATALOGUE_PATH: path,
    CREDIT_JOURNAL_DIR: join(dir, 'journal'),
    SUBGRAPH_SHARED_SECRET: 'x'.repeat(32),
  });
}

describe('the credit subgraph and its catalogue', () => {
  it('starts on the checked-in catalogue', async () => {
    const running = await creditSubgraph.start(configWith(original));
    await running.stop();
  });

  it('refuses a measure harsher than its wording, naming the measure and the trigger', async () => {
    const bad = structuredClone(original);
    bad.measures.find((m) => m.code === 'RESTRICT-BID-DISHONEST-DEBTOR')!.kind = 'PROHIBIT';
    await expect(creditSubgraph.start(configWith(bad))).rejects.toThrow(
      /measure RESTRICT-BID-DISHONEST-DEBTOR, field triggers\[0\] \(DISHONEST_DEBTOR\)/,
    );
  });

  it('refuses a basis without wording, naming the measure and the field', async () => {
    const bad = structuredClone(original);
    bad.measures[2]!.triggers[0]!.bases[0]!.wording = '';
    await expect(creditSubgraph.start(configWith(bad))).rejects.toThrow(`measure ${original.measures[2]!.code}, field triggers[0].bases[0].wording`);
  });
});
