import { buildUscc } from '../../common/uscc/index.js';
import { datasetFromRecords } from '../dataset/in-memory.js';
import type { Dataset, EconomyTruth, EnterpriseTruth } from '../dataset/types.js';

/**
 * Hand-built enterprises for the economy & IT tests (simulator and subgraph alike). Each record
 * kind appears in each state it can take on `ECONOMY_FIXTURE_TODAY`.
 */
export const ECONOMY_FIXTURE_TODAY = '2024-06-15';

/** An enterprise with honours, safety-production dishonesty and commitments in every state. */
export const RICH_USCC = buildUscc('9', '1', '440300', 'MA5G0001');
/** Known to the platform, with nothing on file. */
export const CLEAN_USCC = buildUscc('9', '1', '440300', 'MA5G0002');
/** Registered (market knows it) but unknown to the economy & IT platform. */
export const UNKNOWN_USCC = buildUscc('9', '1', '440300', 'MA5G0003');
/** A valid code no department knows. */
export const ABSENT_USCC = buildUscc('9', '1', '440300', 'MA5G0004');

export const RICH_ECONOMY: EconomyTruth = {
  honors: [
    { title: '诚信示范企业', year: 2023, authority: '广东省工业和信息化厅', awardedOn: '2023-03-15', validUntil: '2026-03-14' },
    { title: '专精特新“小巨人”企业', year: 2020, authority: '工业和信息化部', awardedOn: '2020-12-01', validUntil: '2023-11-30' },
    { title: '守合同重信用企业', year: 2022, authority: '深圳市工业和信息化局', awardedOn: '2022-05-09' },
  ],
  safetyDishonesty: [
    {
      reference: '粤工信民爆失信〔2024〕3号',
      authority: '广东省工业和信息化厅',
      reason: '民用爆炸物品超量储存，责令整改后拒不整改',
      listedOn: '2024-01-10',
      publicUntil: '2027-01-09',
      underObjection: true,
    },
    {
      reference: '粤工信民爆失信〔2022〕7号',
      authority: '广东省工业和信息化厅',
      reason: '未按规定登记民用爆炸物品流向信息',
      listedOn: '2022-04-01',
      publicUntil: '2025-03-31',
      removedOn: '2023-05-20',
      removal: 'REPAIRED',
    },
    {
      reference: '深工信危化失信〔2019〕2号',
      authority: '深圳市工业和信息化局',
      reason: '危险化学品生产装置未经安全评价擅自投产',
      listedOn: '2019-03-01',
      publicUntil: '2022-02-28',
    },
    {
      reference: '深工信危化失信〔2023〕5号',
      authority: '深圳市工业和信息化局',
      reason: '危险化学品储存场所安全距离不足',
      listedOn: '2023-08-01',
      publicUntil: '2026-07-31',
      removedOn: '2023-10-12',
      removal: 'REVOKED',
    },
  ],
  commitments: [
    { reference: 'XYCN-2023-0001', matter: '民用爆炸物品生产许可告知承诺', madeOn: '2023-02-01', status: 'FULFILLED', checkedOn: '2023-08-01' },
    { reference: 'XYCN-2024-0102', matter: '危险化学品安全生产许可容缺受理承诺', madeOn: '2024-03-05', status: 'PENDING' },
    { reference: 'XYCN-2022-0318', matter: '工业企业技术改造专项资金申报信用承诺', madeOn: '2022-06-20', status: 'BREACHED', checkedOn: '2023-01-16' },
    { reference: 'XYCN-2021-0042', matter: '涉企统计数据填报真实性承诺', madeOn: '2021-09-03', status: 'BREACHED' },
  ],
};

/** A minimal enterprise: only the sections given are known. */
export function enterprise(uscc: string, parts: { name?: string; economy?: EconomyTruth | null } = {}): EnterpriseTruth {
  return {
    uscc,
    market: parts.name
      ? {
          registration: {
            name: parts.name,
            status: 'OPERATING',
            companyType: '有限责任公司(自然人投资或控股)',
            establishedOn: '2015-06-01',
            address: '广东省深圳市南山区科技园',
            registeredCapitalWan: 1000,
            businessScope: '民用爆炸物品销售；危险化学品经营',
            registrationAuthority: '深圳市市场监督管理局',
            legalRepresentative: { name: '张三', idNumber: '440305198001011234' },
          },
          penalties: [],
          abnormalOperations: [],
          seriousIllegal: [],
        }
      : null,
    tax: null,
    courts: null,
    environment: null,
    economy: parts.economy ?? null,
  };
}

export function economyFixtureRecords(): EnterpriseTruth[] {
  return [
    enterprise(RICH_USCC, { name: '深圳鹏程民爆器材有限公司', economy: RICH_ECONOMY }),
    enterprise(CLEAN_USCC, { economy: { honors: [], safetyDishonesty: [], commitments: [] } }),
    enterprise(UNKNOWN_USCC, { name: '深圳未登记经信信息有限公司', economy: null }),
  ];
}

export function economyFixtureDataset(extra: readonly EnterpriseTruth[] = []): Dataset {
  return datasetFromRecords([...economyFixtureRecords(), ...extra], ECONOMY_FIXTURE_TODAY);
}
