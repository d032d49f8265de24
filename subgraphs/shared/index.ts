export { readSubgraphSdl, startSubgraphServer, type RunningServer, type SubgraphServerOptions } from './subgraph-server.js';
export type { SubgraphModule } from './subgraph-module.js';
export { runSubgraphMain } from './main.js';
export { loadDepartmentConfig, configError, sharedSecretSchema, type DepartmentConfig, type SubgraphHttpConfig } from './config.js';
export { runInRequestScope, currentRequestScope, currentWork, type RequestScope } from './request-scope.js';
export { FairQueue, reservedForInteractive, UNMARKED_WORK, type Work, type WorkClass } from './work-queue.js';
export {
  createLegacySystem,
  legacySystemFor,
  type LegacySystem,
  type LegacySystemOptions,
  type LegacyCall,
  type LegacyAnswer,
} from './legacy-system.js';
export {
  defineDepartmentSubgraph,
  createPerCodeLookupLoader,
  type DepartmentSource,
  type BatchSource,
  type PerCodeSource,
  type LocalSource,
  type DepartmentSubgraphSpec,
  type DepartmentWiring,
  type DepartmentStartOptions,
} from './department-subgraph.js';
export { LegacyResilience, type ResilienceOptions, type BreakerState } from './legacy-resilience.js';
export {
  LegacyError,
  LegacyTimeoutError,
  LegacyUnavailableError,
  LegacyBadResponseError,
  LegacyRateLimitedError,
  asLegacyError,
  sourceStateOf,
  type LegacyErrorCode,
} from './legacy-errors.js';
export {
  createBatchLookupLoader,
  lookupThroughCache,
  sourceStatusOf,
  findingStatusOn,
  penaltyDetailOf,
  chinaDate,
  type DepartmentName,
  type Lookup,
  type SourceStatus,
  type SourceState,
  type CreditFinding,
  type FindingStatus,
  type PenaltyDetail,
} from './department.js';
export { penaltyCategoriesOf, PENALTY_CATEGORIES, type PenaltyCategory } from './penalty-categories.js';
export { LegacyCache, type LegacyCacheOptions } from './legacy-cache.js';
export { legacyReadiness, type Readiness } from './readiness.js';
export { createSubgraphMetrics, type SubgraphMetrics } from './metrics.js';
