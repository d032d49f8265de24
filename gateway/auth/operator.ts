import { assertNever } from '../../common/assert-never.js';
import type { ErrorCodeSubset } from '../../common/error-codes.js';
import { singleHeader, type RequestHeaders } from './headers.js';
import type { OperatorTokenVerifier } from './operator-token.js';

/**
 * 经办人 — the person who runs a check, as opposed to the system (caller) that sends it.
 *
 * - `asserted`: the caller says who it is — typed into the console once per browser session, or
 *   sent by a caller system as `X-Operator`. The gateway checks its form, not its truth.
 * - `verified`: taken from a token signed by the province's identity provider (统一身份认证平台),
 *   sent as `X-Operator-Token` beside the caller's own key and checked against the provider's keys.
 */
export interface Operator {
  /** 工号 — the operator's id (the identity provider's subject when verified). */
  id: string;
  /** 姓名, when given. */
  name: string | null;
  how: 'asserted' | 'verified';
}

/**
 * What a caller must send about its operator (`operator` in `CALLERS_FILE`, default `optional`):
 * `optional` — nothing required; `required` — an operator, asserted or verified; `verified` — a
 * valid `X-Operator-Token`. Enforced where a purpose is: enterprise data and `/audit`.
 */
export const OPERATOR_POLICIES = ['optional', 'required', 'verified'] as const;
export type OperatorPolicy = (typeof OPERATOR_POLICIES)[number];

/** Longest `X-Operator` value on the wire, in bytes: room for the longest id and name, every character percent-encoded (9 bytes a Chinese character). */
export const MAX_OPERATOR_HEADER_LENGTH = 2048;
/** Longest operator id, in characters (UTF-16 code units, as the audit record counts them). */
export const MAX_OPERATOR_ID_LENGTH = 128;
/** Longest operator name, in characters (UTF-16 code units; a Chinese character is one). */
export const MAX_OPERATOR_NAME_LENGTH = 64;

/**
 * 工号: starts with a letter or digit; then letters, digits and `. _ - @ : + /` (an employee
 * number, an account name, an e-mail address or an identity provider's subject such as a UUID).
 */
