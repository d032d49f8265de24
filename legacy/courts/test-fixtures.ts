/**
 * Hand-built enterprises for the courts tests (simulator and subgraph). Every value a test asserts
 * comes from here, so a test fails when a field is lost or mis-mapped anywhere on the way.
 */
import { buildUscc } from '../../common/uscc/index.js';
import { datasetFromRecords } from '../dataset/in-memory.js';
import type { CourtsTruth, Dataset, EnterpriseTruth } from '../dataset/types.js';

/** The day the fixture dates are resolved against (China time). */
export const FIXTURE_TODAY = '2025-06-15';
/** A clock on FIXTURE_TODAY (noon in Beijing). */
export const fixtureClock = (): Date => new Date('2025-06-15T04:00:00Z');

function market(name: string, legalRepresentative: string): EnterpriseTruth['market'] {
  return {
    registration: {
      name,
      status: 'OPERATING',
      companyType: '有限责任公司(自然人投资或控股)',
      establishedOn: '2012-04-20',
      address: '北京市朝阳区建国路88号',
      registeredCapitalWan: 1000,
      businessScope: '技术开发',
      registrationAuthority: '北京市朝阳区市场监督管理局',
      legalRepresentative: { name: legalRepresentative, idNumber: '110105198001011234' },
    },
    penalties: [],
    abnormalOperations: [],
    seriousIllegal: [],
  };
}

function enterprise(orgBody: string, courts: CourtsTruth | null, legalRepresentative?: string): EnterpriseTruth {
  return {
    uscc: buildUscc('9', '1', '110105', orgBody),
    market: legalRepresentative ? market(`测试企业${orgBody}`, legalRepresentative) : null,
    tax: null,
    courts,
    environment: null,
    economy: null,
  };
}

/** 失信 (active and removed), 限消 (active and repaired), two enforcement cases (one closed). */
export const DEBTOR = enterprise(
  '10000001',
  {
    dishonestDebtor: [
      {
        reference: '(2024)京0105执1234号',
        authority: '北京市朝阳区人民法院',
        reason: '有履行能力而拒不履行生效法律文书确定义务',
        listedOn: '2024-03-05',
        publicUntil: '2026-03-05',
        obligation: '支付货款人民币350000元及利息',
        performance: '全部未履行',
        underObjection: true,
      },
      {
        reference: '(2023)京0105执567号',
        authority: '北京市朝阳区人民法院',
        reason: '违反财产报告制度',
        listedOn: '2023-05-10',
        publicUntil: '2025-05-10',
        removedOn: '2023-11-20',
        removal: 'PERFORMED',
        obligation: '支付工程款人民币120000元',
        performance: '全部已履行',
      },
    ],
    enforcementCases: [
      { caseNumber: '(2024)京0105执1234号', court: '北京市朝阳区人民法院', filedOn: '2024-01-15', amountYuan: 350000 },
      {
        caseNumber: '(2023)京0105执567号',
        court: '北京市朝阳区人民法院',
        filedOn: '2023-02-01',
        amountYuan: 120000.5,
        closedOn: '2023-11-20',
      },
    ],
    consumptionRestrictions: [
      {
        reference: '(2024)京0105执1234号',
        authority: '北京市朝阳区人民法院',
        reason: '未按执行通知书指定的期间履行生效法律文书确定的给付义务',
        listedOn: '2024-02-20',
      },
      {
        reference: '(2022)京0108执88号',
        authority: '北京市海淀区人民法院',
        reason: '未履行给付义务',
        listedOn: '2022-06-01',
        removedOn: '2024-01-10',
        removal: 'REPAIRED',
      },
    ],
  },
  '张三',
);

/** A 失信 entry whose publicity window has ended, and a 限消 revoked after an objection. */
export const EXPIRED_DEBTOR = enterprise('10000002', {
  dishonestDebtor: [
    {
      reference: '(2021)沪0115执900号',
      authority: '上海市浦东新区人民法院',
      reason: '以虚假诉讼、虚假仲裁或者以隐匿、转移财产等方法规避执行',
      listedOn: '2021-04-01',
      publicUntil: '2023-04-01',
      obligation: '返还借款人民币80000元',
      performance: '部分未履行',
    },
  ],
  enforcementCases: [],
  consumptionRestrictions: [
    {
      reference: '(2021)沪0115执901号',
      authority: '上海市浦东新区人民法院',
      reason: '未履行给付义务',
      listedOn: '2021-04-01',
      removedOn: '2021-09-30',
      removal: 'REVOKED',
    },
  ],
});

/** 45 enforcement cases: three pages of 20. */
export const MANY_CASES = enterprise('10000003', {
  dishonestDebtor: [],
  consumptionRestrictions: [],
  enforcementCases: Array.from({ length: 45 }, (_, i) => ({
    caseNumber: `(2024)粤0304执${1000 + i}号`,
    court: '深圳市福田区人民法院',
    filedOn: `2024-${String((i % 12) + 1).padStart(2, '0')}-10`,
    amountYuan: 1000 * (i + 1),
    ...(i % 3 === 0 ? { closedOn: '2025-01-20' } : {}),
  })),
});

/** Known to the courts system's extract with nothing on file. */
export const CLEAN = enterprise('10000004', { dishonestDebtor: [], enforcementCases: [], consumptionRestrictions: [] });

/** Not known to the courts at all (`courts: null`). */
export const UNKNOWN = enterprise('10000005', null);

/** `count` enterprises with one enforcement case each (for fan-out counting). */
export function simpleDebtors(count: number, from = 20000000): EnterpriseTruth[] {
  return Array.from({ length: count }, (_, i) =>
    enterprise(String(from + i), {
      dishonestDebtor: [],
      consumptionRestrictions: [],
      enforcementCases: [{ caseNumber: `(2025)浙0106执${i + 1}号`, court: '杭州市西湖区人民法院', filedOn: '2025-02-03', amountYuan: 5000 + i }],
    }),
  );
}

export const SIMPLE = simpleDebtors(40);

/** The dataset every courts test serves. */
export function fixtureDataset(): Dataset {
  return datasetFromRecords([DEBTOR, EXPIRED_DEBTOR, MANY_CASES, CLEAN, UNKNOWN, ...SIMPLE], FIXTURE_TODAY);
}

/** `XXXXXXXX-X` of a fixture enterprise. */
export const orgCodeOf = (e: EnterpriseTruth): string => `${e.uscc.slice(8, 16)}-${e.uscc[16]}`;
