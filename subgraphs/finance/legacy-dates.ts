/**
 * Dates as the finance system writes them: `2025年03月05日` (also unpadded, `2025年3月5日`, when keyed
 * in by hand), `20250305`, and — in records migrated from a newer platform — `2025-03-05`. Anything
 * else, and impossible days such as `2025年02月30日`, is not a date of this protocol: `null`.
 */
const FORMS = [/^(\d{4})年(\d{1,2})月(\d{1,2})日$/, /^(\d{4})(\d{2})(\d{2})$/, /^(\d{4})-(\d{2})-(\d{2})$/];

/** A legacy date → `YYYY-MM-DD`; `null` when it is not a real calendar date in one of the forms. */
export function parseLegacyDate(text: string): string | null {
  const trimmed = text.trim();
  for (const form of FORMS) {
    const m = form.exec(trimmed);
    if (!m) continue;
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    if (year < 1949 || month < 1 || month > 12 || day < 1) return null;
    // Day 0 of the next month is the last day of this one (UTC, so no time-zone shift).
    if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
    return `${m[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  }
  return null;
}
