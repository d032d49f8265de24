/**
 * Hand-built truth for the environment simulator and subgraph tests (not used at run time).
 * "Today" is 2025-06-15 (China time).
 */
import { buildUscc } from '../../common/uscc/index.js';
import { datasetFromRecords } from '../dataset/in-memory.js';
import type { Dataset, EnterpriseTruth, EnvironmentTruth, Penalty } from '../dataset/types.js';

export const FIXTURE_TODAY = '2025-06-15';
/** A clock inside FIXTURE_TODAY in Beijing time (2025-06-15 10:00 +08:00). */
export const fixtureClock = () => new Date('2025-06-15T02:00:00Z');

export const PROVINCE = '江苏省生态环境厅';
export const CITY = '南京市生态环境局';

function enterprise(uscc: string, environment: EnvironmentTruth | null, name?: string): EnterpriseTruth {
  return {
    uscc,
    market: name
      ? {
          registration: {
            name,
            status: 'OPERATING',
            companyType: '有限责任公司(自然人投资或控股)',
            establishedOn: '2012-08-08',
            address: '南京市江宁区测试路1号',
            registeredCapitalWan: 1000,
            businessScope: '环保设备制造',
            registrationAuthority: '南京市市场监督管理局',
            legalRepresentative: { name: '李四', idNumber: '320102198505051234' },
          },
          penalties: [],
          abnormalOperations: [],
          seriousIllegal: [],
        }
      : null,
    tax: null,
    courts: null,
    environment,
    economy: null,
  };
}

/** Green for 2023 (expired) and 2024 (in force); the name holds a comma and quotes. */
export const USCC_GREEN = buildUscc('9', '1', '320115', 'MA1W2K3N');
export const NAME_GREEN = '南京"绿源"环保科技有限公司,江宁分公司';

/** Red for 2024 (in force); one active severe penalty under objection, one repaired, one revoked, one expired. */
export const USCC_RED = buildUscc('9', '1', '320100', '13479086');
export const NAME_RED = '南京长江化工（集团）有限公司';

/** Blue for 2024 only: the ordinary level, no finding. */
export const USCC_BLUE = buildUscc('9', '1', '320106', '72630482');

/** Known to the platform, with no rating and no penalty. */
export const USCC_NOTHING = buildUscc('9', '1', '320111', 'MA1Q8R4T');

/** Yellow for 2023, superseded by blue for 2024 on 2025-04-01; red for 2022 (natural expiry). */
export const USCC_SUPERSEDED = buildUscc('9', '1', '320113', '66053218');

/** Known to market regulation only (environment section null). */
export const USCC_NO_ENV = buildUscc('9', '1', '320104', '58492731');

/** In no department at all. */
export const USCC_UNKNOWN = buildUscc('9', '1', '320102', 'MA20YB7C');

export const SEVERE_PENALTY: Penalty = {
  reference: '宁环罚〔2025〕8号',
  authority: CITY,
  // Commas, quotes and a line break: all must survive the CSV round trip.
  reason: '通过暗管排放含"重金属"废水，化学需氧量超标2.5倍,\n且拒不改正',
  listedOn: '2025-01-20',
  publicUntil: '2028-01-19',
  penaltyType: '责令停产整治',
  fineYuan: 1_250_000.5,
  severe: true,
  underObjection: true,
};

export const REPAIRED_PENALTY: Penalty = {
  reference: '宁环罚〔2023〕41号',
  authority: CITY,
  reason: '未按规定安装大气污染物排放自动监测设备',
  listedOn: '2023-06-01',
  publicUntil: '2026-05-31',
  removedOn: '2024-07-15',
  removal: 'REPAIRED',
  penaltyType: '罚款',
  fineYuan: 200000,
  severe: false,
};

export const REVOKED_PENALTY: Penalty = {
  reference: '苏环罚〔2024〕3号',
  authority: PROVINCE,
  reason: '危险废物贮存场所未设置识别标志',
  listedOn: '2024-02-02',
  publicUntil: '2027-02-01',
  removedOn: '2024-09-30',
  removal: 'REVOKED',
  penaltyType: '罚款',
  fineYuan: 50000,
  severe: false,
  underObjection: false,
};

export const EXPIRED_PENALTY: Penalty = {
  reference: '宁环罚〔2021〕7号',
  authority: CITY,
  reason: '未及时公开环境信息',
  listedOn: '2021-03-05',
  publicUntil: '2024-03-04',
  penaltyType: '警告',
  severe: false,
};

const goldens: EnterpriseTruth[] = [
  enterprise(
    USCC_GREEN,
    {
      ratings: [
        { year: 2024, level: 'GREEN', authority: PROVINCE, ratedOn: '2025-03-20' },
        { year: 2023, level: 'GREEN', authority: PROVINCE, ratedOn: '2024-03-05' },
      ],
      penalties: [],
    },
    NAME_GREEN,
  ),
  enterprise(
    USCC_RED,
    {
      ratings: [{ year: 2024, level: 'RED', authority: PROVINCE, ratedOn: '2025-01-10' }],
      penalties: [REPAIRED_PENALTY, SEVERE_PENALTY, REVOKED_PENALTY, EXPIRED_PENALTY],
    },
    NAME_RED,
  ),
  enterprise(
    USCC_BLUE,
    { ratings: [{ year: 2024, level: 'BLUE', authority: CITY, ratedOn: '2025-02-28' }], penalties: [] },
    '南京秦淮印染有限公司',
  ),
  enterprise(USCC_NOTHING, { ratings: [], penalties: [] }, '南京栖霞物流有限公司'),
  enterprise(
    USCC_SUPERSEDED,
    {
      ratings: [
        { year: 2022, level: 'RED', authority: CITY, ratedOn: '2023-03-01' },
        { year: 2023, level: 'YELLOW', authority: CITY, ratedOn: '2024-05-10' },
        { year: 2024, level: 'BLUE', authority: CITY, ratedOn: '2025-04-01' },
      ],
      penalties: [],
    },
    '南京浦口电镀厂',
  ),
  enterprise(USCC_NO_ENV, null, '南京鼓楼咨询有限公司'),
];

export function fixtureDataset(): Dataset {
  return datasetFromRecords(goldens, FIXTURE_TODAY);
}

/** `n` distinct valid codes, none of them in the fixture dataset (for batching tests). */
export function manyCodes(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(buildUscc('9', '1', '320000', String(10_000_000 + i)));
  return out;
}
