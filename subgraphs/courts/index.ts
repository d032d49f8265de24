export { courtsSubgraph } from './courts-subgraph.js';
export type { CourtsConfig } from './config.js';
export type { JudicialRecord, CourtEnforcementCase, CourtDishonestDebtorEntry, CourtRemovalReason } from './normalize.js';
