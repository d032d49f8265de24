/**
 * 统一社会信用代码 (unified social credit code, USCC) — GB 32100-2015, with the embedded
 * 组织机构代码 (organisation code) of GB 11714.
 *
 * Layout (18 characters):
 *   1      登记管理部门代码 registering authority
 *   2      机构类别代码 entity type (meaning depends on position 1)
 *   3–8    登记管理机关行政区划码 administrative division (GB/T 2260, frozen at registration)
 *   9–17   主体标识码 = 组织机构代码 (8 body characters + 1 check character, GB 11714)
 *   18     校验码 check character (mod 31)
 */
import { assertNever } from '../assert-never.js';

/** The 31 characters of GB 32100 (I, O, S, V and Z are never used). */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Weights 3^i mod 31 for positions 1–17. */
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** GB 11714 weights for the 8 body characters of the organisation code. */
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/** Registering authorities (GB 32100 表 2). */
export const REGISTERING_AUTHORITIES: Readonly<Record<string, string>> = {
  '1': '机构编制',
  '2': '外交',
  '3': '司法行政',
  '4': '文化',
  '5': '民政',
  '6': '旅游',
  '7': '宗教',
  '8': '工会',
  '9': '工商（市场监管）',
  A: '中央军委改革和编制办公室',
  N: '农业',
  Y: '其他',
};

/** Entity types by registering authority and position-2 character. */
const ENTITY_TYPES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '1': { '1': '机关', '2': '事业单位', '3': '群众团体', '9': '其他' },
  '5': { '1': '社会团体', '2': '民办非企业单位', '3': '基金会', '9': '其他' },
  '9': { '1': '企业', '2': '个体工商户', '3': '农民专业合作社' },
  N: { '1': '组级集体经济组织', '2': '村级集体经济组织', '3': '乡镇级集体经济组织', '9': '其他' },
};

/** Why a code is invalid. Each reason is a fixed code a client can switch on. */
export type UsccInvalidReason =
  | { reason: 'EMPTY' }
  | { reason: 'WRONG_LENGTH'; length: number }
  | { reason: 'ILLEGAL_CHARACTER'; position: number; character: string; expected: string }
  | { reason: 'ORGANIZATION_CODE_CHECK_FAILED'; organizationCode: string; expectedCheck: string; actualCheck: string }
  | { reason: 'CHECK_CHARACTER_FAILED'; expectedCheck: string; actualCheck: string };

export interface UsccInfo {
  /** The normalised 18-character code. */
  uscc: string;
  /** Position 1 and its meaning, e.g. `9` → 工商（市场监管）. */
  registeringAuthority: { code: string; name: string | null };
  /** Position 2 and its meaning for this authority, e.g. `1` → 企业. */
  entityType: { code: string; name: string | null };
  /** Positions 3–8, the GB/T 2260 division of the registering office. */
  division: string;
  /** Positions 9–17 written `XXXXXXXX-X` (GB 11714). */
  organizationCode: string;
  /** Positions 9–17 without the hyphen, as systems that key on it store it. */
  organizationCodeCompact: string;
}

export type UsccResult = { valid: true; info: UsccInfo } | ({ valid: false; input: string; normalized: string } & UsccInvalidReason);

/**
 * Normalise what a person typed: trim, full-width → half-width (U+FF01–U+FF5E and the
 * ideographic space), remove inner spaces and hyphens, upper-case.
 */
export function normalizeUscc(input: string): string {
  let out = '';
  for (const ch of input.trim()) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xff01 && cp <= 0xff5e) out += String.fromCodePoint(cp - 0xfee0);
    else if (cp === 0x3000) out += ' ';
    else out += ch;
  }
  return out.replace(/[\s-]/g, '').toUpperCase();
}

/** Value of a character in the organisation code: digits 0–9, letters on the full alphabet A=10 … Z=35. */
function orgValue(ch: string): number {
  const c = ch.charCodeAt(0);
  if (c >= 48 && c <= 57) return c - 48;
  return c - 55;
}

/** The GB 11714 check character for 8 body characters ('0'–'9' or 'X'). */
export function organizationCodeCheck(body: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += orgValue(body[i]!) * ORG_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** The GB 32100 check character for the first 17 characters. */
export function usccCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(first17[i]!) * USCC_WEIGHTS[i]!;
  return USCC_CHARSET[(31 - (sum % 31)) % 31]!;
}

