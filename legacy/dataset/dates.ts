/**
 * Calendar arithmetic on ISO `YYYY-MM-DD` dates, done on whole UTC days so that nothing depends
 * on the host's time zone. The departments' calendar is China's (UTC+8); the caller decides
 * which day "today" is.
 */
import type { IsoDate } from './types.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** True when `s` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Days since 1970-01-01 (UTC). */
export function toDayNumber(date: IsoDate): number {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`not an ISO date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY;
}

export function fromDayNumber(day: number): IsoDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Calendar months; the day is clamped to the end of the target month (01-31 + 1 month → 02-28/29). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const d = Number(date.slice(8, 10));
  const ty = y + Math.floor(m / 12);
  const tm = ((m % 12) + 12) % 12;
  const day = Math.min(d, daysInMonth(ty, tm + 1));
  return `${String(ty).padStart(4, '0')}-${String(tm + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function addYears(date: IsoDate, years: number): IsoDate {
  return addMonths(date, years * 12);
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

/**
 * The assessment year of the tax credit rating (纳税信用等级) in force on `today`: year Y is
 * published on (Y+1)-04-01 and stays in force until (Y+2)-03-31 (see the shared date conventions).
 */
export function taxRatingYearInForce(today: IsoDate): number {
  const y = yearOf(today);
  return today >= `${y}-04-01` ? y - 1 : y - 2;
}

/** Publication and end of force of the tax rating for assessment year `year`. */
export function taxRatingWindow(year: number): { listedOn: IsoDate; publicUntil: IsoDate } {
  return { listedOn: `${year + 1}-04-01`, publicUntil: `${year + 2}-03-31` };
}
