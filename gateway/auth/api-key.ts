import { createHash, randomBytes } from 'node:crypto';

/** How a key is stored in `CALLERS_FILE`: `sha256:` and 64 lower-case hex digits. */
export const KEY_HASH_PATTERN = /^sha256:[0-9a-f]{64}$/;

/**
 * The stored form of an API key.
 *
 * sha256, not scrypt: keys are not passwords. `generateApiKey` makes 256 random bits, so there
 * is nothing to brute-force and salting/stretching buys nothing, while a slow KDF would cost
 * tens of milliseconds of CPU on *every* request (a denial-of-service lever) and, with a salt
 * per key, could not find the caller without trying every salt. The only low-entropy keys are
 * the `dev-…` keys, which are public anyway and refused in production.
 */
export function hashApiKey(key: string): string {
  return `sha256:${createHash('sha256').update(key, 'utf8').digest('hex')}`;
}

/** A new API key (`cfk_` + 43 base64url characters = 256 bits) and the hash to put in `CALLERS_FILE`. */
export function generateApiKey(): { key: string; keyHash: string } {
  const key = `cfk_${randomBytes(32).toString('base64url')}`;
  return { key, keyHash: hashApiKey(key) };
}

/** The 32 raw bytes of a stored `sha256:` hash. */
export function keyHashDigest(keyHash: string): Buffer {
  return Buffer.from(keyHash.slice('sha256:'.length), 'hex');
}
