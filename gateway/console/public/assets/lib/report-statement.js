// @ts-check
/**
 * What an issued credit report states (报告所载内容), shared by the gateway — which issues the
 * report, hashes this and writes the hash into the audit record of the request — and the report
 * page, which prints exactly this. One function, one input: what is printed and what was hashed
 * cannot differ.
 *
 * A report handed out states only what is in force on the report's date: records removed (已移出),
 * repaired (已修复, 信用修复) or whose publicity window ended (公示期满), ratings and honours no
 * longer valid and closed enforcement cases are left out, whoever prints it. The page may show them
 * on screen to a caller who may see history, marked, and never prints them.
 *
 * The canonical form (gateway/report/README.md): `canonicalJson(reportStatement(…))` — keys
 * sorted, no whitespace — and the report's hash is its SHA-256 in lower-case hex.
 */

import { SECTION_FIELDS } from './departments.generated.js';

/** The department sections the report lays out in sections of their own (their detail lists are named below). */
export const OWN_SECTION_FIELDS = Object.freeze(['marketRegulation', 'tax', 'judicial', 'environment', 'economy']);
/** Every other registered department's section, in registry order: the report gives each a section listing its records. */
export const OTHER_SECTION_FIELDS = Object.freeze(Object.values(SECTION_FIELDS).filter((f) => !OWN_SECTION_FIELDS.includes(f)));

/** The statement's format; a change to what a statement holds gets a new one. */
export const REPORT_FORMAT = 'credit-report/1';

/** 报告编号: XYBG-<date in China, YYYYMMDD>-<10 characters of Crockford base32>. */
export const REPORT_NUMBER_PATTERN = /^XYBG-(\d{8})-([0-9A-HJKMNP-TV-Z]{10})$/;

/** Crockford's base32 alphabet (no I, L, O, U): what the random part of a report number is made of. */
export const REPORT_NUMBER_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * @typedef {(item: any, date: string) => boolean} InForce
 * @typedef {{ section: string, field: string, inForce: InForce }} RecordList
 */

/**
 * Whether a record with a status is in force: only ACTIVE. A record whose status was not asked for
 * cannot be shown to be in force, so it is not stated.
 * @type {InForce}
 */
const active = (item) => item?.status === 'ACTIVE';

/**
 * Valid on `date` by an end date (`null`: no end). A missing field (not asked for) is not valid.
 * @param {string} field
 * @returns {InForce}
 */
const validUntil = (field) => (item, date) => {
  const v = item?.[field];
  if (v === undefined) return false;
  return v === null || String(v) >= date;
};

/**
 * Every list of records in the report's answer and when one of its records is in force.
 * @type {readonly RecordList[]}
 */
export const RECORD_LISTS = Object.freeze([
  { section: 'marketRegulation', field: 'penalties', inForce: active },
  { section: 'marketRegulation', field: 'findings', inForce: active },
  { section: 'tax', field: 'majorViolations', inForce: active },
  { section: 'tax', field: 'findings', inForce: active },
  { section: 'tax', field: 'creditRatings', inForce: validUntil('inForceUntil') },
  { section: 'judicial', field: 'findings', inForce: active },
  { section: 'judicial', field: 'dishonestDebtorEntries', inForce: active },
  // A closed enforcement case (结案) is judicial history.
  { section: 'judicial', field: 'enforcementCases', inForce: (c) => c?.closedOn === null },
  { section: 'environment', field: 'penalties', inForce: active },
  { section: 'environment', field: 'findings', inForce: active },
  { section: 'environment', field: 'ratings', inForce: validUntil('validUntil') },
  { section: 'economy', field: 'honors', inForce: validUntil('validUntil') },
  { section: 'economy', field: 'findings', inForce: active },
  // Every other registered department's findings (a department added to the registry is stated
  // only as far as its records are in force, from the day it is added).
  ...OTHER_SECTION_FIELDS.map((section) => ({ section, field: 'findings', inForce: active })),
]);

/** Single records (the current rating) and when they are in force. */
const SINGLE_RECORDS = Object.freeze([
  { section: 'tax', field: 'currentCreditRating', inForce: validUntil('inForceUntil') },
  { section: 'environment', field: 'rating', inForce: validUntil('validUntil') },
]);

/**
 * A broken commitment (未履约) is stated while its CREDIT_COMMITMENT_BREACH finding is; a kept or
 * pending one always.
 * @param {any} commitment
 * @param {any} economy
 */
function commitmentInForce(commitment, economy) {
  if (commitment?.status !== 'BREACHED') return true;
  const findings = Array.isArray(economy?.findings) ? economy.findings : [];
  const breach = findings.find((/** @type {any} */ f) => f?.kind === 'CREDIT_COMMITMENT_BREACH' && f?.reference === commitment.reference);
  return !breach || breach.status === 'ACTIVE';
}

/**
 * Whether a record of `section.field` is in force on `date` (and so printed). For the lists of
 * `RECORD_LISTS` and `economy.commitments`; anything else is not a record and always stated.
 * @param {any} enterprise the answer's `enterprise`
 * @param {string} section e.g. `marketRegulation`
 * @param {string} field e.g. `penalties`
 * @param {any} item
 * @param {string} date YYYY-MM-DD
 * @returns {boolean}
 */
