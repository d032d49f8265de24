import { createSimulator, type Simulator } from '../sim/index.js';
import type { CommonSimulatorOptions } from '../simulator-options.js';
import { financeProtocol } from './finance-protocol.js';

export {
  FINANCE_MAX_PAGE_SIZE,
  FINANCE_SEARCH_PATH,
  FINANCE_KEY_HEADER,
  financeProtocol,
  financeRecordsOf,
  type LegacyFinanceRecord,
} from './finance-protocol.js';

/**
 * The finance department's government-procurement credit system (财政 政府采购严重违法失信行为记录名单):
 * a paginated search by unified social credit code, 20 records per page, `X-Api-Key` header; no
 * batch endpoint and no rate limit of its own (unless `rateLimitPerSecond` is given). It has no
 * settings of its own. See `finance-protocol.ts` for the wire format.
 */
export function createFinanceSimulator(o: CommonSimulatorOptions): Simulator {
  const unknown = Object.keys(o.settings ?? {});
  if (unknown.length > 0) {
    throw new Error(`FINANCE_SIMULATOR_SETTINGS: the finance simulator has no settings of its own (got ${unknown.join(', ')})`);
  }
  const protocol = financeProtocol({ dataset: o.dataset, key: o.key });
  return createSimulator({
    name: 'finance',
    latencyMs: o.latencyMs,
    jitter: o.jitter,
    rateLimitPerSecond: o.rateLimitPerSecond,
    handle: protocol.handle,
    malformed: protocol.malformed,
  });
}
