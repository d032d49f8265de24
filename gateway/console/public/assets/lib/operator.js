// @ts-check
/**
 * 经办人 — the person at the console. Typed once per browser session in the settings (工号 and
 * 姓名), kept in sessionStorage with the other settings, and sent with every query as
 * `X-Operator: <工号>;<姓名>`, which the gateway records in the audit log as an asserted operator.
 * The rules are the gateway's (`gateway/auth/operator.ts`); `operator.test.ts` holds them together.
 */

/** Longest 工号, in characters (UTF-16 code units, as the gateway counts). */
export const OPERATOR_ID_MAX = 128;
/** Longest 姓名, in characters. */
export const OPERATOR_NAME_MAX = 64;

/** 工号: a letter or digit, then letters, digits and `. _ - @ : + /`. */
const ID = /^[\p{L}\p{N}][\p{L}\p{N}._@:+/-]*$/u;
/** 姓名: letters (any script) and marks, spaces, the middle dot (·), . ' - and brackets. */
const NAME = /^[\p{L}\p{M}][\p{L}\p{M}\p{N} ·.'’()（）-]*$/u;

/**
 * @typedef {object} OperatorInput
 * @property {string} id 工号
 * @property {string} name 姓名
 */

/**
 * The operator as it will be stored and sent: trimmed, NFC, runs of spaces in the name made one.
 * @param {OperatorInput} o
 * @returns {OperatorInput}
 */
export function normalizeOperator(o) {
  return {
    id: String(o.id ?? '')
      .normalize('NFC')
      .trim(),
    name: String(o.name ?? '')
      .normalize('NFC')
      .trim()
      .replace(/ {2,}/g, ' '),
  };
}

/**
 * What is wrong with a 工号, or null.
 * @param {string} id
 * @returns {'EMPTY' | 'TOO_LONG' | 'INVALID' | null}
 */
export function operatorIdProblem(id) {
  const v = normalizeOperator({ id, name: '' }).id;
  if (v === '') return 'EMPTY';
  if (v.length > OPERATOR_ID_MAX) return 'TOO_LONG';
  return ID.test(v) ? null : 'INVALID';
}

/**
 * What is wrong with a 姓名, or null.
 * @param {string} name
 * @returns {'EMPTY' | 'TOO_LONG' | 'INVALID' | null}
 */
export function operatorNameProblem(name) {
  const v = normalizeOperator({ id: '', name }).name;
  if (v === '') return 'EMPTY';
  if (v.length > OPERATOR_NAME_MAX) return 'TOO_LONG';
  return NAME.test(v) ? null : 'INVALID';
}

/** @param {string} part */
function encodePart(part) {
  // Visible ASCII other than ; and % goes as it is; anything else percent-encoded as UTF-8.
  return /^[\x21-\x7e]*$/.test(part) && !/[;%]/.test(part) ? part : encodeURIComponent(part);
}

/**
 * The `X-Operator` value for an operator (`HB0451;%E5%BC%A0%E4%B8%89` for 张三), or null when no
 * 工号 is set.
 * @param {Partial<OperatorInput> | null | undefined} o
 * @returns {string | null}
 */
export function operatorHeader(o) {
  if (!o) return null;
  const { id, name } = normalizeOperator({ id: o.id ?? '', name: o.name ?? '' });
  if (id === '') return null;
  return name === '' ? encodePart(id) : `${encodePart(id)};${encodePart(name)}`;
}
