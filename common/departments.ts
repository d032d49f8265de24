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
  readonly labelZh: string;
  /** In an English sentence ("… could not be read"). */
  readonly labelEn: string;
  /** As a heading or table cell in the console. */
  readonly titleEn: string;
  /** The national record types (`FindingKind`) its findings are normalised to. */
  readonly findingKinds: readonly string[];
  /** What the rules read of the section besides its source and findings. */
  readonly extraSelection?: string;
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
    labelZh: '市场监管',
    labelEn: 'market regulation',
    titleEn: 'Market regulation',
    findingKinds: ['ABNORMAL_OPERATIONS', 'SERIOUS_ILLEGAL_DISHONEST', 'ADMINISTRATIVE_PENALTY', 'SEVERE_ADMINISTRATIVE_PENALTY'],
    // Registration decides existence (NOT_FOUND) and the deregistered / revoked warnings.
    extraSelection: 'registration { status closedOn }',
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
    labelZh: '税务',
    labelEn: 'tax',
    titleEn: 'Tax',
    findingKinds: ['MAJOR_TAX_VIOLATION', 'TAX_CREDIT_A', 'TAX_CREDIT_D', 'TAX_ARREARS'],
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
    labelZh: '法院',
    labelEn: 'the courts',
    titleEn: 'Courts',
    findingKinds: ['DISHONEST_DEBTOR', 'CONSUMPTION_RESTRICTION'],
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
    labelZh: '生态环境',
    labelEn: 'environment',
    titleEn: 'Environment',
    findingKinds: ['ADMINISTRATIVE_PENALTY', 'SEVERE_ADMINISTRATIVE_PENALTY', 'ENVIRONMENT_CREDIT_GREEN', 'ENVIRONMENT_CREDIT_YELLOW', 'ENVIRONMENT_CREDIT_RED'],
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
    labelZh: '经信',
    labelEn: 'economy & IT',
    titleEn: 'Economy & IT',
    findingKinds: ['SAFETY_PRODUCTION_DISHONEST', 'CREDIT_COMMITMENT_BREACH', 'HONOR'],
  },
] as const satisfies readonly DepartmentEntry[];

export type DepartmentName = (typeof DEPARTMENT_REGISTRY)[number]['name'];

/** The departments in registry order. */
export const DEPARTMENT_NAMES: readonly DepartmentName[] = DEPARTMENT_REGISTRY.map((d) => d.name);

export function departmentEntry(name: DepartmentName): DepartmentEntry {
  return DEPARTMENT_REGISTRY.find((d) => d.name === name)!;
}

/** Which departments supply each record type. */
export function departmentsSupplying(kind: string): DepartmentName[] {
  return DEPARTMENT_REGISTRY.filter((d) => (d.findingKinds as readonly string[]).includes(kind)).map((d) => d.name);
}

/** The selection of every department's section the rules need: the credit subgraph's `@requires`. */
export function sectionsSelection(): string {
  return DEPARTMENT_REGISTRY.map((d: DepartmentEntry) => `${d.sectionField} { ${d.extraSelection ? `${d.extraSelection} ` : ''}${SOURCE_SELECTION} ${FINDINGS_SELECTION} }`).join(' ');
}

/** A department subgraph's name. */
export type DepartmentSubgraph = (typeof DEPARTMENT_REGISTRY)[number]['subgraph'];
