import type { Caller, CallersConfig, Purpose } from './callers-config.js';
import { singleHeader, type RequestHeaders } from './headers.js';
import type { ErrorCodeSubset } from '../../common/error-codes.js';

export type PurposeFailureCode = ErrorCodeSubset<'PURPOSE_REQUIRED' | 'PURPOSE_NOT_ALLOWED' | 'PURPOSE_UNKNOWN' | 'BAD_REFERENCE'>;

export type PurposeResult =
  | {
      ok: true;
      /** The configured purpose (code, Chinese and English names). */
      purpose: Purpose;
      /** `X-Query-Reference`, decoded and trimmed, or `null` when not sent. */
      reference: string | null;
    }
  | { ok: false; code: PurposeFailureCode; message: string };

/** Longest reference, in characters (code points). */
export const MAX_REFERENCE_LENGTH = 64;

const list = (codes: readonly string[]) => (codes.length ? codes.join(', ') : '(none)');
const listZh = (codes: readonly string[]) => (codes.length ? codes.join('、') : '（无）');

/**
 * 查询事由: every query states why it is made (`X-Query-Purpose: <code>`), optionally with the
 * application or tender number it serves (`X-Query-Reference`).
 *
 * The purpose code is trimmed and upper-cased, then must be configured and allowed for the
 * caller. The reference must be at most 64 printable characters. HTTP header values are bytes
 * (Node reads them as Latin-1), so non-ASCII references such as `鄂财采〔2024〕12号` must be
 * percent-encoded as UTF-8 (`encodeURIComponent`); raw non-ASCII bytes are refused rather than
 * stored as mojibake. Messages never repeat what the client sent, except a configured code.
 */
export function checkPurpose(caller: Pick<Caller, 'purposes'>, headers: RequestHeaders, config: Pick<CallersConfig, 'purposes'>): PurposeResult {
  const allowed = caller.purposes;
  const raw = singleHeader(headers, 'x-query-purpose');
  if (raw === undefined || (typeof raw === 'string' && raw.trim() === '')) {
    return {
      ok: false,
      code: 'PURPOSE_REQUIRED',
      message: `A query purpose is required: send X-Query-Purpose with one of ${list(allowed)}. / 缺少查询事由：请在 X-Query-Purpose 请求头中填写查询事由代码（可用：${listZh(allowed)}）。`,
    };
  }
  const purpose = typeof raw === 'string' ? config.purposes.find((p) => p.code === raw.trim().toUpperCase()) : undefined;
  if (!purpose) {
    return {
      ok: false,
      code: 'PURPOSE_UNKNOWN',
      message: `Unknown query purpose: X-Query-Purpose must be exactly one configured code; yours are ${list(allowed)}. / 查询事由代码无效：X-Query-Purpose 只能填写一个已配置的代码（可用：${listZh(allowed)}）。`,
    };
  }
  if (!allowed.includes(purpose.code)) {
    return {
      ok: false,
      code: 'PURPOSE_NOT_ALLOWED',
      message: `This caller may not query for purpose ${purpose.code} (${purpose.nameEn}); allowed: ${list(allowed)}. / 该调用方无权以“${purpose.nameZh}”（${purpose.code}）为事由查询；可用：${listZh(allowed)}。`,
    };
  }

  const ref = readReference(singleHeader(headers, 'x-query-reference'));
  if (ref === 'BAD') {
    return {
      ok: false,
      code: 'BAD_REFERENCE',
      message: `X-Query-Reference must be one application or tender number of at most ${MAX_REFERENCE_LENGTH} printable characters (percent-encode non-ASCII as UTF-8). / X-Query-Reference 应为一个申请编号或招标项目编号，不超过 ${MAX_REFERENCE_LENGTH} 个可打印字符（非 ASCII 字符请按 UTF-8 进行百分号编码）。`,
    };
  }
  if (ref === null && purpose.referenceRequired) {
    return {
      ok: false,
      code: 'BAD_REFERENCE',
      message: `Purpose ${purpose.code} needs X-Query-Reference: the application or tender number. / 查询事由“${purpose.nameZh}”须在 X-Query-Reference 中填写申请编号或招标项目编号。`,
    };
  }
  return { ok: true, purpose, reference: ref };
}

function readReference(raw: string | undefined | { multiple: true }): string | null | 'BAD' {
  if (raw === undefined) return null;
  if (typeof raw !== 'string') return 'BAD';
  const trimmed = raw.trim();
  if (trimmed === '') return null;
  // On the wire: visible ASCII and spaces only.
  if (!/^[\x20-\x7e]+$/.test(trimmed)) return 'BAD';
  let decoded = trimmed;
  if (trimmed.includes('%')) {
    try {
      decoded = decodeURIComponent(trimmed).trim();
    } catch {
      return 'BAD';
    }
  }
  // Decoded: letters, digits, punctuation, symbols and plain spaces; no control or format characters.
  if (decoded === '' || !/^[\p{L}\p{M}\p{N}\p{P}\p{S} ]+$/u.test(decoded)) return 'BAD';
  if ([...decoded].length > MAX_REFERENCE_LENGTH) return 'BAD';
  return decoded;
}
