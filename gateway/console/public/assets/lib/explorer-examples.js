// @ts-check
/** Example operations of the API explorer, one or more per kind of caller, and whose key each runs with. */

/**
 * @typedef {object} Example
 * @property {string} id
 * @property {string} kind caller kind
 * @property {string} purpose the purpose this caller would give
 * @property {{ zh: string, en: string }} title
 * @property {string} query
 * @property {Record<string, unknown>} variables
 */

/**
 * A day `days` before today in China (UTC+8 all year), YYYY-MM-DD: the auditor's example re-checks as
 * of a recent day, so it runs as shipped whatever the date.
 * @param {number} days
 * @param {number} [now]
 */
export function chinaDaysAgo(days, now = Date.now()) {
  return new Date(now + 8 * 3_600_000 - days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The key, purpose and reference an example is sent with: the console's settings, or — in
 * development — the development key of the example's kind of caller with the example's purpose (and
 * a tender number for the trading platform, whose purpose needs one).
 * @param {Example | null} example
 * @param {{ development: boolean, callerHints: { kind: string, key: string }[] }} config
 * @param {{ key: string, purpose: string, reference: string, operator?: { id: string, name: string } | null }} settings
 * @returns {{ key: string, purpose: string, reference: string, operator?: { id: string, name: string } | null }}
 */
export function exampleCredentials(example, config, settings) {
  const own = { key: settings.key, purpose: settings.purpose, reference: settings.reference, operator: settings.operator };
  if (!example || !config.development) return own;
  const hint = config.callerHints.find((x) => x.kind === example.kind);
  if (!hint) return own;
  return { key: hint.key, purpose: example.purpose, reference: example.kind === 'TRADING_PLATFORM' ? 'T-2026-001' : '', operator: settings.operator };
}

const FLAG_FIELDS = `flags {
        measure { code nameZh kind scope implementedBy }
        finding { kind department authority reference listedOn publicUntil underObjection }
        basis { document documentNumber article wording verification { state } }
        condition
        localChoice
        appliesFrom
        appliesUntil
      }`;

/** @type {Example[]} */
export const EXAMPLES = [
  {
    id: 'service-hall-check',
    kind: 'SERVICE_HALL',
    purpose: 'ADMINISTRATIVE_LICENSING',
    title: { zh: '政务服务大厅 · 单个主体核查', en: 'Service hall · check one entity' },
    query: `# 逢办必查：一个主体、一个办理场景的核查结论（禁止/限制/审慎/未见限制/信息不完整/查无此主体）
# Service hall: the verdict for one entity in one scenario, with every flag's legal basis.
query ServiceHallCheck($uscc: String!, $scenario: Scenario!) {
  enterprise(uscc: $uscc) {
    uscc
    marketRegulation { registration { name status } }
    creditCheck(scenario: $scenario) {
      checkId
      verdict
      summaryZh
      missingSources
      warnings
      ${FLAG_FIELDS}
      incentives { measure { code nameZh } }
      sources { department status asOf fromCache stale }
    }
  }
}`,
    variables: { uscc: '914205030428615383', scenario: 'ADMINISTRATIVE_LICENSING' },
  },
  {
    id: 'trading-platform-bidders',
    kind: 'TRADING_PLATFORM',
    purpose: 'BIDDER_CHECK',
    title: { zh: '公共资源交易平台 · 投标人名单', en: 'Trading platform · list of bidders' },
    query: `# 投标人名单：每个代码一个结果，按输入顺序；无效代码返回 InvalidCode（不影响其他代码）。
# Bidders: one result per code, in input order; an invalid code is an InvalidCode result.
# Send the tender number as X-Query-Reference. At most 1,000 codes per request (100 is a good chunk).
query BidderList($usccs: [String!]!, $asOf: String) {
  enterprises(usccs: $usccs) {
    __typename
    ... on InvalidCode { input reason message position }
    ... on Enterprise {
      uscc
      marketRegulation { registration { name } }
      creditCheck(scenario: BIDDING, asOf: $asOf) {
        verdict
        checkId
        missingSources
        flags { measure { code nameZh kind } finding { kind reference } }
      }
    }
  }
}`,
    variables: { usccs: ['914205020361824755', '91610112072613949C', '914205020361824756'], asOf: null },
  },
  {
    id: 'report-developer-sections',
    kind: 'REPORT_DEVELOPER',
    purpose: 'CREDIT_REPORT',
    title: { zh: '信用报告开发方 · 自选板块', en: 'Report developer · chosen sections' },
    query: `# 信用报告：只取需要的板块。每个部门板块都有 source：status 不是 OK 时该板块“未能读取”，不等于“无记录”。
# Credit report: pick the sections you need. A section whose source.status is not OK was not read —
# that is not the same as "no records".
query ReportSections($uscc: String!) {
  enterprise(uscc: $uscc) {
    uscc
    organizationCode
    codeInfo { registeringAuthority entityType division }
    marketRegulation {
      source { status asOf found }
      registration { name status companyType establishedOn address authority legalRepresentative { name idNumberMasked } }
      penalties { reference penaltyType fineYuan decidedOn authority status publicUntil }
    }
    tax {
      source { status asOf found }
      currentCreditRating { year level }
      majorViolations { caseNumber facts publishedOn status }
    }
    judicial {
      source { status asOf found }
      dishonestDebtorEntries { caseNumber court obligation performance circumstances status }
      enforcementCases { caseNumber court filedOn amountYuan closedOn }
    }
    environment { source { status } rating { year level } }
    economy { source { status } honors { title year } commitments { matter status } }
  }
}`,
    variables: { uscc: '916108020851734601' },
  },
  {
    id: 'report-developer-catalogue',
    kind: 'REPORT_DEVELOPER',
    purpose: 'CREDIT_REPORT',
    title: { zh: '信用报告开发方 · 措施清单', en: 'Report developer · measures catalogue' },
    query: `# 联合奖惩措施清单：某日施行的措施，每项的触发记录、条件、法律依据（原文）和实施部门。
# The measures catalogue in force on a day: each measure's triggers, conditions, legal bases (with
# their wording) and implementer. Omit asOf for the whole catalogue, past and present.
query Catalogue($asOf: String) {
  measuresCatalogue(asOf: $asOf) {
    version
    asOf
    title
    measures {
      code
      nameZh
      name
      kind
      category
      scenarios
      scope
      implementedBy
      effectiveFrom
      effectiveUntil
      duration { type months from }
      triggerRules {
        kind
        condition
        localChoice
        legalBasis { document documentNumber article wording effectiveFrom effectiveUntil verification { state } }
      }
    }
  }
}`,
    variables: {},
  },
  {
    id: 'auditor-recheck',
    kind: 'AUDITOR',
    purpose: 'AUDIT',
    title: { zh: '审计 · 按日期复核核查结论', en: 'Auditor · re-check a verdict as of a date' },
    query: `# 审计复核：按当时的日期（asOf）重新核查，与办件中记录的核查编号和结论对照；
# sources 说明各部门当时是否读取成功、是否使用缓存。
# Audit: re-run a check as of the day it was made and compare it with the check id and verdict
# recorded in the case file; sources tell whether each department was read, cached or stale.
query AuditRecheck($uscc: String!, $scenario: Scenario!, $asOf: String!) {
  enterprise(uscc: $uscc) {
    uscc
    creditCheck(scenario: $scenario, asOf: $asOf) {
      checkId
      checkedAt
      asOf
      catalogueVersion
      verdict
      missingSources
      relevantSources
      sources { department status asOf found fromCache stale message }
      flags { measure { code } finding { id kind status listedOn removedOn reference } appliesFrom appliesUntil underObjection }
    }
  }
}`,
    // A week ago: the day a check recorded in the case file was made (any past day will do).
    variables: { uscc: '91610113021658733E', scenario: 'GOVERNMENT_PROCUREMENT', asOf: chinaDaysAgo(7) },
  },
];
