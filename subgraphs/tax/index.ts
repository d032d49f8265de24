export { taxSubgraph, startTaxSubgraph, taxSdl } from './tax-subgraph.js';
export { loadTaxConfig, TAX_LEGACY_MAX_BATCH } from './config.js';
export type { TaxRecordObject, TaxCreditRatingObject, TaxMajorViolationObject, TaxArrearsObject, TaxpayerIdType } from './normalize.js';
export type { TaxLevel, TaxStopReason } from './legacy-models.js';
