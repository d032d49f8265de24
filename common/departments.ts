/**
 * The departments whose legacy systems the credit view reads: one entry each. What the rest of the
 * system knows of a department — its enum value, the Enterprise field that carries its section,
 * its labels, the record types it supplies, what the rules read of it — is derived from here
 * (`npm run generate` writes the credit subgraph's `@requires` selections from it and `npm test`
 * checks they are current), so that adding or removing a department is one entry, not a hunt.
 */

/** What every department section carries for the rules (`SourceStatus` and `CreditFinding`, shared SDL). */
const SOURCE_SELECTION = 'source { department status asOf found fromCache stale message }';
const FINDINGS_SELECTION =
  'findings { id department kind status listedOn removedOn publicUntil reference authority reason underObjection penalty { decidedOn penaltyType categories fineYuan } }';

/** A national record type (信用记录类别) as the department that introduces it describes it. */
export interface FindingKindEntry {
  readonly kind: string;
  /** Its Chinese name, as lists and decisions call it. */
  readonly zh: string;
  /** Its English name (console headings). */
  readonly en: string;
  /** The SDL description after the Chinese name: what it is, and its basis. */
  readonly detail: string;
  /** A record in the enterprise's favour (守信), which triggers incentives and never restrictions. */
  readonly positive?: boolean;
}

export interface DepartmentEntry {
  /** The GraphQL `Department` enum value. */
  readonly name: string;
  /** The subgraph that serves it (its name in the supergraph; `<SUBGRAPH>_SUBGRAPH_URL` moves it). */
  readonly subgraph: string;
  /** The subgraph's default port on 127.0.0.1. */
  readonly port: number;
  /** Prefix of its variables (`<PREFIX>_LEGACY_URL`, `<PREFIX>_SUBGRAPH_PORT`, …). */
  readonly envPrefix: string;
  /** The simulated legacy system's default port on 127.0.0.1 (`npm start`, tests, compose). */
  readonly legacyPort: number;
  /** The legacy system's development key (refused in production like every development secret). */
  readonly legacyKey: string;
  /** Most codes one call to the legacy system may carry (1: no batch endpoint); also the default batch size. */
  readonly batchLimit: number;
  /** How the legacy system is asked (see `DepartmentSource` in `subgraphs/shared`). */
  readonly legacyKind: 'batch' | 'per-code' | 'local';
  /**
   * Realistic latency of one call to its legacy system (ms), the benchmark's profile. A `local`
   * department (an export held in memory) adds nothing to an answer's latency: 0.
   */
  readonly benchLatencyMs: number;
  /** The `Department` enum value's description: the Chinese name — English, and what it holds. */
  readonly description: string;
  /** The `Enterprise` field that carries its section (`@external` in the credit subgraph). */
  readonly sectionField: string;
  /** The GraphQL type of that section (it has `source: SourceStatus!` and `findings: [CreditFinding!]!`). */
  readonly sectionType: string;
  readonly labelZh: string;
  /** In an English sentence ("… could not be read"). */
  readonly labelEn: string;
  /** As a heading or table cell in the console. */
  readonly titleEn: string;
  /**
   * The national record types (`FindingKind`) its findings are normalised to: a kind another
   * department introduced by name, a kind it introduces with its labels (the SDL enum, the console
   * and the catalogue are generated from these).
   */
  readonly findingKinds: readonly (string | FindingKindEntry)[];
  /** What the rules read of the section besides its source and findings. */
  readonly extraSelection?: string;
  /** The `@external` field definitions in the credit subgraph that `extraSelection` needs (their types are the credit subgraph's). */
  readonly extraExternalFields?: string;
}

