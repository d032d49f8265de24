/**
 * The truth the five departments' legacy systems hold, in one neutral shape.
 *
 * The simulators render it in each department's own protocol and quirks; the subgraphs must
 * normalise it back. Tests compare what the gateway returns with this truth, so the whole
 * round trip (legacy format → client → normalisation → federation) is checked.
 *
 * All dates are ISO `YYYY-MM-DD`, already resolved against the dataset's clock.
 */

export type IsoDate = string;

/** How an entry left its list, when it did. */
export type RemovalKind =
  /** 移出: the cause was cured (e.g. annual report filed, now reachable) — 经营异常名录 */
  | 'CURED'
  /** 履行完毕: the obligation was performed / settled — 失信被执行人, 限制消费 */
  | 'PERFORMED'
  /** 信用修复: publicity stopped early after credit repair */
  | 'REPAIRED'
  /** 撤销: the listing decision itself was revoked (e.g. after an objection was upheld) */
  | 'REVOKED';

/** One entry on a list or one published decision (a listing, a penalty, a court order). */
export interface ListEntry {
  /** Decision or case number (决定书文号 / 案号). */
  reference: string;
  /** The authority that made the decision (作出决定机关 / 执行法院). */
  authority: string;
  /** Why (列入原因 / 违法事实 / 失信情形). */
  reason: string;
  /** Date listed / decided / published. */
  listedOn: IsoDate;
  /** End of the publicity window, when the list has one. */
  publicUntil?: IsoDate;
  /** Date it left the list or publicity stopped early. */
  removedOn?: IsoDate;
  removal?: RemovalKind;
  /** 异议: an objection against the entry is being handled. */
  underObjection?: boolean;
}

/** 行政处罚 — an administrative penalty decision. */
export interface Penalty extends ListEntry {
  /** 处罚种类, e.g. 罚款 / 警告 / 吊销营业执照. */
  penaltyType: string;
  /** Fine in yuan, when there is one. */
  fineYuan?: number;
  /** 较重行政处罚 (heavier penalty per SAMR Order 44 / Order 58 tiers). */
  severe: boolean;
}

export type RegistrationStatus = 'OPERATING' | 'DEREGISTERED' | 'REVOKED';
export type TaxLevel = 'A' | 'B' | 'M' | 'C' | 'D';
export type EnvironmentLevel = 'GREEN' | 'BLUE' | 'YELLOW' | 'RED';

export interface MarketTruth {
  registration: {
    /** 企业名称 */
    name: string;
    /** 登记状态: 存续 / 注销 / 吊销 */
    status: RegistrationStatus;
    /** 企业类型, e.g. 有限责任公司(自然人投资或控股) */
    companyType: string;
    /** 成立日期 */
    establishedOn: IsoDate;
    /** 注销/吊销日期 */
    closedOn?: IsoDate;
    /** 住所 */
    address: string;
    /** 注册资本 (万元) */
    registeredCapitalWan: number;
    /** 经营范围 */
    businessScope: string;
    /** 登记机关 */
    registrationAuthority: string;
    /** 法定代表人, with the full resident ID number (never shown unmasked). */
    legalRepresentative: { name: string; idNumber: string };
  };
  /** 行政处罚 */
  penalties: Penalty[];
  /** 经营异常名录 entries (listed, possibly removed). */
  abnormalOperations: ListEntry[];
  /** 严重违法失信名单 entries. */
  seriousIllegal: ListEntry[];
}

export interface TaxTruth {
  /** The number the tax system keys this taxpayer by: the USCC, or the old 15-digit number (division + org code). */
  taxpayerId: string;
  /** 纳税信用等级 by assessment year. */
  ratings: { year: number; level: TaxLevel }[];
  /** 重大税收违法失信主体 cases. */
  majorViolations: (ListEntry & { amountYuan: number })[];
  /** 欠税公告 */
  arrears: { taxType: string; amountYuan: number; since: IsoDate; authority: string }[];
}

export interface CourtsTruth {
  /** 失信被执行人 entries. */
  dishonestDebtor: (ListEntry & { obligation: string; performance: string })[];
  /** 被执行人 enforcement cases (not a list by themselves). */
  enforcementCases: { caseNumber: string; court: string; filedOn: IsoDate; amountYuan: number; closedOn?: IsoDate }[];
  /** 限制消费令 orders. */
  consumptionRestrictions: ListEntry[];
}

export interface EnvironmentTruth {
  /** 环境信用评价 by year (not every enterprise is rated). */
  ratings: { year: number; level: EnvironmentLevel; authority: string; ratedOn: IsoDate }[];
  /** 环境行政处罚 */
  penalties: Penalty[];
}

