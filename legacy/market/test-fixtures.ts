/**
 * Hand-built market truth for the tests of the market simulator and the market subgraph.
 * Dates are resolved against FIXTURE_TODAY.
 */
import { buildUscc } from '../../common/uscc/index.js';
import type { EnterpriseTruth, MarketTruth } from '../dataset/types.js';

export const FIXTURE_TODAY = '2025-06-15';

/** 武汉 (420100) enterprises with readable organisation-code bodies. */
export const USCC = {
  /** Operating, with penalties and list entries in every state. */
  busy: buildUscc('9', '1', '420100', 'MA4K0001'),
  /** Operating, no records at all. */
  clean: buildUscc('9', '1', '420100', 'MA4K0002'),
  /** Deregistered (注销). */
  deregistered: buildUscc('9', '1', '420100', 'MA4K0003'),
  /** Licence revoked, not deregistered (吊销，未注销). */
  revoked: buildUscc('9', '1', '420100', 'MA4K0004'),
  /** Known to other departments, not to market regulation. */
  unknownToMarket: buildUscc('9', '1', '420100', 'MA4K0005'),
  /** Not in the dataset at all. */
  absent: buildUscc('9', '1', '420100', 'MA4K0006'),
} as const;

export function marketTruth(
  overrides: Partial<Omit<MarketTruth, 'registration'>> & { registration?: Partial<MarketTruth['registration']> } = {},
): MarketTruth {
  const { registration, ...rest } = overrides;
  return {
    registration: {
      name: '武汉示例科技有限公司',
      status: 'OPERATING',
      companyType: '有限责任公司(自然人投资或控股)',
      establishedOn: '2016-03-08',
      address: '湖北省武汉市东湖新技术开发区光谷大道77号',
      registeredCapitalWan: 500,
      businessScope: '软件开发；信息技术咨询服务。（依法须经批准的项目，经相关部门批准后方可开展经营活动）',
      registrationAuthority: '武汉东湖新技术开发区市场监督管理局',
      legalRepresentative: { name: '张伟', idNumber: '420502198001011234' },
      ...registration,
    },
    penalties: [],
    abnormalOperations: [],
    seriousIllegal: [],
    ...rest,
  };
}

export function enterprise(uscc: string, market: MarketTruth | null): EnterpriseTruth {
  return { uscc, market, tax: null, courts: null, environment: null, economy: null };
}

export const BUSY_MARKET: MarketTruth = marketTruth({
  registration: {
    name: '武汉繁星商贸有限公司',
    registeredCapitalWan: 1234.5,
    legalRepresentative: { name: '李娜', idNumber: '42010619850615002x' },
  },
  penalties: [
    {
      // General fine, inside its publicity window.
      reference: '武东市监处罚〔2024〕118号',
      authority: '武汉东湖新技术开发区市场监督管理局',
      reason: '销售不符合食品安全标准的食品',
      listedOn: '2024-09-10',
      publicUntil: '2025-09-09',
      penaltyType: '罚款',
      fineYuan: 5000,
      severe: false,
    },
    {
      // Heavier penalty, under objection.
      reference: '武市监处罚〔2025〕7号',
      authority: '武汉市市场监督管理局',
      reason: '生产销售不合格特种设备',
      listedOn: '2025-01-20',
      publicUntil: '2028-01-19',
      penaltyType: '罚款;没收违法所得',
      fineYuan: 286543.21,
      severe: true,
      underObjection: true,
    },
    {
      // Repaired early.
      reference: '武东市监处罚〔2023〕56号',
      authority: '武汉东湖新技术开发区市场监督管理局',
      reason: '未按规定明码标价',
      listedOn: '2023-05-04',
      publicUntil: '2026-05-03',
      removedOn: '2024-02-01',
      removal: 'REPAIRED',
      penaltyType: '罚款',
      fineYuan: 20000,
      severe: false,
    },
    {
      // Warning whose publicity window has passed.
      reference: '武东市监处罚〔2021〕9号',
      authority: '武汉东湖新技术开发区市场监督管理局',
      reason: '未按规定公示营业执照',
      listedOn: '2021-03-01',
      publicUntil: '2021-06-01',
      penaltyType: '警告',
      severe: false,
    },
  ],
  abnormalOperations: [
    {
      // Cured: the annual report was filed.
      reference: '武东市监异列〔2022〕301号',
      authority: '武汉东湖新技术开发区市场监督管理局',
      reason: '未依照《企业信息公示暂行条例》第八条规定的期限公示年度报告',
      listedOn: '2022-07-15',
      removedOn: '2022-11-02',
      removal: 'CURED',
    },
    {
      // Removed through credit repair.
      reference: '武东市监异列〔2023〕88号',
      authority: '武汉东湖新技术开发区市场监督管理局',
      reason: '通过登记的住所或者经营场所无法联系',
      listedOn: '2023-04-03',
      removedOn: '2024-05-20',
      removal: 'REPAIRED',
    },
    {
      // Still listed, under objection.
      reference: '武东市监异列〔2025〕12号',
      authority: '武汉东湖新技术开发区市场监督管理局',
      reason: '未依照《企业信息公示暂行条例》第八条规定的期限公示年度报告',
      listedOn: '2025-03-01',
      underObjection: true,
    },
  ],
  seriousIllegal: [
    {
      reference: '鄂市监严列〔2024〕5号',
      authority: '湖北省市场监督管理局',
      reason: '因生产销售不合格特种设备受到较重行政处罚，性质恶劣、情节严重',
      listedOn: '2024-08-01',
      publicUntil: '2027-07-31',
    },
    {
      // Revoked after review: an ordinary removal.
      reference: '鄂市监严列〔2022〕19号',
      authority: '湖北省市场监督管理局',
      reason: '被列入经营异常名录届满3年仍未履行相关义务',
      listedOn: '2022-02-10',
      publicUntil: '2025-02-09',
      removedOn: '2022-06-30',
      removal: 'REVOKED',
    },
  ],
});

export const FIXTURE_RECORDS: EnterpriseTruth[] = [
  enterprise(USCC.busy, BUSY_MARKET),
  enterprise(USCC.clean, marketTruth()),
  enterprise(
    USCC.deregistered,
    marketTruth({ registration: { name: '武汉旧城餐饮管理有限公司', status: 'DEREGISTERED', closedOn: '2023-12-28' } }),
  ),
  enterprise(
    USCC.revoked,
    marketTruth({
      registration: { name: '武汉速达物流有限公司', status: 'REVOKED', closedOn: '2020-10-16', companyType: '有限责任公司(非自然人投资或控股的法人独资)' },
    }),
  ),
  enterprise(USCC.unknownToMarket, null),
];

/** `n` plain operating enterprises with distinct codes (for batching tests). */
export function bulkRecords(n: number): EnterpriseTruth[] {
  const out: EnterpriseTruth[] = [];
  for (let i = 0; i < n; i++) {
    const body = `MA5B${String(i).padStart(4, '0')}`;
    out.push(enterprise(buildUscc('9', '1', '420100', body), marketTruth({ registration: { name: `武汉批量测试${i}号有限公司` } })));
  }
  return out;
}
