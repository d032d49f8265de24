import { describe, expect, it } from 'vitest';
import { createCodeSpace, isReservedGoldenBody, MAX_DATASET_SIZE } from './codes.js';
import { hashString, rngFor } from './prng.js';

describe('code space', () => {
  const space = createCodeSpace(hashString('credit-federation'));

  it('maps an index to a body and back, across the whole supported range', () => {
    const r = rngFor(hashString('test'), 0, 0);
    const indices = [0, 1, 2, 3, 4, 7, 1000, 999_999, MAX_DATASET_SIZE - 1, MAX_DATASET_SIZE - 2];
    for (let k = 0; k < 2000; k++) indices.push(r.int(0, MAX_DATASET_SIZE - 1));
    for (const i of indices) {
      const body = space.bodyOf(i);
      expect(body).toMatch(space.isOld(i) ? /^[1-9]\d{7}$/ : /^MA[0-9A-HJ-NPQRTUWXY]{6}$/);
      expect(isReservedGoldenBody(body)).toBe(false);
      expect(space.indexOfBody(body), body).toBe(i);
    }
  });

  it('gives distinct bodies to distinct indices', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50_000; i++) seen.add(space.bodyOf(i));
    expect(seen.size).toBe(50_000);
  });

  it('depends on the seed', () => {
    const other = createCodeSpace(hashString('other'));
    expect(other.bodyOf(0)).not.toBe(space.bodyOf(0));
    expect(other.bodyOf(3)).not.toBe(space.bodyOf(3));
  });

  it('decodes nothing outside the synthetic space', () => {
    for (const body of ['03618247', '00000000', 'MA1K3BT', 'MA1K3BTPX', 'MB1K3BTP', 'MA1K3BTI', '1922038', '', 'ma1k3btp']) {
      expect(space.indexOfBody(body), body).toBeUndefined();
    }
    expect(isReservedGoldenBody('03618247')).toBe(true);
    expect(isReservedGoldenBody('13618247')).toBe(false);
  });
});