export const DEPARTMENT_REGISTRY = [
  {
    name: 'MARKET_REGULATION',
    subgraph: 'market',
    port: 4002,
    envPrefix: 'MARKET',
    legacyPort: 4102,
    legacyKey: 'market-dev-key',
    batchLimit: 100,
    legacyKind: 'batch',
    benchLatencyMs: 30,
    description: '市场监管 — market regulation (registration, penalties, 经营异常名录, 严重违法失信名单)',
    sectionField: 'marketRegulation',
    sectionType: 'MarketRegulationRecord',
    labelZh: '市场监管',
    labelEn: 'market regulation',
    titleEn: 'Market regulation',
    findingKinds: [
      {
        kind: 'ABNORMAL_OPERATIONS',
        zh: '经营异常名录',
        en: 'Abnormal operations list',
        detail: 'list of enterprises with abnormal operations (市场监管)',
      },
      {
        kind: 'SERIOUS_ILLEGAL_DISHONEST',
        zh: '严重违法失信名单',
        en: 'Serious illegal and dishonest list',
        detail: 'list of seriously illegal and dishonest enterprises (市场监管, SAMR Order 44)',
      },
      { kind: 'ADMINISTRATIVE_PENALTY', zh: '行政处罚', en: 'Administrative penalty', detail: 'an administrative penalty (general or minor)' },
      {
        kind: 'SEVERE_ADMINISTRATIVE_PENALTY',
        zh: '较重行政处罚',
        en: 'Heavier administrative penalty',
        detail: 'a heavier administrative penalty (large fine, licence revoked, production suspended)',
      },
    ],
    // Registration decides existence (NOT_FOUND) and the deregistered / revoked warnings.
    extraSelection: 'registration { status closedOn }',
    extraExternalFields: 'registration: MarketRegistration @external',
  },
  {
    name: 'TAX',
    subgraph: 'tax',
    port: 4003,
    envPrefix: 'TAX',
    legacyPort: 4103,
    legacyKey: 'tax-dev-key',
    batchLimit: 50,
    legacyKind: 'batch',
    benchLatencyMs: 80,
    description: '税务 — tax (纳税信用等级, 重大税收违法失信主体, 欠税)',
    sectionField: 'tax',
    sectionType: 'TaxRecord',
    labelZh: '税务',
    labelEn: 'tax',
    titleEn: 'Tax',
    findingKinds: [
      {
        kind: 'MAJOR_TAX_VIOLATION',
        zh: '重大税收违法失信主体',
        en: 'Major tax violation',
        detail: 'major tax violation, dishonest entity (STA Order 54)',
      },
      { kind: 'TAX_CREDIT_A', zh: '纳税信用A级', en: 'Tax credit level A', detail: 'tax credit level A (守信)', positive: true },
      { kind: 'TAX_CREDIT_D', zh: '纳税信用D级', en: 'Tax credit level D', detail: 'tax credit level D (失信)' },
      { kind: 'TAX_ARREARS', zh: '欠税公告', en: 'Published tax arrears', detail: 'published tax arrears' },
    ],
  },
  {
    name: 'COURTS',
    subgraph: 'courts',
    port: 4004,
    envPrefix: 'COURTS',
    legacyPort: 4104,
    legacyKey: 'courts-dev-key',
    batchLimit: 1,
    legacyKind: 'per-code',
    benchLatencyMs: 50,
    description: '法院 — courts (失信被执行人, 限制消费, 被执行人)',
    sectionField: 'judicial',
    sectionType: 'JudicialRecord',
    labelZh: '法院',
    labelEn: 'the courts',
    titleEn: 'Courts',
    findingKinds: [
      { kind: 'DISHONEST_DEBTOR', zh: '失信被执行人', en: 'Dishonest judgment debtor', detail: 'dishonest judgment debtor (法释〔2017〕7号)' },
      { kind: 'CONSUMPTION_RESTRICTION', zh: '限制消费', en: 'Consumption restriction', detail: 'consumption restriction order (法释〔2015〕17号)' },
    ],
  },
  {
    name: 'ENVIRONMENT',
    subgraph: 'environment',
    port: 4005,
    envPrefix: 'ENVIRONMENT',
    legacyPort: 4105,
    legacyKey: 'environment-dev-key',
    batchLimit: 200,
    legacyKind: 'batch',
    benchLatencyMs: 40,
    description: '生态环境 — environment (环境信用评价, 环境行政处罚)',
    sectionField: 'environment',
    sectionType: 'EnvironmentRecord',
    labelZh: '生态环境',
    labelEn: 'environment',
    titleEn: 'Environment',
    findingKinds: [
      'ADMINISTRATIVE_PENALTY',
      'SEVERE_ADMINISTRATIVE_PENALTY',
      {
        kind: 'ENVIRONMENT_CREDIT_GREEN',
        zh: '环境信用评价绿色（诚信）',
        en: 'Environmental credit: green',
        detail: 'environmental credit rating green',
        positive: true,
      },
      {
        kind: 'ENVIRONMENT_CREDIT_YELLOW',
        zh: '环境信用评价黄色（警示）',
        en: 'Environmental credit: yellow',
        detail: 'environmental credit rating yellow',
      },
      { kind: 'ENVIRONMENT_CREDIT_RED', zh: '环境信用评价红色（不良）', en: 'Environmental credit: red', detail: 'environmental credit rating red' },
    ],
  },
  {
    name: 'ECONOMY_IT',
    subgraph: 'economy',
    port: 4006,
    envPrefix: 'ECONOMY',
    legacyPort: 4106,
    legacyKey: 'economy-dev-key',
    batchLimit: 100,
    legacyKind: 'batch',
    benchLatencyMs: 30,
    description: '经信 — economy & IT (荣誉, 安全生产严重失信, 信用承诺)',
    sectionField: 'economy',
    sectionType: 'EconomyRecord',
    labelZh: '经信',
    labelEn: 'economy & IT',
    titleEn: 'Economy & IT',
    findingKinds: [
      {
        kind: 'SAFETY_PRODUCTION_DISHONEST',
        zh: '安全生产严重失信主体',
        en: 'Serious safety-production dishonesty',
        detail: 'serious safety-production dishonesty (民爆/危化, MEM Order 11)',
      },
      { kind: 'CREDIT_COMMITMENT_BREACH', zh: '信用承诺未履行', en: 'Credit commitment not kept', detail: 'a credit commitment that was not kept' },
      { kind: 'HONOR', zh: '守信荣誉', en: 'Honour', detail: 'an honour such as 诚信示范企业', positive: true },
    ],
  },
  {
    name: 'FINANCE',
    subgraph: 'finance',
    port: 4008,
    envPrefix: 'FINANCE',
    legacyPort: 4108,
    legacyKey: 'finance-dev-key',
    batchLimit: 1,
    legacyKind: 'per-code',
    benchLatencyMs: 40,
    description: '财政 — finance (政府采购严重违法失信行为记录名单)',
    sectionField: 'finance',
    sectionType: 'FinanceRecord',
    labelZh: '财政',
    labelEn: 'finance',
    titleEn: 'Finance',
    findingKinds: [
      {
        kind: 'PROCUREMENT_DISHONEST',
        zh: '政府采购严重违法失信行为记录名单',
        en: 'Government procurement serious dishonesty list',
        detail: 'list of suppliers barred for serious illegal and dishonest conduct in government procurement (财政, 政府采购法 第七十七条)',
      },
    ],
  },
  {
    name: 'HUMAN_RESOURCES',
    subgraph: 'hrss',
    port: 4007,
    envPrefix: 'HRSS',
    legacyPort: 4107,
    legacyKey: 'hrss-dev-key',
    // The legacy system has no lookup at all: the subgraph loads its daily full export.
    batchLimit: 1,
    legacyKind: 'local',
    benchLatencyMs: 0,
    description: '人社 — human resources & social security (拖欠农民工工资失信联合惩戒对象名单, 社会保险费欠缴), read from its daily full export',
    sectionField: 'humanResources',
    sectionType: 'HumanResourcesRecord',
    labelZh: '人社',
    labelEn: 'human resources & social security',
    titleEn: 'Human resources & social security',
    findingKinds: [
      {
        kind: 'WAGE_ARREARS_DISHONEST',
        zh: '拖欠农民工工资失信联合惩戒对象名单',
        en: 'Dishonest employers in arrears of migrant workers’ wages',
        detail: 'list of employers in serious arrears of migrant workers’ wages (保障农民工工资支付条例 第四十八条, 人社部令第45号)',
      },
      {
        kind: 'SOCIAL_INSURANCE_ARREARS',
        zh: '社会保险费欠缴',
        en: 'Social insurance arrears',
        detail: 'social insurance contributions owed and not paid (社会保险费欠费)',
      },
    ],
  },
] as const satisfies readonly DepartmentEntry[];

