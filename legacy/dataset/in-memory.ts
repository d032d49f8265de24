import type { Dataset, EnterpriseTruth, IsoDate } from './types.js';

/**
 * A dataset over a fixed list of enterprises — for unit tests of one simulator, and the base the
 * generated dataset puts its golden cases in.
 */
export function datasetFromRecords(records: readonly EnterpriseTruth[], today: IsoDate): Dataset {
  const byUscc = new Map(records.map((r) => [r.uscc, r]));
  const byOrg = new Map(records.map((r) => [r.uscc.slice(8, 17), r]));
  const byTaxpayer = new Map(records.filter((r) => r.tax).map((r) => [r.tax!.taxpayerId, r]));
  return {
    size: records.length,
    today,
    byUscc: (u) => byUscc.get(u),
    byOrganizationCode: (o) => byOrg.get(o),
    byTaxpayerId: (id) => byTaxpayer.get(id),
    at(i) {
      const r = records[i];
      if (!r) throw new RangeError(`no enterprise at index ${i}`);
      return r;
    },
  };
}
