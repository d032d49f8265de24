export { financeSubgraph } from './finance-subgraph.js';
export type { FinanceRecord, ProcurementDishonestEntry } from './normalize.js';
