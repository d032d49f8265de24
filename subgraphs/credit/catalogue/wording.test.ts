import { describe, expect, it } from 'vitest';
import { loadCatalogue, parseCatalogue, type Catalogue } from './catalogue.js';
import { levelOfWording, lintCatalogue } from './wording.js';

const catalogue = loadCatalogue();

/**
 * The level of every measure, as shared/legal-review.md concluded and as corrected where the
 * documents' text was read (see the README's catalogue section). A change of level is a legal
 * decision: it changes here and in the catalogue together.
 */
const EXPECTED_LEVEL: Record<string, string> = {
  'RESTRICT-BID-DISHONEST-DEBTOR': 'RESTRICT', // 法〔2016〕285号: 依法予以限制 (was PROHIBIT)
  'RESTRICT-PROCUREMENT-DISHONEST-DEBTOR': 'RESTRICT', // 财库〔2016〕125号 says 拒绝, but its text was not read: capped at RESTRICT
  'BAN-PROCUREMENT-MAJOR-TAX': 'PROHIBIT', // 发改财金〔2014〕3062号 （九）: 禁止参加政府采购活动
  'BAN-PROCUREMENT-MAJOR-VIOLATION-3Y': 'PROHIBIT', // 政府采购法 第二十二条: 应当具备下列条件 (qualification)
  'QUALIFY-PROCUREMENT-TAX-ARREARS': 'STRICT_SUPERVISION', // 第二十二条（四）: a question for the qualification review
  'RESTRICT-TAX-D-2014': 'RESTRICT', // 2014年第40号公告 第三十二条（六）: 予以限制或禁止 (read as restrict), until 2025-06-30
  'RESTRICT-PUBLIC-RESOURCES-LISTED': 'RESTRICT', // 企业信息公示暂行条例: 予以限制或者禁入 (read as restrict)
  'RESTRICT-PUBLIC-RESOURCES-SERIOUS': 'RESTRICT', // 国发〔2016〕33号 （十）: 限制参与有关公共资源交易活动
  'RESTRICT-HONOURS': 'RESTRICT', // 取消资格 / 不得授予 not read in the texts: capped at RESTRICT (was NO-HONOURS, PROHIBIT)
  'RESTRICT-FISCAL-FUNDS': 'RESTRICT', // 国发〔2016〕33号 （十）: 严格限制 (was PROHIBIT)
  'NO-ENV-FUNDS-RED': 'STRICT_SUPERVISION', // environmental special funds only: caution in the general fiscal-funds scenario
  'RESTRICT-MARKET-ACCESS': 'RESTRICT',
  'NO-NOTIFICATION-COMMITMENT': 'RESTRICT',
  'RESTRICT-LAND-DISHONEST-DEBTOR': 'RESTRICT', // 发改财金〔2016〕141号: 限制 (was PROHIBIT)
  'NO-SAMR-HONOURS': 'STRICT_SUPERVISION', // 总局令第44号 第十五条（四）: 不予授予, but SAMR honours only: caution in the general honours scenario
  'KEY-SUPERVISION': 'STRICT_SUPERVISION',
  'RESTRICT-HIGH-CONSUMPTION': 'RESTRICT',
  'RESTRICT-LEGAL-REP-DISHONEST': 'RESTRICT', // consumption only; office-holding limits dropped
  'RESTRICT-WAGE-ARREARS-DISHONEST': 'RESTRICT', // 保障农民工工资支付条例 第四十八条: 依法依规予以限制
  'QUALIFY-PROCUREMENT-SOCIAL-INSURANCE-ARREARS': 'STRICT_SUPERVISION', // 第二十二条（四）: as the tax arrears, a question for the qualification review
  'INCENTIVE-A-TAXPAYER': 'INCENTIVE',
  'INCENTIVE-HONOUR-GREEN-CHANNEL': 'INCENTIVE',
  'INCENTIVE-ENV-GREEN': 'INCENTIVE',
  'BAN-PROCUREMENT-DISHONEST-LIST': 'PROHIBIT', // 政府采购法 第七十七条: 在一至三年内禁止参加政府采购活动 (read); 125号 拒绝 not read
};

