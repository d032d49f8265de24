import { describe, expect, it } from 'vitest';
import { authenticate, checkPurpose, loadCallersConfig, type AuthenticatedCaller, type CallersConfig } from './index.js';

const config = loadCallersConfig({});
function callerOf(key: string): AuthenticatedCaller {
  const r = authenticate({ authorization: `Bearer ${key}` }, config);
  if (!r.ok) throw new Error(r.message);
  return r.caller;
}
const hall = callerOf('dev-service-hall');
const platform = callerOf('dev-trading-platform');
const reporter = callerOf('dev-report-developer');
const auditor = callerOf('dev-auditor');

describe('checkPurpose', () => {
  const cases: Array<[string, AuthenticatedCaller, Record<string, string | string[] | undefined>, object]> = [
    ['missing', hall, {}, { ok: false, code: 'PURPOSE_REQUIRED' }],
    ['blank', hall, { 'x-query-purpose': ' ' }, { ok: false, code: 'PURPOSE_REQUIRED' }],
    ['unknown', hall, { 'x-query-purpose': 'CURIOSITY' }, { ok: false, code: 'PURPOSE_UNKNOWN' }],
    ['two purposes', hall, { 'x-query-purpose': ['ADMINISTRATIVE_LICENSING', 'HONORS'] }, { ok: false, code: 'PURPOSE_UNKNOWN' }],
    ['comma list', hall, { 'x-query-purpose': 'ADMINISTRATIVE_LICENSING,HONORS' }, { ok: false, code: 'PURPOSE_UNKNOWN' }],
    ['not allowed: hall asks BIDDER_CHECK', hall, { 'x-query-purpose': 'BIDDER_CHECK' }, { ok: false, code: 'PURPOSE_NOT_ALLOWED' }],
    ['not allowed: platform asks CREDIT_REPORT', platform, { 'x-query-purpose': 'CREDIT_REPORT' }, { ok: false, code: 'PURPOSE_NOT_ALLOWED' }],
    ['not allowed: reporter asks AUDIT', reporter, { 'x-query-purpose': 'AUDIT' }, { ok: false, code: 'PURPOSE_NOT_ALLOWED' }],
    ['not allowed: auditor asks BIDDER_CHECK', auditor, { 'x-query-purpose': 'BIDDER_CHECK' }, { ok: false, code: 'PURPOSE_NOT_ALLOWED' }],
    [
      'allowed, no reference',
      hall,
      { 'x-query-purpose': 'ADMINISTRATIVE_LICENSING' },
      { ok: true, purpose: { code: 'ADMINISTRATIVE_LICENSING', nameZh: '行政许可审批' }, reference: null },
    ],
    ['allowed, trimmed and upper-cased', platform, { 'X-Query-Purpose': ' bidder_check ' }, { ok: true, purpose: { code: 'BIDDER_CHECK' } }],
    ['allowed: platform GOVERNMENT_PROCUREMENT', platform, { 'x-query-purpose': 'GOVERNMENT_PROCUREMENT' }, { ok: true }],
    ['allowed: reporter CREDIT_REPORT', reporter, { 'x-query-purpose': 'CREDIT_REPORT' }, { ok: true }],
    ['allowed: auditor AUDIT', auditor, { 'x-query-purpose': 'AUDIT' }, { ok: true }],
  ];
  it.each(cases)('%s', (_name, caller, headers, expected) => {
    const r = checkPurpose(caller, headers, config);
    expect(r).toMatchObject(expected);
    if (!r.ok) {
      expect(r.message).toMatch(/[A-Za-z].* \/ .*[\u4e00-\u9fff]/);
      expect(r.message).not.toMatch(/CURIOSITY|,HONORS/); // unknown input is not echoed
    }
  });

  const purpose = { 'x-query-purpose': 'BIDDER_CHECK' };
  const references: Array<[string, string | string[] | undefined, string | null | 'BAD_REFERENCE']> = [
    ['absent', undefined, null],
    ['blank', '   ', null],
    ['tender number', 'ZB-2024-0031', 'ZB-2024-0031'],
    ['trimmed', '  ZB-2024-0031 ', 'ZB-2024-0031'],
    ['percent-encoded Chinese', encodeURIComponent('鄂财采〔2024〕12号'), '鄂财采〔2024〕12号'],
    ['64 characters', 'A'.repeat(64), 'A'.repeat(64)],
    ['65 characters', 'A'.repeat(65), 'BAD_REFERENCE'],
    ['64 Chinese characters, encoded', encodeURIComponent('标'.repeat(64)), '标'.repeat(64)],
    ['65 Chinese characters, encoded', encodeURIComponent('标'.repeat(65)), 'BAD_REFERENCE'],
    ['raw UTF-8 read as Latin-1', Buffer.from('鄂财采', 'utf8').toString('latin1'), 'BAD_REFERENCE'],
    ['control character', 'ZB\x07-1', 'BAD_REFERENCE'],
    ['encoded newline', 'ZB%0A1', 'BAD_REFERENCE'],
    ['broken percent-encoding', 'ZB%E4%B8', 'BAD_REFERENCE'],
    ['sent twice', ['ZB-1', 'ZB-2'], 'BAD_REFERENCE'],
  ];
  it.each(references)('reference: %s', (_name, reference, expected) => {
    const r = checkPurpose(platform, { ...purpose, 'x-query-reference': reference }, config);
    if (expected === 'BAD_REFERENCE') expect(r).toMatchObject({ ok: false, code: 'BAD_REFERENCE' });
    else expect(r).toMatchObject({ ok: true, reference: expected });
  });

  it('requires a reference where the purpose is configured to', () => {
    const strict: Pick<CallersConfig, 'purposes'> = {
      purposes: config.purposes.map((p) => (p.code === 'BIDDER_CHECK' ? { ...p, referenceRequired: true } : p)),
    };
    expect(checkPurpose(platform, purpose, strict)).toMatchObject({ ok: false, code: 'BAD_REFERENCE' });
    expect(checkPurpose(platform, { ...purpose, 'x-query-reference': 'ZB-1' }, strict)).toMatchObject({ ok: true, reference: 'ZB-1' });
    expect(checkPurpose(platform, { 'x-query-purpose': 'GOVERNMENT_PROCUREMENT' }, strict)).toMatchObject({ ok: true, reference: null });
  });
});
