/**
 * 居民身份证号码 (GB 11643-1999): 6-digit division + birth date YYYYMMDD + 3-digit sequence (odd for
 * men, even for women) + ISO 7064 MOD 11-2 check character.
 */
import type { IsoDate } from './types.js';
import { isIsoDate } from './dates.js';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';

function check(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

export function residentIdNumber(division: string, birth: IsoDate, sequence: number): string {
  const first17 = division + birth.replace(/-/g, '') + String(sequence).padStart(3, '0');
  return first17 + check(first17);
}

/** True for a well-formed 18-character number with a real birth date and the right check character. */
export function isValidResidentId(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  return isIsoDate(birth) && check(id.slice(0, 17)) === id[17];
}
