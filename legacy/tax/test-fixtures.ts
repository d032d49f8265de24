/**
 * Hand-built truth for the tax simulator and subgraph tests (not used at run time).
 * "Today" is 2025-06-15: the 2024 ratings (published 2025-04-01) are in force.
 */
import { buildUscc } from '../../common/uscc/index.js';
import { datasetFromRecords } from '../dataset/in-memory.js';
import type { Dataset, EnterpriseTruth, TaxTruth } from '../dataset/types.js';

export const FIXTURE_TODAY = '2025-06-15';
/** A clock inside FIXTURE_TODAY in Beijing time. */
export const fixtureClock = () => new Date('2025-06-15T02:00:00Z');

function enterprise(uscc: string, tax: TaxTruth | null, name?: string): EnterpriseTruth {
  return {
    uscc,
    market: name
      ? {
          registration: {
            name,
            status: 'OPERATING',
            companyType: '有限责任公司(自然人投资或控股)',
            establishedOn: '2010-05-04',
            address: '测试地址',
            registeredCapitalWan: 500,
            businessScope: '软件开发',
            registrationAuthority: '市场监督管理局',
            legalRepresentative: { name: '张三', idNumber: '420502198001011234' },
          },
          penalties: [],
          abnormalOperations: [],
          seriousIllegal: [],
        }
      : null,
    tax,
    courts: null,
    environment: null,
    economy: null,
  };
}

/** Keyed by its USCC; rated A for 2024 (in force), B for 2023. */
export const USCC_A = buildUscc('9', '1', '110108', '60003734');
/** Keyed by the old 15-digit number 420502 + 71093456-1: D for 2024, an A for 2022 (expired), an active major case under objection, arrears. */
export const USCC_OLD = buildUscc('9', '1', '420502', '71093456');
export const OLD_NUMBER = '420502710934561';
/** Keyed by its USCC: a repaired, a revoked and an expired major case; D for 2023 (expired), M for 2024. */
export const USCC_HISTORY = buildUscc('9', '1', '420100', 'MA4KXB2L');
/** Known to other departments only (tax section null). */
export const USCC_NO_TAX = buildUscc('9', '1', '330106', '7TQ3L8Y2');
/** Not in the dataset at all. */
export const USCC_UNKNOWN = buildUscc('9', '1', '440300', 'MA5FT0W1');

export const ACTIVE_CASE = {
  reference: '宜税稽罚〔2024〕15号',
  authority: '国家税务总局宜昌市税务局稽查局',
  reason: '虚开增值税专用发票，虚开税额1234567.89元',
  listedOn: '2024-11-15',
  publicUntil: '2027-11-14',
  amountYuan: 1234567.89,
  underObjection: true,
};

const goldens: EnterpriseTruth[] = [
  enterprise(
    USCC_A,
    {
      taxpayerId: USCC_A,
      ratings: [
        { year: 2023, level: 'B' },
        { year: 2024, level: 'A' },
      ],
      majorViolations: [],
      arrears: [],
    },
    '北京星河软件有限公司',
  ),
  enterprise(USCC_OLD, {
    taxpayerId: OLD_NUMBER,
    ratings: [
      { year: 2022, level: 'A' },
      { year: 2024, level: 'D' },
    ],
    majorViolations: [ACTIVE_CASE],
    arrears: [{ taxType: '增值税', amountYuan: 356000.5, since: '2024-09-30', authority: '国家税务总局宜昌市西陵区税务局' }],
  }),
  enterprise(USCC_HISTORY, {
    taxpayerId: USCC_HISTORY,
    ratings: [
      { year: 2023, level: 'D' },
      { year: 2024, level: 'M' },
    ],
    majorViolations: [
      {
        reference: '武税稽罚〔2023〕8号',
        authority: '国家税务总局武汉市税务局第一稽查局',
        reason: '进行虚假纳税申报，少缴增值税1500000.00元',
        listedOn: '2023-03-15',
        publicUntil: '2026-03-14',
        removedOn: '2024-09-20',
        removal: 'REPAIRED',
        amountYuan: 1500000,
      },
      {
        reference: '武税稽罚〔2023〕21号',
        authority: '国家税务总局武汉市税务局第一稽查局',
        reason: '骗取出口退税',
        listedOn: '2023-06-15',
        publicUntil: '2026-06-14',
        removedOn: '2023-12-01',
        removal: 'REVOKED',
        amountYuan: 820000,
      },
      {
        reference: '武税稽罚〔2021〕3号',
        authority: '国家税务总局武汉市税务局第二稽查局',
        reason: '逃避追缴欠税1100000.00元',
        listedOn: '2021-05-15',
        publicUntil: '2024-05-14',
        amountYuan: 1100000,
      },
    ],
    arrears: [],
  }),
  enterprise(USCC_NO_TAX, null, '杭州无税记录贸易有限公司'),
];

/** `count` plain enterprises rated B for 2024; every third one is keyed by its old 15-digit number. */
export function bulkEnterprises(count: number): EnterpriseTruth[] {
  const out: EnterpriseTruth[] = [];
  for (let i = 0; i < count; i++) {
    const division = '320500';
    const body = `MA${String(i).padStart(6, '0')}`;
    const uscc = buildUscc('9', '1', division, body);
    const old = i % 3 === 0;
    out.push(
      enterprise(uscc, {
        taxpayerId: old ? division + uscc.slice(8, 17) : uscc,
        ratings: [{ year: 2024, level: 'B' }],
        majorViolations: [],
        arrears: [],
      }),
    );
  }
  return out;
}

export const BULK = bulkEnterprises(120);

export function fixtureDataset(): Dataset {
  return datasetFromRecords([...goldens, ...BULK], FIXTURE_TODAY);
}
