// @ts-check
/** The GraphQL operations the console pages send (the explorer has its own examples). */
import { SECTION_FIELDS } from './departments.generated.js';

const FINDING = 'id department kind status listedOn removedOn publicUntil reference authority reason underObjection';
/** One legal basis as the clerk cites it: title, number, article, quoted wording, dates, whether the wording was checked. */
const BASIS = `document documentNumber issuer article wording effectiveFrom effectiveUntil supersededBy
          verification { state source readOn }`;
const MEASURE = `code name nameZh kind category appliesTo implementedBy scope
        duration { type months from }`;
const SOURCE = 'department status asOf found fromCache stale message';

/**
 * Every registered department's source and findings (the report shows a department without a
 * section of its own as its records); merged with the detailed selections above it.
 */
const ALL_SECTIONS = Object.values(SECTION_FIELDS)
  .map((field) => `${field} { source { ${SOURCE} } findings { ${FINDING} } }`)
  .join('\n    ');

/** The fields of a credit check the console shows. */
export const CHECK_FIELDS = `checkId scenario verdict checkedAt asOf catalogueVersion
      missingSources relevantSources registrationStatus warnings summary summaryZh
      notChecked { zh en }
      sources { ${SOURCE} }
      flags { appliesFrom appliesUntil underObjection condition localChoice
        measure { ${MEASURE} }
        finding { ${FINDING} }
        basis { ${BASIS} } }
      incentives { appliesFrom appliesUntil
        measure { ${MEASURE} }
        finding { ${FINDING} }
        basis { ${BASIS} } }`;

/** Service hall: one entity, one scenario. */
export const CHECK_QUERY = `query ConsoleCheck($uscc: String!, $scenario: Scenario!, $asOf: String) {
  enterprise(uscc: $uscc) {
    uscc
    organizationCode
    codeInfo { registeringAuthority entityType division }
    marketRegulation {
      source { ${SOURCE} }
      registration { name status closedOn legalRepresentative { name } }
    }
    creditCheck(scenario: $scenario, asOf: $asOf) {
      ${CHECK_FIELDS}
    }
  }
}`;

/**
 * Service hall, consortium bid (联合体): every member's own check and the whole, which is as strict
 * as its strictest member.
 */
export const CONSORTIUM_QUERY = `query ConsoleConsortiumCheck($usccs: [String!]!, $scenario: Scenario!, $asOf: String) {
  consortium(usccs: $usccs) {
    id
    members {
      uscc
      marketRegulation { registration { name status } }
    }
    creditCheck(scenario: $scenario, asOf: $asOf) {
      checkId scenario verdict checkedAt asOf catalogueVersion decidingMembers summary summaryZh
      members {
        uscc
        position
        check {
          ${CHECK_FIELDS}
        }
      }
    }
  }
}`;

/** The printable credit report: every department's section and the check. */
export const REPORT_QUERY = `query CreditReport($uscc: String!, $scenario: Scenario!, $asOf: String) {
  enterprise(uscc: $uscc) {
    uscc
    organizationCode
    codeInfo { registeringAuthorityCode registeringAuthority entityTypeCode entityType division }
    marketRegulation {
      source { ${SOURCE} }
      registration {
        name status closedOn companyType establishedOn address registeredCapitalWan businessScope authority
        legalRepresentative { name idNumberMasked }
      }
      penalties { reference penaltyType fineYuan severe decidedOn authority reason status publicUntil removedOn underObjection }
      findings { ${FINDING} }
    }
    tax {
      source { ${SOURCE} }
      taxpayerId taxpayerIdType
      currentCreditRating { year level publishedOn inForceUntil }
      creditRatings { year level publishedOn inForceUntil }
      majorViolations { caseNumber authority facts amountYuan publishedOn publicUntil stoppedOn stopReason stopReasonText underObjection status }
      arrears { taxType amountYuan since authority }
      findings { ${FINDING} }
    }
    judicial {
      source { ${SOURCE} }
      findings { ${FINDING} }
      enforcementCases { caseNumber court filedOn amountYuan closedOn }
      dishonestDebtorEntries {
        caseNumber court filedOn publishedOn publicUntil enforcementBasis obligation performance circumstances
        legalRepresentative removedOn removalReason removalReasonText underObjection status
      }
    }
    environment {
      source { ${SOURCE} }
      enterpriseName
      rating { year level authority ratedOn validUntil }
      ratings { year level authority ratedOn validUntil }
      penalties { reference penaltyType fineYuan facts decidedOn publicUntil authority severe removal removedOn underObjection status }
      findings { ${FINDING} }
    }
    economy {
      source { ${SOURCE} }
      honors { title year authority awardedOn validUntil }
      commitments { reference matter madeOn status checkedOn }
      findings { ${FINDING} }
    }
    ${ALL_SECTIONS}
    creditCheck(scenario: $scenario, asOf: $asOf) {
      ${CHECK_FIELDS}
    }
  }
}`;

/**
 * 措施清单: the measures (and, per trigger, the bases) in force on `asOf`. Needs a key but no
 * purpose: the catalogue holds no enterprise data.
 */
export const CATALOGUE_QUERY = `query MeasuresCatalogue($asOf: String) {
  measuresCatalogue(asOf: $asOf) {
    version asOf title basis
    measures {
      code name nameZh kind category appliesTo scenarios scope implementedBy effectiveFrom effectiveUntil
      duration { type months from }
      triggerRules {
        kind condition effectiveFrom effectiveUntil localChoice
        legalBasis { ${BASIS} }
      }
    }
  }
}`;
