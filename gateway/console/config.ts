/**
 * What the console pages are told at `GET /console-config.json`. The gateway builds this from its
 * callers configuration; `DEVELOPMENT_CONSOLE_CONFIG` is the default for development.
 */

/** A 查询事由 the user can choose (sent as `X-Query-Purpose`). */
export interface ConsolePurpose {
  code: string;
  /** English name. */
  name: string;
  /** 中文名称. */
  nameZh: string;
}

/** A key offered as a quick choice in the settings panel — development only. */
export interface ConsoleCallerHint {
  /** SERVICE_HALL, TRADING_PLATFORM, REPORT_DEVELOPER or AUDITOR. */
  kind: string;
  key: string;
  /** Purpose codes this key may use; the first is preselected when the hint is chosen. */
  purposes?: string[];
}

/** An example code shown as a quick button — development only. */
export interface ConsoleExample {
  /** Stable id (the golden case id), used in `data-testid="example-<id>"`. */
  id: string;
  uscc: string;
  label: string;
  labelZh: string;
}

export interface ConsoleConfig {
  /** Development keys and test data are in use: the pages say so, and offer the hints and examples. */
  development: boolean;
  /** The gateway runs with NODE_ENV=production; otherwise printed reports carry a development watermark. Default false. */
  production?: boolean;
  /** Where readers verify a printed report (before `/verify/…` in its QR code); null: the console's own origin. */
  verifyBaseUrl?: string | null;
  purposes: ConsolePurpose[];
  /** Served only when `development` is true. */
  callerHints: ConsoleCallerHint[];
  /** Served only when `development` is true. */
  examples?: ConsoleExample[];
}

/** The purposes of the gateway's embedded list (gateway/auth DEFAULT_PURPOSES). */
export const DEFAULT_CONSOLE_PURPOSES: readonly ConsolePurpose[] = [
  { code: 'ADMINISTRATIVE_LICENSING', nameZh: '行政许可审批', name: 'Administrative licensing' },
  { code: 'BIDDER_CHECK', nameZh: '投标人资格审查', name: 'Bidder eligibility check' },
  { code: 'GOVERNMENT_PROCUREMENT', nameZh: '政府采购供应商审查', name: 'Government procurement supplier check' },
  { code: 'FISCAL_FUNDS', nameZh: '财政性资金安排', name: 'Fiscal funds and subsidies' },
  { code: 'HONORS', nameZh: '评先评优', name: 'Honours and awards' },
  { code: 'STATE_LAND_TRANSFER', nameZh: '国有土地使用权出让', name: 'Transfer of state-owned land use rights' },
  { code: 'CREDIT_REPORT', nameZh: '信用报告编制', name: 'Credit report preparation' },
  { code: 'AUDIT', nameZh: '查询留痕审计', name: 'Audit of the query log' },
];

/**
 * Golden enterprises (test/golden/cases.json) offered as quick buttons in development, plus one
 * code with a typing error. A test keeps the codes in step with the golden file.
 */
