// @ts-check
/**
 * 统一社会信用代码 (USCC, GB 32100-2015) validation for the browser — a port of
 * `common/uscc/uscc.ts` that returns the same results (a test compares the two on a table and on
 * random codes). Plain ES module, no dependencies; also imported by Node (tests, the CLI).
 *
 * Layout: 1 registering authority · 2 entity type · 3–8 division (digits) ·
 * 9–17 organisation code (GB 11714: 8 body characters + check, mod 11) · 18 check character (mod 31).
 */

/** The 31 characters of GB 32100 (I, O, S, V and Z are never used). */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Weights 3^i mod 31 for positions 1–17. */
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 11714 weights for the 8 body characters of the organisation code. */
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** Registering authorities (GB 32100 表 2). */
/** @type {Readonly<Record<string, string>>} */
export const REGISTERING_AUTHORITIES = {
  1: '机构编制',
  2: '外交',
  3: '司法行政',
  4: '文化',
  5: '民政',
  6: '旅游',
  7: '宗教',
  8: '工会',
  9: '工商（市场监管）',
  A: '中央军委改革和编制办公室',
  N: '农业',
  Y: '其他',
};

/** Entity types by registering authority and position-2 character. */
/** @type {Readonly<Record<string, Readonly<Record<string, string>>>>} */
export const ENTITY_TYPES = {
  1: { 1: '机关', 2: '事业单位', 3: '群众团体', 9: '其他' },
  5: { 1: '社会团体', 2: '民办非企业单位', 3: '基金会', 9: '其他' },
  9: { 1: '企业', 2: '个体工商户', 3: '农民专业合作社' },
  N: { 1: '组级集体经济组织', 2: '村级集体经济组织', 3: '乡镇级集体经济组织', 9: '其他' },
};

/**
 * Normalise what a person typed: trim, full-width → half-width (U+FF01–U+FF5E and the
 * ideographic space), remove inner spaces and hyphens, upper-case.
 * @param {string} input
 * @returns {string}
 */
export function normalizeUscc(input) {
  let out = '';
  for (const ch of String(input).trim()) {
    const cp = /** @type {number} */ (ch.codePointAt(0));
    if (cp >= 0xff01 && cp <= 0xff5e) out += String.fromCodePoint(cp - 0xfee0);
    else if (cp === 0x3000) out += ' ';
    else out += ch;
  }
  return out.replace(/[\s-]/g, '').toUpperCase();
}

/** @param {string} ch */
function orgValue(ch) {
  const c = ch.charCodeAt(0);
  if (c >= 48 && c <= 57) return c - 48;
  return c - 55;
}

/**
 * The GB 11714 check character for 8 body characters.
 * @param {string} body
 * @returns {string}
 */
