/**
 * Mask a resident ID number (居民身份证号码) for display: the first 6 characters (the issuing
 * division) and the last 4 kept, 8 `*` in between — `420502********123X`. The birth date and
 * sequence digits never leave this subgraph (PIPL; GB/T 35273-2020 App. B lists ID numbers as
 * sensitive).
 *
 * Other lengths (15-digit first-generation IDs, passports) keep only their last 3 characters when
 * longer than 8 (for a 15-digit ID that is the sequence number, so no birth date can be read), and
 * are fully masked otherwise.
 * Empty input gives null.
 */
export function maskIdNumber(raw: string | null | undefined): string | null {
  const id = (raw ?? '').trim().toUpperCase();
  if (id === '') return null;
  if (id.length === 18) return `${id.slice(0, 6)}********${id.slice(14)}`;
  if (id.length > 8) return '*'.repeat(id.length - 3) + id.slice(-3);
  return '*'.repeat(id.length);
}