export const DEVELOPMENT_EXAMPLES: readonly ConsoleExample[] = [
  { id: 'clean', uscc: '914205020361824755', labelZh: '无失信记录', label: 'Clean' },
  { id: 'dishonest-debtor', uscc: '914205030428615383', labelZh: '失信被执行人', label: 'Dishonest debtor' },
  { id: 'serious-illegal', uscc: '91610112072613949C', labelZh: '严重违法失信', label: 'Serious illegal' },
  { id: 'under-objection', uscc: '91610113021658733E', labelZh: '异议处理中', label: 'Under objection' },
  { id: 'major-tax-violation', uscc: '91420581025386712X', labelZh: '重大税收违法', label: 'Major tax violation' },
  { id: 'tax-d-level', uscc: '91430202061835474Y', labelZh: '纳税信用D级', label: 'Tax level D' },
  { id: 'abnormal-operations', uscc: '914205040647281568', labelZh: '经营异常', label: 'Abnormal operations' },
  { id: 'environment-red', uscc: '91420583014967255T', labelZh: '环境信用红色', label: 'Environment red' },
  { id: 'safety-blacklist', uscc: '91420506033740195F', labelZh: '安全生产失信', label: 'Safety dishonesty' },
  { id: 'multi-list', uscc: '916108020851734601', labelZh: '多重失信', label: 'Several lists' },
  { id: 'a-level-taxpayer', uscc: '91420506017539264P', labelZh: '纳税A级（激励）', label: 'Tax level A (incentive)' },
  { id: 'environment-green', uscc: '91610402058273642T', labelZh: '环境信用绿色', label: 'Environment green' },
  { id: 'consumption-restricted', uscc: '91430104051397423C', labelZh: '限制消费', label: 'Consumption restricted' },
  { id: 'dishonest-debtor-fulfilled', uscc: '91420103029473186R', labelZh: '失信已履行', label: 'Debtor, performed' },
  { id: 'abnormal-operations-removed', uscc: '91420606038951602H', labelZh: '已移出异常', label: 'Abnormal, removed' },
  { id: 'major-tax-violation-expired', uscc: '91430111047192839L', labelZh: '税收违法期满', label: 'Tax violation, expired' },
  { id: 'repaired', uscc: '91430105079382151G', labelZh: '信用修复', label: 'Repaired' },
  { id: 'deregistered', uscc: '914205030465293800', labelZh: '已注销', label: 'Deregistered' },
  { id: 'legacy-taxpayer-id', uscc: '91430302063017424M', labelZh: '15位税号', label: 'Old taxpayer number' },
  { id: 'unknown', uscc: '91420502092846715K', labelZh: '查无此主体', label: 'Not found' },
  { id: 'typo', uscc: '914205020361824756', labelZh: '校验码错误', label: 'Wrong check character' },
];

/** The console configuration for development: every purpose, the four development keys, the examples. */
export const DEVELOPMENT_CONSOLE_CONFIG: ConsoleConfig = {
  development: true,
  purposes: DEFAULT_CONSOLE_PURPOSES.map((p) => ({ ...p })),
  callerHints: [
    {
      kind: 'SERVICE_HALL',
      key: 'dev-service-hall',
      purposes: ['ADMINISTRATIVE_LICENSING', 'GOVERNMENT_PROCUREMENT', 'FISCAL_FUNDS', 'HONORS', 'STATE_LAND_TRANSFER'],
    },
    { kind: 'TRADING_PLATFORM', key: 'dev-trading-platform', purposes: ['BIDDER_CHECK', 'GOVERNMENT_PROCUREMENT'] },
    { kind: 'REPORT_DEVELOPER', key: 'dev-report-developer', purposes: ['CREDIT_REPORT'] },
    { kind: 'AUDITOR', key: 'dev-auditor', purposes: ['AUDIT'] },
  ],
  examples: DEVELOPMENT_EXAMPLES.map((e) => ({ ...e })),
};

/**
 * The console configuration from the gateway's callers configuration (its `development` flag and
 * purposes, whose names are `nameZh`/`nameEn`). In development the hints default to the four
 * development keys and the golden examples are offered.
 */
export function consoleConfigFor(callers: {
  development: boolean;
  purposes: readonly { code: string; nameZh: string; nameEn: string }[];
  callerHints?: readonly ConsoleCallerHint[];
}): ConsoleConfig {
  return {
    development: callers.development,
    purposes: callers.purposes.map((p) => ({ code: p.code, name: p.nameEn, nameZh: p.nameZh })),
    callerHints: callers.development ? (callers.callerHints ?? DEVELOPMENT_CONSOLE_CONFIG.callerHints).map((h) => ({ ...h })) : [],
    examples: callers.development ? DEVELOPMENT_EXAMPLES.map((e) => ({ ...e })) : [],
  };
}

/** What is actually sent to browsers: hints and examples only in development. */
export function publicConsoleConfig(config: ConsoleConfig): ConsoleConfig {
  return {
    development: config.development,
    production: config.production ?? false,
    verifyBaseUrl: config.verifyBaseUrl ?? null,
    purposes: config.purposes.map((p) => ({ code: p.code, name: p.name, nameZh: p.nameZh })),
    callerHints: config.development ? config.callerHints.map((h) => ({ ...h })) : [],
    examples: config.development ? (config.examples ?? []).map((e) => ({ ...e })) : [],
  };
}
