/**
 * Dates as the economy & IT platform writes them: `2023年05月01日`, and — for records keyed in by
 * hand — without zero padding, `2023年5月1日`. Anything else (ISO dates, Chinese numerals,
 * impossible days such as `2023年02月30日`) is not a date of this protocol: `null`.
 */
const CHINESE_DATE = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/;

/** `2023年5月1日` → `2023-05-01`; `null` when the text is not a real calendar date in this form. */
export function parseChineseDate(text: string): string | null {
  const m = CHINESE_DATE.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1) return null;
  // Day 0 of the next month is the last day of this one (UTC, so no time-zone shift).
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > lastDay) return null;
  return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const CHINESE_YEAR = /^(\d{4})(?:年度|年)?$/;

/** A year field (`2024年度`, also `2024年` or `2024`) → 2024; `null` otherwise. */
export function parseChineseYear(text: string): number | null {
  const m = CHINESE_YEAR.exec(text.trim());
  return m ? Number(m[1]) : null;
}
