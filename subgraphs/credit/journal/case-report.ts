import type { Catalogue } from '../catalogue/catalogue.js';
import type { CheckEntry, FeedbackEntry } from './check-journal.js';

/**
 * 联合奖惩案例月报: the month's cases (checks that found a measure), each with its latest feedback,
 * and per-measure counts of found / applied / not applied / awaiting feedback.
 */
export function caseReport(month: string, data: { checks: CheckEntry[]; feedback: FeedbackEntry[] }, catalogue: Catalogue, now: Date) {
  const latest = new Map<string, FeedbackEntry>();
  for (const f of data.feedback) {
    const prev = latest.get(f.checkId);
    if (!prev || prev.reportedAt <= f.reportedAt) latest.set(f.checkId, f);
  }
  const byCode = new Map(
    catalogue.measures.map((m) => [m.code, { code: m.code, nameZh: m.nameZh, kind: m.kind, found: 0, applied: 0, notApplied: 0, pending: 0 }]),
  );
  const records = data.checks.map((c) => {
    const feedback = latest.get(c.checkId) ?? null;
    for (const code of [...c.flags, ...c.incentives]) {
      const row = byCode.get(code);
      if (!row) continue;
      row.found++;
      if (!feedback) row.pending++;
      else if (feedback.applied && feedback.measureCodes.includes(code)) row.applied++;
      else row.notApplied++;
    }
    return {
      checkId: c.checkId,
      uscc: c.uscc,
      scenario: c.scenario,
      verdict: c.verdict,
      checkedAt: c.checkedAt,
      flagCodes: c.flags,
      incentiveCodes: c.incentives,
      feedback,
    };
  });
  return {
    month,
    generatedAt: now.toISOString(),
    cases: records.length,
    punishmentCases: records.filter((r) => r.flagCodes.length > 0).length,
    incentiveCases: records.filter((r) => r.incentiveCodes.length > 0).length,
    withFeedback: records.filter((r) => r.feedback).length,
    byMeasure: [...byCode.values()].filter((r) => r.found > 0),
    records,
  };
}