export function organizationCodeCheck(body) {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += orgValue(body.charAt(i)) * /** @type {number} */ (ORG_WEIGHTS[i]);
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/**
 * The GB 32100 check character for the first 17 characters.
 * @param {string} first17
 * @returns {string}
 */
export function usccCheck(first17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(first17.charAt(i)) * /** @type {number} */ (USCC_WEIGHTS[i]);
  return USCC_CHARSET.charAt((31 - (sum % 31)) % 31);
}

/**
 * What may stand at a 1-based position (English, as `common/uscc` words it).
 * @param {number} position
 */
function describePosition(position) {
  if (position >= 3 && position <= 8) return 'a digit 0-9 (administrative division)';
  if (position === 17) return '0-9 or X (organisation-code check)';
  return '0-9 or A-Z without I, O, S, V, Z';
}

/**
 * The class of characters allowed at a 1-based position: `DIGIT` (3–8), `ORG_CHECK` (17: 0-9 or X)
 * or `CHARSET` (the 31 GB 32100 characters).
 * @param {number} position
 * @returns {'DIGIT' | 'ORG_CHECK' | 'CHARSET'}
 */
export function positionClass(position) {
  if (position >= 3 && position <= 8) return 'DIGIT';
  if (position === 17) return 'ORG_CHECK';
  return 'CHARSET';
}

/**
 * @param {string} ch
 * @param {number} position 1-based
 */
function allowedAt(ch, position) {
  const cls = positionClass(position);
  if (cls === 'DIGIT') return ch >= '0' && ch <= '9';
  if (cls === 'ORG_CHECK') return (ch >= '0' && ch <= '9') || ch === 'X';
  return ch.length === 1 && USCC_CHARSET.includes(ch);
}

/**
 * The first character of a normalised (possibly partial) code that is not allowed where it
 * stands, or null. Lets a form complain while the code is still being typed.
 * @param {string} normalized
 * @returns {{ position: number, character: string, expected: string } | null}
 */
export function firstIllegalCharacter(normalized) {
  const chars = [...normalized];
  for (let i = 0; i < chars.length && i < 18; i++) {
    const ch = /** @type {string} */ (chars[i]);
    if (!allowedAt(ch, i + 1)) return { position: i + 1, character: ch, expected: describePosition(i + 1) };
  }
  return null;
}

/**
 * @typedef {{ reason: 'EMPTY' }
 *   | { reason: 'WRONG_LENGTH', length: number }
 *   | { reason: 'ILLEGAL_CHARACTER', position: number, character: string, expected: string }
 *   | { reason: 'ORGANIZATION_CODE_CHECK_FAILED', organizationCode: string, expectedCheck: string, actualCheck: string }
 *   | { reason: 'CHECK_CHARACTER_FAILED', expectedCheck: string, actualCheck: string }} UsccInvalidReason
 */

/**
 * @typedef {object} UsccInfo
 * @property {string} uscc
 * @property {{ code: string, name: string | null }} registeringAuthority
 * @property {{ code: string, name: string | null }} entityType
 * @property {string} division
 * @property {string} organizationCode
 * @property {string} organizationCodeCompact
 */

/**
 * @typedef {{ valid: true, info: UsccInfo } | ({ valid: false, input: string, normalized: string } & UsccInvalidReason)} UsccResult
 */

/**
 * Validate a code (normalising it first) and derive what it encodes.
 * @param {string} input
 * @returns {UsccResult}
 */
export function parseUscc(input) {
  const normalized = normalizeUscc(input);
  /** @param {UsccInvalidReason} r @returns {UsccResult} */
  const fail = (r) => ({ valid: false, input, normalized, ...r });
  if (normalized.length === 0) return fail({ reason: 'EMPTY' });
  const chars = [...normalized];
  // An illegal character is the more useful reason, so it is named before a wrong length.
  const illegal = firstIllegalCharacter(normalized);
  if (illegal) return fail({ reason: 'ILLEGAL_CHARACTER', ...illegal });
  if (chars.length !== 18) return fail({ reason: 'WRONG_LENGTH', length: chars.length });
  const orgBody = normalized.slice(8, 16);
  const orgCheck = normalized.charAt(16);
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
  if (expected !== normalized.charAt(17)) {
    return fail({ reason: 'CHECK_CHARACTER_FAILED', expectedCheck: expected, actualCheck: normalized.charAt(17) });
  }
  const authority = normalized.charAt(0);
  const type = normalized.charAt(1);
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

/**
 * The state of a code while it is being typed: `empty`, `typing` (fewer than 18 characters and
 * none illegal so far), `valid`, or `invalid` with the reason. Unlike `parseUscc`, a short code
 * is not an error yet — but an illegal character is reported at once.
 * @param {string} input
 * @returns {{ state: 'empty', normalized: string }
 *   | { state: 'typing', normalized: string, length: number }
 *   | { state: 'valid', normalized: string, info: UsccInfo }
 *   | { state: 'invalid', normalized: string, result: Extract<UsccResult, { valid: false }> }}
 */
export function checkWhileTyping(input) {
  const normalized = normalizeUscc(input);
  const length = [...normalized].length;
  if (length === 0) return { state: 'empty', normalized };
  const illegal = firstIllegalCharacter(normalized);
  if (illegal) {
    return { state: 'invalid', normalized, result: { valid: false, input, normalized, reason: 'ILLEGAL_CHARACTER', ...illegal } };
  }
  if (length < 18) return { state: 'typing', normalized, length };
  const r = parseUscc(input);
  if (r.valid) return { state: 'valid', normalized, info: r.info };
  return { state: 'invalid', normalized, result: r };
}

/**
 * Why a code is invalid, in Chinese (`zh`) or English (`en`).
 * @param {UsccInvalidReason} r
 * @param {'zh' | 'en'} [lang]
 * @returns {string}
 */
export function explainInvalid(r, lang = 'zh') {
  const zh = lang === 'zh';
  switch (r.reason) {
    case 'EMPTY':
      return zh ? '请输入统一社会信用代码。' : 'Enter a unified social credit code.';
    case 'WRONG_LENGTH':
      return zh ? `统一社会信用代码应为18位，当前为${r.length}位。` : `A unified social credit code has 18 characters; this one has ${r.length}.`;
    case 'ILLEGAL_CHARACTER': {
      const cls = positionClass(r.position);
      const shown = r.character === ' ' ? '␠' : r.character;
      if (zh) {
        const expect =
          cls === 'DIGIT'
            ? '第3–8位为行政区划码，只能是数字0–9'
            : cls === 'ORG_CHECK'
              ? '第17位为组织机构代码校验位，只能是0–9或X'
              : '只能是数字或大写字母（不含I、O、S、V、Z）';
        return `第${r.position}位字符“${shown}”不合法：${expect}。`;
      }
      const expect =
        cls === 'DIGIT'
          ? 'positions 3–8 are the administrative division and take digits 0–9 only'
          : cls === 'ORG_CHECK'
            ? 'position 17 is the organisation-code check and takes 0–9 or X'
            : 'only digits and capital letters except I, O, S, V and Z are used';
      return `Character “${shown}” at position ${r.position} is not allowed: ${expect}.`;
    }
    case 'ORGANIZATION_CODE_CHECK_FAILED':
      return zh
        ? `内嵌的组织机构代码 ${r.organizationCode} 校验失败：第9–17位有输错，请对照营业执照核对。`
        : `The embedded organisation code ${r.organizationCode} fails its GB 11714 check: positions 9–17 are mistyped. Check them against the licence.`;
    case 'CHECK_CHARACTER_FAILED':
      return zh
        ? `校验码错误：代码中有字符输错，请对照营业执照逐位核对（不要只改第18位，否则可能变成另一家企业的代码）；个别2015年试点期间赋予的代码无法通过校验，可向登记机关核实。`
        : `The code fails its check: a character is mistyped somewhere. Check the whole code against the licence (changing only the last character could turn it into another enterprise's code); a few codes issued in the 2015 pilot fail this check and can be confirmed with the registering authority.`;
    default:
      return zh ? '代码无效。' : 'Invalid code.';
  }
}