export function isInForce(enterprise, section, field, item, date) {
  if (section === 'economy' && field === 'commitments') return commitmentInForce(item, enterprise?.economy);
  const rule =
    RECORD_LISTS.find((r) => r.section === section && r.field === field) ?? SINGLE_RECORDS.find((r) => r.section === section && r.field === field);
  return rule ? rule.inForce(item, date) : true;
}

/**
 * The answer's `enterprise` as a report handed out states it on `date`: the same, less every record
 * not in force. Arrays keep the remaining records themselves (not copies), so a page can tell
 * what is printed by identity.
 * @param {any} enterprise
 * @param {string} date YYYY-MM-DD (China)
 * @returns {any}
 */
export function printableEnterprise(enterprise, date) {
  if (enterprise === null || typeof enterprise !== 'object') return enterprise;
  /** @type {Record<string, any>} */
  const out = { ...enterprise };
  const sections = new Set([...RECORD_LISTS, ...SINGLE_RECORDS].map((r) => r.section).concat(Object.values(SECTION_FIELDS)));
  for (const section of sections) {
    const s = enterprise[section];
    if (s === null || typeof s !== 'object') continue;
    /** @type {Record<string, any>} */
    const copy = { ...s };
    for (const r of RECORD_LISTS) {
      if (r.section !== section || !Array.isArray(s[r.field])) continue;
      copy[r.field] = s[r.field].filter((/** @type {any} */ item) => r.inForce(item, date));
    }
    for (const r of SINGLE_RECORDS) {
      if (r.section !== section || s[r.field] === null || s[r.field] === undefined) continue;
      copy[r.field] = r.inForce(s[r.field], date) ? s[r.field] : null;
    }
    if (section === 'economy' && Array.isArray(s.commitments)) {
      copy.commitments = s.commitments.filter((/** @type {any} */ c) => commitmentInForce(c, s));
    }
    // A list of records this module does not name (a department's own detail, asked for through the
    // API): a record that says it is removed, repaired or expired is not stated either.
    for (const [field, value] of Object.entries(s)) {
      if (!Array.isArray(value) || RECORD_LISTS.some((r) => r.section === section && r.field === field)) continue;
      if (section === 'economy' && field === 'commitments') continue;
      const kept = value.filter((/** @type {any} */ item) => !(item && typeof item === 'object' && 'status' in item && item.status !== 'ACTIVE'));
      if (kept.length !== value.length) copy[field] = kept;
    }
    out[section] = copy;
  }
  return out;
}

/**
 * Why a check's flags cannot be stated on `date`, or null. Every flag and incentive of a check made
 * for the report's date rests on a record in force that day; one resting on anything else (a check
 * as of another day) would put a record the report leaves out back in.
 * @param {any} check the answer's `creditCheck`
 * @param {string} date
 * @returns {'NO_CHECK' | 'AS_OF_NOT_REPORT_DATE' | 'FLAG_RECORD_NOT_IN_FORCE' | null}
 */
export function checkProblem(check, date) {
  if (check === null || typeof check !== 'object') return 'NO_CHECK';
  if (check.asOf !== date) return 'AS_OF_NOT_REPORT_DATE';
  for (const f of [...(Array.isArray(check.flags) ? check.flags : []), ...(Array.isArray(check.incentives) ? check.incentives : [])]) {
    if (f?.finding && f.finding.status !== 'ACTIVE') return 'FLAG_RECORD_NOT_IN_FORCE';
  }
  return null;
}

/**
 * @typedef {object} ReportStatementInput
 * @property {string} number 报告编号
 * @property {string} issuedAt ISO-8601 in China time, e.g. 2026-11-26T10:33:07+08:00
 * @property {string} date the report's date in China, YYYY-MM-DD
 * @property {string | null} purpose 查询事由 code, as the audit record has it
 * @property {string | null} reference 关联编号, as the audit record has it
 * @property {any} enterprise the answer's `enterprise`
 */

/**
 * The statement of an issued report: its number, time, purpose and reference, and what it states
 * about the enterprise. The report's hash is SHA-256 over `canonicalJson` of this.
 * @param {ReportStatementInput} input
 */
export function reportStatement(input) {
  return {
    format: REPORT_FORMAT,
    number: input.number,
    issuedAt: input.issuedAt,
    date: input.date,
    purpose: input.purpose,
    reference: input.reference,
    enterprise: printableEnterprise(input.enterprise, input.date),
  };
}

/**
 * A code as the verification page shows it: the first 4 and last 4 characters, the rest hidden
 * (9142**********5383).
 * @param {string} uscc
 */
export function maskUscc(uscc) {
  const s = String(uscc);
  if (s.length <= 8) return '*'.repeat(s.length);
  return `${s.slice(0, 4)}${'*'.repeat(s.length - 8)}${s.slice(-4)}`;
}

/**
 * The hash as printed: eight groups of eight, so a reader can compare it by eye (the verification
 * page accepts it with or without the spaces).
 * @param {string} hash
 */
export function groupHash(hash) {
  return String(hash).replace(/(.{8})(?=.)/g, '$1 ');
}

/**
 * `/verify/<number>?hash=<hash>` on `base` (an origin, or an origin with a path prefix).
 * @param {string} base
 * @param {string} number
 * @param {string} hash
 */
export function verifyUrl(base, number, hash) {
  return `${String(base).replace(/\/+$/, '')}/verify/${encodeURIComponent(number)}?hash=${encodeURIComponent(hash)}`;
}