const OPERATOR_ID = /^[\p{L}\p{N}][\p{L}\p{N}._@:+/-]*$/u;
/** 姓名: letters and marks (any script), spaces, the middle dot of transliterated names (·), . ' - and brackets. */
const OPERATOR_NAME = /^[\p{L}\p{M}][\p{L}\p{M}\p{N} ·.'’()（）-]*$/u;

/** Why an `X-Operator` was refused (`extensions.reason`). */
export type BadOperatorReason = 'SENT_TWICE' | 'TOO_LONG' | 'NOT_ENCODED' | 'BAD_ENCODING' | 'BAD_ID' | 'BAD_NAME' | 'MISMATCH';

/** Why an `X-Operator-Token` was refused (`extensions.reason`). */
export type OperatorTokenReason =
  | 'SENT_TWICE'
  | 'NOT_CONFIGURED'
  | 'MALFORMED'
  | 'EXPIRED'
  | 'NOT_YET_VALID'
  | 'WRONG_ISSUER'
  | 'WRONG_AUDIENCE'
  | 'UNKNOWN_KEY'
  | 'BAD_SIGNATURE'
  | 'ALGORITHM_NOT_ALLOWED'
  | 'INVALID_CLAIMS'
  | 'MISSING_CLAIM';

export type OperatorRefusal =
  | { ok: false; code: ErrorCodeSubset<'BAD_OPERATOR'>; reason: BadOperatorReason; message: string }
  | { ok: false; code: ErrorCodeSubset<'OPERATOR_TOKEN_INVALID'>; reason: OperatorTokenReason; message: string }
  | { ok: false; code: ErrorCodeSubset<'IDENTITY_PROVIDER_UNAVAILABLE'>; reason: 'KEYS_UNAVAILABLE'; message: string }
  | { ok: false; code: ErrorCodeSubset<'OPERATOR_REQUIRED'>; reason: 'MISSING' | 'NOT_VERIFIED'; message: string };

export type OperatorResult = { ok: true; operator: Operator | null } | OperatorRefusal;

const FORM =
  'send X-Operator: <id> or <id>;<name> (id: letters, digits and . _ - @ : + /, at most 128; name at most 64 characters; non-ASCII percent-encoded as UTF-8, e.g. encodeURIComponent) / ' +
  '请按“工号”或“工号;姓名”发送 X-Operator（工号最多 128 个字母、数字及 . _ - @ : + /，姓名最多 64 个字符，非 ASCII 字符按 UTF-8 百分号编码，如 encodeURIComponent）';

const BAD_OPERATOR_MESSAGES: Record<BadOperatorReason, string> = {
  SENT_TWICE: `X-Operator was sent more than once: send it once. / X-Operator 只能发送一次。 (${FORM})`,
  TOO_LONG: `X-Operator is longer than ${MAX_OPERATOR_HEADER_LENGTH} bytes. / X-Operator 超过 ${MAX_OPERATOR_HEADER_LENGTH} 字节。 (${FORM})`,
  NOT_ENCODED: `X-Operator holds raw non-ASCII bytes or control characters: percent-encode the name as UTF-8. / X-Operator 含未编码的非 ASCII 字节或控制字符：姓名须按 UTF-8 百分号编码。 (${FORM})`,
  BAD_ENCODING: `X-Operator's percent-encoding is not valid UTF-8. / X-Operator 的百分号编码不是有效的 UTF-8。 (${FORM})`,
  BAD_ID: `The operator id in X-Operator is empty or has characters an id may not have. / X-Operator 中的工号为空或含不允许的字符。 (${FORM})`,
  BAD_NAME: `The operator name in X-Operator is empty, too long or has characters a name may not have. / X-Operator 中的姓名为空、过长或含不允许的字符。 (${FORM})`,
  MISMATCH:
    'X-Operator names another operator than X-Operator-Token: send only the token, or the same id in both. / X-Operator 与经办人令牌中的经办人不一致：只发送令牌，或两者填写同一工号。',
};

const badOperator = (reason: BadOperatorReason): OperatorRefusal => ({
  ok: false,
  code: 'BAD_OPERATOR',
  reason,
  message: BAD_OPERATOR_MESSAGES[reason],
});

/**
 * A value of `X-Operator` decoded: `%XX` sequences as UTF-8. `null` when the encoding is broken.
 */
function decode(part: string): string | null {
  if (!part.includes('%')) return part;
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

/** An operator id as given (by a header or a token claim), or `null` when it is not an acceptable id. */
export function acceptableOperatorId(value: string): string | null {
  const v = value.normalize('NFC').trim();
  if (v === '' || v.length > MAX_OPERATOR_ID_LENGTH || !OPERATOR_ID.test(v)) return null;
  return v;
}

/** An operator name as given, with inner runs of spaces made one, or `null` when it is not an acceptable name. */
export function acceptableOperatorName(value: string): string | null {
  const v = value.normalize('NFC').trim().replace(/ {2,}/g, ' ');
  if (v === '' || v.length > MAX_OPERATOR_NAME_LENGTH || !OPERATOR_NAME.test(v)) return null;
  return v;
}

/**
 * `X-Operator: <id>[;<name>]`, the asserted operator. HTTP header values are bytes (Node reads
 * them as Latin-1), so a Chinese name must be percent-encoded as UTF-8 (`HB0451;%E5%BC%A0%E4%B8%89`
 * for 张三); raw non-ASCII is refused rather than recorded as mojibake. Absent or blank → `null`.
 */
export function readOperatorHeader(headers: RequestHeaders): { ok: true; operator: Operator | null } | OperatorRefusal {
  const raw = singleHeader(headers, 'x-operator');
  if (raw === undefined) return { ok: true, operator: null };
  if (typeof raw !== 'string') return badOperator('SENT_TWICE');
  if (raw.length > MAX_OPERATOR_HEADER_LENGTH) return badOperator('TOO_LONG');
  const value = raw.trim();
  if (value === '') return { ok: true, operator: null };
  // On the wire: visible ASCII and spaces only (a tab or a Latin-1 byte is refused, not guessed at).
  if (!/^[\x20-\x7e]+$/.test(value)) return badOperator('NOT_ENCODED');
  const cut = value.indexOf(';');
  const idPart = decode((cut < 0 ? value : value.slice(0, cut)).trim());
  const namePart = cut < 0 ? null : decode(value.slice(cut + 1).trim());
  if (idPart === null || (namePart === null && cut >= 0)) return badOperator('BAD_ENCODING');
  // Decoded: no control or format characters may come in through %XX either.
  if (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(idPart + (namePart ?? ''))) return badOperator('NOT_ENCODED');
  const id = acceptableOperatorId(idPart);
  if (id === null) return badOperator('BAD_ID');
  let name: string | null = null;
  if (namePart !== null) {
    name = acceptableOperatorName(namePart);
    if (name === null) return badOperator('BAD_NAME');
  }
  return { ok: true, operator: { id, name, how: 'asserted' } };
}

/**
 * Who operates this request: a valid `X-Operator-Token` (verified), else `X-Operator` (asserted),
 * else nobody. A token that is sent is never ignored: if it cannot be verified the request is
 * refused (never taken as asserted), and if `X-Operator` is sent too it must name the same id.
 */
export async function identifyOperator(headers: RequestHeaders, tokens: OperatorTokenVerifier | null): Promise<OperatorResult> {
  const asserted = readOperatorHeader(headers);
  const rawToken = singleHeader(headers, 'x-operator-token');
  if (rawToken === undefined || (typeof rawToken === 'string' && rawToken.trim() === '')) return asserted;
  if (typeof rawToken !== 'string') return tokenRefusal('SENT_TWICE');
  if (!tokens) return tokenRefusal('NOT_CONFIGURED');
  const checked = await tokens.verify(rawToken.trim());
  if (!checked.ok) {
    if (checked.reason === 'KEYS_UNAVAILABLE') {
      return {
        ok: false,
        code: 'IDENTITY_PROVIDER_UNAVAILABLE',
        reason: 'KEYS_UNAVAILABLE',
        message:
          'The identity provider’s keys could not be read, so the operator token cannot be checked; nothing was run. Retry later. / 无法读取统一身份认证平台的公钥，经办人令牌无法核验，请求未执行，请稍后重试。',
      };
    }
    return tokenRefusal(checked.reason);
  }
  if (!asserted.ok) return asserted;
  if (asserted.operator && asserted.operator.id !== checked.operator.id) return badOperator('MISMATCH');
  return { ok: true, operator: checked.operator };
}

const TOKEN_MESSAGES: Record<OperatorTokenReason, [en: string, zh: string]> = {
  SENT_TWICE: ['X-Operator-Token was sent more than once', 'X-Operator-Token 只能发送一次'],
  NOT_CONFIGURED: [
    'this gateway has no identity provider configured, so it cannot verify X-Operator-Token (send X-Operator instead, or ask the operators to configure OPERATOR_JWKS_*)',
    '本网关未配置统一身份认证平台，无法核验 X-Operator-Token（可改发 X-Operator，或请运维配置 OPERATOR_JWKS_*）',
  ],
  MALFORMED: ['it is not a signed JWT (header.payload.signature)', '不是有效的签名 JWT（header.payload.signature）'],
  EXPIRED: ['it has expired', '令牌已过期'],
  NOT_YET_VALID: ['it is not valid yet (nbf)', '令牌尚未生效（nbf）'],
  WRONG_ISSUER: ['it was not issued by the configured identity provider (iss)', '签发方（iss）不是所配置的统一身份认证平台'],
  WRONG_AUDIENCE: ['it was not issued for this platform (aud)', '受众（aud）不是本平台'],
  UNKNOWN_KEY: ['no key of the identity provider matches its key id (kid)', '统一身份认证平台没有与其密钥编号（kid）对应的公钥'],
  BAD_SIGNATURE: ['its signature does not verify', '签名核验未通过'],
  ALGORITHM_NOT_ALLOWED: ['it is signed with an algorithm other than RS256 or ES256', '签名算法不是 RS256 或 ES256'],
  INVALID_CLAIMS: [
    'its claims are not valid (exp is required; exp, iat and nbf must be NumericDates)',
    '令牌声明无效（必须有 exp；exp、iat、nbf 须为时间戳）',
  ],
  MISSING_CLAIM: [
    'it does not name the operator in the configured claim, or the id there is not acceptable',
    '令牌未在所配置的声明中给出经办人，或其中的工号不合要求',
  ],
};

function tokenRefusal(reason: OperatorTokenReason): OperatorRefusal {
  const [en, zh] = TOKEN_MESSAGES[reason];
  // What to do next: for a token that is wrong, get another; otherwise the message above says it.
  const fresh =
    reason === 'NOT_CONFIGURED' || reason === 'SENT_TWICE'
      ? ['', '']
      : [' Get a fresh token from the identity provider.', '请重新登录统一身份认证平台获取令牌。'];
  return {
    ok: false,
    code: 'OPERATOR_TOKEN_INVALID',
    reason,
    message: `The operator token (X-Operator-Token) is refused: ${en}. Nothing was run.${fresh[0]} / 经办人令牌（X-Operator-Token）被拒绝：${zh}。请求未执行。${fresh[1]}`,
  };
}

/** Whether `operator` meets the caller's policy; the refusal when it does not. */
export function checkOperatorPolicy(policy: OperatorPolicy, operator: Operator | null): OperatorRefusal | null {
  switch (policy) {
    case 'optional':
      return null;
    case 'required':
      return operator
        ? null
        : {
            ok: false,
            code: 'OPERATOR_REQUIRED',
            reason: 'MISSING',
            message:
              'This caller must name the operator of each check: send X-Operator (<id>;<name>) or X-Operator-Token. / 该调用方须注明每次查询的经办人：请发送 X-Operator（工号;姓名）或 X-Operator-Token。',
          };
    case 'verified':
      return operator?.how === 'verified'
        ? null
        : {
            ok: false,
            code: 'OPERATOR_REQUIRED',
            reason: 'NOT_VERIFIED',
            message:
              'This caller must name the operator with a token of the identity provider: send X-Operator-Token (X-Operator alone is not enough). / 该调用方须以统一身份认证平台签发的令牌注明经办人：请发送 X-Operator-Token（仅发送 X-Operator 不够）。',
          };
    default:
      return assertNever(policy);
  }
}
