import { defineDepartmentSubgraph, type DepartmentStartOptions, type SubgraphModule } from '../shared/index.js';
import { loadHrssConfig, type HrssConfig } from './config.js';
import { createExportSource, type ExportSource } from './export-source.js';
import { humanResourcesRecordOf } from './normalize.js';

/**
 * How long `start` waits for the first export before it resolves anyway (lookups then answer
 * UNAVAILABLE and readiness stays false until an export loads): long enough for a local export, short
 * enough that a hanging platform does not hold the service's start-up.
 */
const FIRST_EXPORT_WAIT_MS = 15_000;

/** The department definition; `onSource` sees the export source each start builds. */
function define(onSource?: (source: ExportSource) => void) {
  return defineDepartmentSubgraph({
    department: 'HUMAN_RESOURCES',
    schemaUrl: new URL('./schema.graphql', import.meta.url),
    loadConfig: loadHrssConfig,
    connect({ config, legacy, metrics, clock }) {
      const source = createExportSource({ legacy, config, metrics, clock });
      onSource?.(source);
      return source;
    },
    section: humanResourcesRecordOf,
  });
}

const definition = define();

/**
 * The human resources & social security (人社) subgraph: `Enterprise.humanResources` — the
 * 拖欠农民工工资失信联合惩戒对象名单 and social-insurance arrears, from the department's daily full
 * export held in memory (see `createExportSource`). `start` resolves once the first export has
 * loaded (or failed to, or after 15 s), so a fresh service does not answer UNAVAILABLE for an export
 * that is a moment away.
 */
export const hrssSubgraph: SubgraphModule<HrssConfig, DepartmentStartOptions> = {
  name: definition.name,
  department: definition.department,
  sdl: definition.sdl,
  loadConfig: definition.loadConfig,
  async start(config, options) {
    let source: ExportSource | undefined;
    const server = await define((s) => (source = s)).start(config, options);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([source?.firstAttempt, new Promise<void>((resolve) => (timer = setTimeout(resolve, FIRST_EXPORT_WAIT_MS)))]);
    clearTimeout(timer);
    return server;
  },
};

export type { HrssConfig } from './config.js';
export type { HumanResourcesRecordView, HrssWageArrearsListingView, HrssSocialInsuranceArrearsView } from './normalize.js';
