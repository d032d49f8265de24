/**
 * GraphQL `PenaltyCategory`: the kinds of administrative penalty of 行政处罚法（2021）第九条, plus
 * the orders that accompany a penalty without being one (CORRECTIVE_ORDER) and OTHER.
 */
export const PENALTY_CATEGORIES = [
  'WARNING',
  'CRITICISM',
  'FINE',
  'CONFISCATION',
  'PERMIT_SUSPENDED',
  'QUALIFICATION_DOWNGRADED',
  'LICENCE_REVOKED',
  'OPERATIONS_LIMITED',
  'PRODUCTION_SUSPENDED',
  'CLOSURE_ORDERED',
  'EMPLOYMENT_BANNED',
  'DETENTION',
  'CORRECTIVE_ORDER',
  'OTHER',
] as const;

export type PenaltyCategory = (typeof PENALTY_CATEGORIES)[number];

/**
 * The words that name each category, exactly (after parentheses are made full-width and spaces
 * inside them dropped). Deliberately strict: a word not listed is OTHER, never a guess. In
 * particular 责令停产整治 (环境保护法 第六十条, an order to fix the pollution) is a corrective
 * order, not 责令停产停业 (a penalty under 第九条): the rules of 政府采购法实施条例 第十九条 turn on
 * the difference.
 */
const WORDS: ReadonlyMap<string, PenaltyCategory> = new Map<string, PenaltyCategory>([
  ['警告', 'WARNING'],
  ['通报批评', 'CRITICISM'],
  ['罚款', 'FINE'],
  // Ways of setting the fine, not further penalties: 从重处罚 (the heavier end of the range) and
  // 按日连续处罚 (环境保护法 第五十九条, the original fine again for each day the violation goes on).
  ['罚款（从重处罚）', 'FINE'],
  ['罚款（按日连续处罚）', 'FINE'],
  ['按日连续处罚', 'FINE'],
  ['没收违法所得', 'CONFISCATION'],
  ['没收非法财物', 'CONFISCATION'],
  ['暂扣许可证件', 'PERMIT_SUSPENDED'],
  // The wording before the 2021 revision of 行政处罚法, still used by 政府采购法实施条例 第十九条.
  ['暂扣许可证', 'PERMIT_SUSPENDED'],
  ['暂扣执照', 'PERMIT_SUSPENDED'],
  ['降低资质等级', 'QUALIFICATION_DOWNGRADED'],
  ['吊销许可证件', 'LICENCE_REVOKED'],
  ['吊销营业执照', 'LICENCE_REVOKED'],
  ['吊销执照', 'LICENCE_REVOKED'],
  ['吊销许可证', 'LICENCE_REVOKED'],
  ['限制开展生产经营活动', 'OPERATIONS_LIMITED'],
  ['责令停产停业', 'PRODUCTION_SUSPENDED'],
  ['责令关闭', 'CLOSURE_ORDERED'],
  ['限制从业', 'EMPLOYMENT_BANNED'],
  ['行政拘留', 'DETENTION'],
  ['责令改正', 'CORRECTIVE_ORDER'],
  ['责令限期改正', 'CORRECTIVE_ORDER'],
  ['责令停产整治', 'CORRECTIVE_ORDER'],
  ['责令停止建设', 'CORRECTIVE_ORDER'],
]);

/** Separators between the kinds in a 处罚类别 (full- and half-width), and whitespace of any width. */
const SEPARATOR = /[；;、，,\s]/u;

/** Split at separators outside parentheses, so a qualifier such as （从重处罚） stays with its word. */
function items(penaltyType: string): string[] {
  const out: string[] = [];
  let current = '';
  let depth = 0;
  for (const ch of penaltyType) {
    if (ch === '（' || ch === '(') depth++;
    else if ((ch === '）' || ch === ')') && depth > 0) depth--;
    if (depth === 0 && SEPARATOR.test(ch)) {
      out.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  out.push(current);
  return out.filter((s) => s !== '');
}

/** Full-width parentheses, no spaces inside: the form `WORDS` is keyed by. */
function canonical(item: string): string {
  return item.replace(/\(/gu, '（').replace(/\)/gu, '）').replace(/\s+/gu, '');
}

/**
 * 处罚种类（规范化）: the categories a 处罚类别 names, in the order found, each once. A word that is
 * not recognised gives OTHER (once, where the first such word stands); an empty text gives [OTHER].
 */
export function penaltyCategoriesOf(penaltyType: string): PenaltyCategory[] {
  const found: PenaltyCategory[] = [];
  for (const item of items(penaltyType)) {
    const category = WORDS.get(canonical(item)) ?? 'OTHER';
    if (!found.includes(category)) found.push(category);
  }
  return found.length > 0 ? found : ['OTHER'];
}