export type DepartmentName = (typeof DEPARTMENT_REGISTRY)[number]['name'];

/** The departments in registry order. */
export const DEPARTMENT_NAMES: readonly DepartmentName[] = DEPARTMENT_REGISTRY.map((d) => d.name);

export function departmentEntry(name: DepartmentName): DepartmentEntry {
  return DEPARTMENT_REGISTRY.find((d) => d.name === name)!;
}

const kindName = (k: string | FindingKindEntry): string => (typeof k === 'string' ? k : k.kind);

/** The record types a department supplies, by name. */
export function findingKindsOf(d: DepartmentEntry): string[] {
  return d.findingKinds.map(kindName);
}

/** Every record type, as introduced, in registry order. */
export function findingKindEntries(): FindingKindEntry[] {
  return (DEPARTMENT_REGISTRY as readonly DepartmentEntry[]).flatMap((d) =>
    d.findingKinds.filter((k): k is FindingKindEntry => typeof k !== 'string'),
  );
}

/** The national record types (`FindingKind`), in registry order. */
export type FindingKindName = Extract<(typeof DEPARTMENT_REGISTRY)[number]['findingKinds'][number], { kind: string }>['kind'];

/** Which departments supply each record type. */
export function departmentsSupplying(kind: string): DepartmentName[] {
  return DEPARTMENT_REGISTRY.filter((d: DepartmentEntry) => findingKindsOf(d).includes(kind)).map((d) => d.name);
}

/** The selection of every department's section the rules need: the credit subgraph's `@requires`. */
export function sectionsSelection(): string {
  return DEPARTMENT_REGISTRY.map(
    (d: DepartmentEntry) => `${d.sectionField} { ${d.extraSelection ? `${d.extraSelection} ` : ''}${SOURCE_SELECTION} ${FINDINGS_SELECTION} }`,
  ).join(' ');
}

/** A department subgraph's name. */
export type DepartmentSubgraph = (typeof DEPARTMENT_REGISTRY)[number]['subgraph'];