export interface EconomyTruth {
  /** Honours such as 诚信示范企业 / 专精特新. */
  honors: { title: string; year: number; authority: string; awardedOn: IsoDate; validUntil?: IsoDate }[];
  /** 安全生产严重失信 entries in the economy & IT domain (民爆 / 危化). */
  safetyDishonesty: ListEntry[];
  /** 信用承诺 and their fulfilment. */
  commitments: { reference: string; matter: string; madeOn: IsoDate; status: 'FULFILLED' | 'PENDING' | 'BREACHED'; checkedOn?: IsoDate }[];
}

/**
 * 政府采购严重违法失信行为记录 — one entry of the finance list: a supplier punished under 政府采购法
 * 第七十七条 (or 实施条例 第七十二条 and the like) and barred from government procurement for 处罚期限.
 */
export interface ProcurementDishonestEntry {
  /** 处罚决定书文号, e.g. 宜财采罚〔2025〕12号. */
  reference: string;
  /** 执法单位, e.g. 宜昌市财政局. */
  authority: string;
  /** 违法失信行为: the facts, e.g. 提供虚假材料谋取中标. */
  facts: string;
  /** 处罚依据, e.g. 《中华人民共和国政府采购法》第七十七条第一款第（一）项. */
  legalBasis: string;
  /** 处罚结果 as decided, e.g. 罚款人民币2.4万元，列入不良行为记录名单，一年内禁止参加政府采购活动. */
  penaltyResult: string;
  /** 处罚日期: the decision's date. */
  decidedOn: IsoDate;
  /** 公布日期: when the finance department published the entry (the listing date). */
  publishedOn: IsoDate;
  /** 处罚期限 from: the first day of the bar. */
  banFrom: IsoDate;
  /** 处罚期限 to: the last day of the bar (inclusive). */
  banUntil: IsoDate;
}

export interface FinanceTruth {
  /** 政府采购严重违法失信行为记录名单 entries of this supplier (current and past). */
  procurementDishonest: ProcurementDishonestEntry[];
}

/** 拖欠农民工工资失信联合惩戒对象名单 — one listing decision (人社部令第45号). */
export interface WageArrearsListing extends ListEntry {
  /** 拖欠工资金额（元）. */
  amountYuan: number;
  /** 涉及农民工人数. */
  workers: number;
}

/** 社会保险费欠缴 — contributions a social insurance agency found owed (欠费认定). */
export interface SocialInsuranceArrears {
  /** 欠费核定（催缴）文书编号. */
  reference: string;
  /** 社会保险经办机构 / 征收机构. */
  authority: string;
  /** 欠费险种, e.g. 企业职工基本养老保险. */
  insuranceTypes: string[];
  /** 欠费金额（元）. */
  amountYuan: number;
  /** First month owed (the first day of that month). */
  since: IsoDate;
  /** The day the arrears were established (认定日期). */
  establishedOn: IsoDate;
  /** The day they were paid in full (补缴完毕), when they were. */
  settledOn?: IsoDate;
}

export interface HrssTruth {
  /** 拖欠农民工工资失信联合惩戒对象名单 entries (listed, possibly removed or expired). */
  wageArrearsDishonest: WageArrearsListing[];
  /** 社会保险费欠缴 records, settled or not. */
  socialInsuranceArrears: SocialInsuranceArrears[];
}

/** Everything the departments hold for one enterprise. A department that does not know it holds `null`. */
export interface EnterpriseTruth {
  uscc: string;
  market: MarketTruth | null;
  tax: TaxTruth | null;
  courts: CourtsTruth | null;
  environment: EnvironmentTruth | null;
  economy: EconomyTruth | null;
  /**
   * 人社: the wage-arrears list and social-insurance arrears. Its export holds only enterprises with
   * a record; absent or null, the department holds nothing on the enterprise.
   */
  hrss?: HrssTruth | null;
  /**
   * 财政: the finance department's records (the government-procurement dishonesty list). Absent or
   * null: no entry (the list is searched by code; a supplier not on it is simply not found).
   */
  finance?: FinanceTruth | null;
}

/** Read access the simulators need. Implementations hold O(golden) memory, whatever the size. */
export interface Dataset {
  /** Number of synthetic enterprises (golden cases come on top). */
  readonly size: number;
  /** The day the dates were resolved against. */
  readonly today: IsoDate;
  /** Look up by USCC (normalised, valid). */
  byUscc(uscc: string): EnterpriseTruth | undefined;
  /** Look up by the 9-character organisation code without hyphen (positions 9–17). */
  byOrganizationCode(orgCode: string): EnterpriseTruth | undefined;
  /** Look up by the number the tax system keys on (USCC or 15-digit old number). */
  byTaxpayerId(id: string): EnterpriseTruth | undefined;
  /** The i-th synthetic enterprise, 0 ≤ i < size. */
  at(index: number): EnterpriseTruth;
}