describe('levels', () => {
  it('every measure has the level the review settled, and no other measure exists', () => {
    expect(Object.fromEntries(catalogue.measures.map((m) => [m.code, m.kind]))).toEqual(EXPECTED_LEVEL);
  });

  it('the wording linter passes over the whole catalogue', () => {
    expect(lintCatalogue(catalogue)).toEqual([]);
  });

  it('every PROHIBIT trigger rests on CONFIRMED prohibiting wording', () => {
    for (const m of catalogue.measures.filter((x) => x.kind === 'PROHIBIT')) {
      for (const t of m.triggers) {
        const confirmed = t.bases.filter((b) => b.verification.state === 'CONFIRMED' && levelOfWording(b.wording) === 'PROHIBIT');
        expect(confirmed.length, `${m.code} ${t.kind}`).toBeGreaterThan(0);
      }
    }
  });

  it('every basis names an existing document with effective dates and a verification state', () => {
    for (const m of catalogue.measures) {
      for (const t of m.triggers) {
        for (const b of t.bases) {
          const d = catalogue.documents[b.document];
          expect(d, `${m.code} ${b.document}`).toBeDefined();
          expect(d!.effectiveFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(['CONFIRMED', 'UNCONFIRMED']).toContain(b.verification.state);
          if (b.verification.state === 'CONFIRMED') expect(b.verification.source.length).toBeGreaterThan(4);
        }
      }
    }
  });

  it.each<[string, string | null]>([
    ['应当拒绝其参与政府采购活动', 'PROHIBIT'],
    ['禁止参加政府采购活动', 'PROHIBIT'],
    ['不得实施前款规定的行为', 'PROHIBIT'],
    ['取消资格', 'PROHIBIT'],
    ['取消参加评先评优资格', 'PROHIBIT'],
    ['暂停各类环保专项资金补助', 'PROHIBIT'],
    ['不予授予市场监督管理部门荣誉称号', 'PROHIBIT'],
    ['供应商参加政府采购活动应当具备下列条件', 'PROHIBIT'],
    ['对属于失信被执行人的投标活动依法予以限制', 'RESTRICT'],
    ['在工程招投标、政府采购、获得荣誉等方面予以限制或禁止', 'RESTRICT'],
    ['对被列入经营异常名录的企业依法予以限制或者禁入', 'RESTRICT'],
    ['从严审核行政许可审批项目', 'RESTRICT'],
    ['不适用告知承诺制', 'RESTRICT'],
    ['列为重点监管对象', 'STRICT_SUPERVISION'],
    ['列入重点监控对象，加强信用监管', 'STRICT_SUPERVISION'],
    ['在工程招投标时作为重要考量因素', 'STRICT_SUPERVISION'],
    ['作为参考', 'STRICT_SUPERVISION'],
    ['提高检查频次', 'STRICT_SUPERVISION'],
    ['依法依规将D级评价结果提供相关部门', null],
    ['对失信被执行人予以信用惩戒', null],
  ])('wording %s → %s', (wording, level) => {
    expect(levelOfWording(wording)).toBe(level);
  });
});

describe('the linter refuses', () => {
  const copy = (): Catalogue => JSON.parse(JSON.stringify(catalogue)) as Catalogue;

  it('a PROHIBIT on restricting wording, naming the measure and the trigger', () => {
    const c = copy();
    c.measures.find((m) => m.code === 'RESTRICT-BID-DISHONEST-DEBTOR')!.kind = 'PROHIBIT';
    expect(() => parseCatalogue(c)).toThrow(/RESTRICT-BID-DISHONEST-DEBTOR, field triggers\[0\] \(DISHONEST_DEBTOR\): level PROHIBIT is harsher/);
  });

  it('a PROHIBIT whose prohibiting wording is unconfirmed', () => {
    const c = copy();
    const m = c.measures.find((x) => x.code === 'BAN-PROCUREMENT-MAJOR-TAX')!;
    for (const t of m.triggers) for (const b of t.bases) b.verification = { state: 'UNCONFIRMED', source: null, readOn: null };
    expect(() => parseCatalogue(c)).toThrow(/BAN-PROCUREMENT-MAJOR-TAX, field triggers\[0\]/);
  });

  it('a caution on wording that supports no level at all', () => {
    const c = copy();
    const t = c.measures.find((x) => x.code === 'KEY-SUPERVISION')!.triggers[0]!;
    for (const b of t.bases) b.wording = '依法依规将评价结果提供相关部门';
    expect(() => parseCatalogue(c)).toThrow(/KEY-SUPERVISION, field triggers\[0\]/);
  });
});

describe('departments and measures go together', () => {
  it('a department removed from the registry while its measures remain is refused, naming the measure and the record type', async () => {
    const { DEPARTMENT_REGISTRY } = await import('../../../common/departments.js');
    const withoutCourts = DEPARTMENT_REGISTRY.filter((d) => d.name !== 'COURTS');
    expect(() => parseCatalogue(JSON.parse(JSON.stringify(catalogue)), 'catalogue', withoutCourts)).toThrow(
      /measure RESTRICT-BID-DISHONEST-DEBTOR, field triggers\[0\]\.kind: no registered department supplies DISHONEST_DEBTOR/,
    );
  });

  it('removed together with the triggers only it supplies, the catalogue loads', async () => {
    const { DEPARTMENT_REGISTRY } = await import('../../../common/departments.js');
    const withoutCourts = DEPARTMENT_REGISTRY.filter((d) => d.name !== 'COURTS');
    const courtsKinds = new Set(['DISHONEST_DEBTOR', 'CONSUMPTION_RESTRICTION']);
    const c = JSON.parse(JSON.stringify(catalogue)) as Catalogue;
    c.measures = c.measures.map((m) => ({ ...m, triggers: m.triggers.filter((t) => !courtsKinds.has(t.kind)) })).filter((m) => m.triggers.length > 0);
    expect(parseCatalogue(c, 'catalogue', withoutCourts).measures.length).toBe(c.measures.length);
  });
});
