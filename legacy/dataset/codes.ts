/**
 * The synthetic code space: a bijection between the enterprise index i and the 8-character body of
 * its organisation code (USCC positions 9–16), so that a lookup by USCC, organisation code or old
 * taxpayer number decodes the index without any table.
 *
 *  - i % 4 ≠ 3 ("new" enterprises, registered after 三证合一 in 2015-10): body `MA` + 6 characters of
 *    the GB 32100 charset encoding v = (a·k + b) mod 31^6, k = 3·⌊i/4⌋ + i % 4.
 *  - i % 4 = 3 ("old" enterprises, organisation code issued before 2015-10): an 8-digit body
 *    10000000 + v, v = (a'·k + b') mod 9·10^7, k = ⌊i/4⌋.
 *
 * a, b, a', b' come from the seed; a is not divisible by 31 and a' is coprime with 9·10^7, so both
 * maps are permutations and are inverted with the modular inverse.
 *
 * Bodies 00000000–09999999 (a leading 0) are never produced: they are reserved for the golden cases,
 * which therefore can never collide with a synthetic enterprise, whatever the seed or size.
 */
import { USCC_CHARSET } from '../../common/uscc/index.js';

const NEW_SPACE = 31n ** 6n;
const OLD_SPACE = 90_000_000n;
const OLD_OFFSET = 10_000_000n;

/** The largest `size` allowed; well inside both spaces (old: 4 · 9·10^7, new: 4/3 · 31^6). */
export const MAX_DATASET_SIZE = 100_000_000;

const NEW_BODY = /^MA[0-9A-HJ-NPQRTUWXY]{6}$/;
const OLD_BODY = /^[1-9][0-9]{7}$/;
const GOLDEN_BODY = /^0[0-9]{7}$/;

/** True for organisation-code bodies reserved for golden cases (never synthetic). */
export function isReservedGoldenBody(body: string): boolean {
  return GOLDEN_BODY.test(body);
}

function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [mod(a, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new RangeError('not invertible');
  return mod(oldS, m);
}

interface Affine {
  a: bigint;
  b: bigint;
  inv: bigint;
  m: bigint;
}

function affine(seedA: bigint, seedB: bigint, m: bigint): Affine {
  let a = mod(seedA, m);
  while (a === 0n || gcd(a, m) !== 1n) a = mod(a + 1n, m);
  const b = mod(seedB, m);
  return { a, b, m, inv: modInverse(a, m) };
}

export interface CodeSpace {
  /** Whether enterprise i has a pre-2015 numeric organisation code. */
  isOld(index: number): boolean;
  /** The 8-character organisation-code body of enterprise i. */
  bodyOf(index: number): string;
  /** The index whose body this is, or undefined when the body is outside the synthetic space. */
  indexOfBody(body: string): number | undefined;
}

export function createCodeSpace(seed: readonly [number, number, number, number]): CodeSpace {
  const w = (x: number, y: number) => (BigInt(x) << 32n) | BigInt(y);
  const fresh = affine(w(seed[0], seed[1]), w(seed[2], seed[3]), NEW_SPACE);
  const old = affine(w(seed[3], seed[0]), w(seed[1], seed[2]), OLD_SPACE);
  const isOld = (i: number) => i % 4 === 3;

  return {
    isOld,
    bodyOf(i) {
      if (isOld(i)) {
        const k = BigInt((i - 3) / 4);
        return String(mod(old.a * k + old.b, old.m) + OLD_OFFSET);
      }
      const k = BigInt(3 * Math.floor(i / 4) + (i % 4));
      let v = mod(fresh.a * k + fresh.b, fresh.m);
      let out = '';
      for (let p = 0; p < 6; p++) {
        out = USCC_CHARSET[Number(v % 31n)]! + out;
        v /= 31n;
      }
      return 'MA' + out;
    },
    indexOfBody(body) {
      if (NEW_BODY.test(body)) {
        let v = 0n;
        for (let p = 2; p < 8; p++) v = v * 31n + BigInt(USCC_CHARSET.indexOf(body[p]!));
        const k = Number(mod((v - fresh.b) * fresh.inv, fresh.m));
        return 4 * Math.floor(k / 3) + (k % 3);
      }
      if (OLD_BODY.test(body)) {
        const v = BigInt(body) - OLD_OFFSET;
        const k = Number(mod((v - old.b) * old.inv, old.m));
        return 4 * k + 3;
      }
      return undefined;
    },
  };
}