function describePosition(position: number): string {
  if (position >= 3 && position <= 8) return 'a digit 0-9 (administrative division)';
  if (position === 17) return '0-9 or X (organisation-code check)';
  return '0-9 or A-Z without I, O, S, V, Z';
}

/** Validate a code (normalising it first) and derive what it encodes. */
export function parseUscc(input: string): UsccResult {
  const normalized = normalizeUscc(input);
  const fail = (r: UsccInvalidReason): UsccResult => ({ valid: false, input, normalized, ...r });
  if (normalized.length === 0) return fail({ reason: 'EMPTY' });
  const chars = [...normalized];
  // An illegal character is the more useful reason, so it is named before a wrong length.
  for (let i = 0; i < Math.min(chars.length, 18); i++) {
    const ch = chars[i]!;
    const position = i + 1;
    const inCharset = USCC_CHARSET.includes(ch);
    const ok = position >= 3 && position <= 8 ? ch >= '0' && ch <= '9' : position === 17 ? (ch >= '0' && ch <= '9') || ch === 'X' : inCharset;
    if (!ok) return fail({ reason: 'ILLEGAL_CHARACTER', position, character: ch, expected: describePosition(position) });
  }
  if (chars.length !== 18) return fail({ reason: 'WRONG_LENGTH', length: chars.length });
  const orgBody = normalized.slice(8, 16);
  const orgCheck = normalized[16]!;
  const expectedOrg = organizationCodeCheck(orgBody);
  if (expectedOrg !== orgCheck) {
    return fail({
      reason: 'ORGANIZATION_CODE_CHECK_FAILED',
      organizationCode: `${orgBody}-${orgCheck}`,
      expectedCheck: expectedOrg,
      actualCheck: orgCheck,
    });
  }
  const expected = usccCheck(normalized.slice(0, 17));
  if (expected !== normalized[17]) {
    return fail({ reason: 'CHECK_CHARACTER_FAILED', expectedCheck: expected, actualCheck: normalized[17]! });
  }
  const authority = normalized[0]!;
  const type = normalized[1]!;
  return {
    valid: true,
    info: {
      uscc: normalized,
      registeringAuthority: { code: authority, name: REGISTERING_AUTHORITIES[authority] ?? null },
      entityType: { code: type, name: ENTITY_TYPES[authority]?.[type] ?? null },
      division: normalized.slice(2, 8),
      organizationCode: `${orgBody}-${orgCheck}`,
      organizationCodeCompact: orgBody + orgCheck,
    },
  };
}

/** A one-line explanation of why a code is invalid, in English and Chinese. */
export function explainInvalid(r: UsccInvalidReason): string {
  switch (r.reason) {
    case 'EMPTY':
      return 'The code is empty (统一社会信用代码为空).';
    case 'WRONG_LENGTH':
      return `A unified social credit code has 18 characters; this one has ${r.length} (长度应为18位，实际${r.length}位).`;
    case 'ILLEGAL_CHARACTER':
      return `Character '${r.character}' at position ${r.position} is not allowed there; expected ${r.expected} (第${r.position}位字符“${r.character}”不合法).`;
    case 'ORGANIZATION_CODE_CHECK_FAILED':
      // Never the expected character: "fixing" a mistyped code to pass would name another enterprise.
      return `The embedded organisation code ${r.organizationCode} fails its GB 11714 check: one of positions 9–17 is mistyped; check the code against the licence (组织机构代码校验失败：第9–17位有误，请对照营业执照核对).`;
    case 'CHECK_CHARACTER_FAILED':
      return `The code fails its check (校验码错误): a character is mistyped somewhere; check the whole code against the licence rather than changing the last character (请对照营业执照逐位核对，不要只改第18位). A few 2015 pilot codes fail this check; such a code can be confirmed with its registering authority.`;
    default:
      return assertNever(r);
  }
}

/** Build a valid code from its 16 leading characters (authority, type, division, org body), adding both check characters. */
export function buildUscc(authority: string, type: string, division: string, orgBody: string): string {
  const first17 = authority + type + division + orgBody + organizationCodeCheck(orgBody);
  return first17 + usccCheck(first17);
}
