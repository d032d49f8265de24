import { createHash } from 'node:crypto';
import { chinaDate } from '../../../common/china-date.js';
import type { Scenario } from '../catalogue/catalogue.js';
import { VERDICT_ORDER, type CreditCheckResult, type Verdict } from './evaluate.js';

/** One member's check; null when the member's entity could not be read at all. */
export interface MemberCheck {
  uscc: string;
  position: number;
  check: CreditCheckResult;
}

export interface ConsortiumCheckResult {
  checkId: string;
  scenario: Scenario;
  verdict: Verdict;
  checkedAt: string;
  asOf: string;
  catalogueVersion: string;
  decidingMembers: string[];
  members: MemberCheck[];
  summary: string;
  summaryZh: string;
}

/**
 * The order in which a member's verdict decides the whole — the same order `evaluate` decides a
 * single enterprise in (`VERDICT_ORDER`): a member that cannot be a party (deregistered or revoked)
 * bars the whole; a prohibition stands whatever else is missing (法〔2016〕285号: 对联合体进行整体限制);
 * an unknown member, then an unread one, keep the whole from passing; then the strongest measure.
 */
const PRECEDENCE: readonly Verdict[] = VERDICT_ORDER;

const ZH: Record<Verdict, string> = {
  INACTIVE: '不能作为当事人（有成员已注销或吊销）',
  PROHIBITED: '禁止',
  NOT_FOUND: '查无此主体',
  INCOMPLETE: '信息不完整',
  RESTRICTED: '限制',
  CAUTION: '审慎',
  CLEAR: '未见限制',
};

/** The consortium as a whole: as strict as its strictest member. */
export function combineConsortium(
  members: MemberCheck[],
  scenario: Scenario,
  asOf: string,
  checkedAt: Date,
  catalogueVersion: string,
): ConsortiumCheckResult {
  const verdict = PRECEDENCE.find((v) => members.some((m) => m.check.verdict === v)) ?? 'INCOMPLETE';
  const deciding = members.filter((m) => m.check.verdict === verdict).map((m) => m.uscc);
  const at = checkedAt.toISOString();
  const h = createHash('sha256').update([scenario, asOf, at, catalogueVersion].join('|'));
  for (const m of members) h.update(`|${m.position}:${m.uscc}:${m.check.checkId}`);
  const positions = (codes: string[]) => codes.map((c) => members.find((m) => m.uscc === c)!.position);
  const who = positions(deciding)
    .map((p) => `${p === 1 ? '牵头人' : `成员${p}`}`)
    .join('、');
  const whoEn = positions(deciding)
    .map((p) => (p === 1 ? 'the lead member' : `member ${p}`))
    .join(', ');
  const summaryZh =
    verdict === 'CLEAR'
      ? `联合体${members.length}家成员均未发现本场景适用的失信惩戒措施。`
      : `联合体整体${ZH[verdict]}：由${who}的核查结论决定（共${members.length}家成员，逐一核查）。`;
  const summary =
    verdict === 'CLEAR'
      ? `All ${members.length} members are clear in this scenario.`
      : `The consortium as a whole is ${verdict}: decided by ${whoEn} (${members.length} members, each checked).`;
  return {
    checkId: `CNS-${chinaDate(checkedAt).replace(/-/g, '')}-${h.digest('hex').slice(0, 16).toUpperCase()}`,
    scenario,
    verdict,
    checkedAt: at,
    asOf,
    catalogueVersion,
    decidingMembers: deciding,
    members,
    summary,
    summaryZh,
  };
}
