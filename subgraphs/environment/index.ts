export { environmentSubgraph } from './environment-subgraph.js';
export type { EnvironmentRecordView, EnvironmentRatingView, EnvironmentPenaltyView } from './normalize.js';
