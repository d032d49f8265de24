import { LegacyBadResponseError, LegacyTimeoutError, type DepartmentConfig, type LegacySystem } from '../shared/index.js';
import { financePageModel, financeRefusalModel, type FinanceLegacyRecord, type FinancePage } from './legacy-models.js';

/** How errors name this system (never with its address). */
export const FINANCE_SYSTEM = 'finance legacy system (财政)';
const SEARCH_PATH = '/api/cgxx/search';
/** The system serves at most 20 records per page; asking for more is an HTTP 400. */
export const FINANCE_PAGE_SIZE = 20;
/**
 * More pages than this for one supplier is not an answer this layer believes (a supplier with
 * hundreds of procurement bans does not exist): the answer is refused, never cut short.
 */
export const FINANCE_MAX_PAGES = 25;

export interface FinanceLegacyClient {
  /**
   * Every record of one supplier, all pages, by USCC; `[]` when the list holds none. Throws a
   * `LegacyError`. `deadlineAt` (epoch ms) bounds every page's call.
   */
  fetchRecords(uscc: string, deadlineAt: number): Promise<FinanceLegacyRecord[]>;
}

/**
 * A client of the finance system's paginated search: page 1 first, then — when `total` says there
 * are more than 20 records — every other page at once. Pages that do not add up to the announced
 * total (a record published or withdrawn while paging, a short page) are a bad response: a gap
 * could hide a listing.
 */
export function createFinanceLegacyClient(legacy: DepartmentConfig['legacy'], system: LegacySystem): FinanceLegacyClient {
  async function fetchPage(uscc: string, page: number, deadlineAt: number): Promise<FinancePage> {
    const remaining = Math.min(legacy.timeoutMs, Math.floor(deadlineAt - Date.now()));
    if (remaining <= 0) throw new LegacyTimeoutError(`${FINANCE_SYSTEM}: the deadline passed before page ${page} was asked for`);
    const query = new URLSearchParams({ creditCode: uscc, page: String(page), size: String(FINANCE_PAGE_SIZE) });
    const answer = await system.request({
      method: 'GET',
      url: `${legacy.url}${SEARCH_PATH}?${query.toString()}`,
      headers: { 'x-api-key': legacy.key, accept: 'application/json' },
      timeoutMs: remaining,
    });
    let json: unknown;
    try {
      json = JSON.parse(answer.body.toString('utf8'));
    } catch (err) {
      throw new LegacyBadResponseError(`${FINANCE_SYSTEM} answered with a body that is not JSON`, { cause: err });
    }
    const refusal = financeRefusalModel.safeParse(json);
    if (refusal.success) {
      const code = /^[0-9A-Za-z_-]{1,12}$/.test(refusal.data.code) ? refusal.data.code : 'unreadable';
      throw new LegacyBadResponseError(`${FINANCE_SYSTEM} refused the search (code ${code})`);
    }
    const parsed = financePageModel.safeParse(json);
    if (!parsed.success) throw new LegacyBadResponseError(`${FINANCE_SYSTEM} answered in an unexpected shape`, { cause: parsed.error });
    if (parsed.data.page !== page || parsed.data.records.length > FINANCE_PAGE_SIZE) {
      throw new LegacyBadResponseError(`${FINANCE_SYSTEM} answered with a page other than the one asked for`);
    }
    return parsed.data;
  }

  return {
    async fetchRecords(uscc, deadlineAt) {
      const first = await fetchPage(uscc, 1, deadlineAt);
      const pageCount = Math.ceil(first.total / FINANCE_PAGE_SIZE);
      if (pageCount > FINANCE_MAX_PAGES) {
        throw new LegacyBadResponseError(`${FINANCE_SYSTEM} announced ${first.total} records for one supplier, more than ${FINANCE_MAX_PAGES} pages`);
      }
      const rest = await Promise.all(Array.from({ length: Math.max(0, pageCount - 1) }, (_, i) => fetchPage(uscc, i + 2, deadlineAt)));
      const records = [first, ...rest].flatMap((p) => p.records);
      if (records.length !== first.total || rest.some((p) => p.total !== first.total)) {
        throw new LegacyBadResponseError(`${FINANCE_SYSTEM} pages do not add up to the announced total`);
      }
      if (new Set(records.map((r) => r.recordId)).size !== records.length) {
        throw new LegacyBadResponseError(`${FINANCE_SYSTEM} pages repeat a record (the list shifted while paging)`);
      }
      // A search may also list a record of another supplier; it says nothing about this one.
      return records.filter((r) => r.uscc === uscc);
    },
  };
}
