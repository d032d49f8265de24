import { describe, expect, it } from 'vitest';
import { addDays, addMonths, addYears, isIsoDate, taxRatingWindow, taxRatingYearInForce, toDayNumber, fromDayNumber } from './dates.js';
import { isValidResidentId, residentIdNumber } from './resident-id.js';

describe('dates', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-11-22', 14, '2028-01-22'],
    ['2026-11-22', -36, '2023-11-22'],
  ])('%s + %i months = %s', (d, n, expected) => expect(addMonths(d, n)).toBe(expected));

  it('adds days and years on whole UTC days', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28');
    expect(fromDayNumber(toDayNumber('1993-01-01'))).toBe('1993-01-01');
  });

  it('validates calendar dates', () => {
    for (const ok of ['2026-02-28', '2028-02-29']) expect(isIsoDate(ok)).toBe(true);
    for (const bad of ['2026-02-29', '2026-13-01', '2026-1-01', '20261122', '']) expect(isIsoDate(bad)).toBe(false);
  });

  it('knows the tax rating in force: published 1 April of the next year', () => {
    expect(taxRatingYearInForce('2026-03-31')).toBe(2024);
    expect(taxRatingYearInForce('2026-04-01')).toBe(2025);
    expect(taxRatingWindow(2025)).toEqual({ listedOn: '2026-04-01', publicUntil: '2027-03-31' });
  });
});

describe('resident ID numbers', () => {
  it('carry the ISO 7064 MOD 11-2 check character', () => {
    // Check characters computed by hand: 0, X and a digit.
    expect(residentIdNumber('420502', '1972-03-14', 31)).toBe('420502197203140311');
    expect(residentIdNumber('420581', '1966-10-11', 17)).toBe('42058119661011017X');
    expect(isValidResidentId('11010519491231002X')).toBe(true);
    expect(isValidResidentId('110105194912310021')).toBe(false);
    expect(isValidResidentId('420502197202300311')).toBe(false);
  });
});
