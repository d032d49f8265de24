import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildUscc } from '../../common/uscc/index.js';
import { datasetFromRecords } from '../../legacy/dataset/in-memory.js';
import type { EnterpriseTruth } from '../../legacy/dataset/types.js';
import { createHrssSimulator, type HrssSimulator } from '../../legacy/hrss/index.js';
import { createLegacySystem, createSubgraphMetrics, sourceStatusOf, type LegacySystem, type SubgraphMetrics } from '../shared/index.js';
import { loadHrssConfig } from './config.js';
import { createExportSource, type ExportSource } from './export-source.js';

const LISTED = buildUscc('9', '1', '420502', 'MH000011');
const OTHER = buildUscc('9', '1', '420502', 'MH000012');
const TODAY = '2024-06-15';
const EXPORTED_AT = '2024-06-15T01:30:00.000Z';

const RECORDS: EnterpriseTruth[] = [
  {
    uscc: LISTED,
    market: null,
    tax: null,
    courts: null,
    environment: null,
    economy: null,
    hrss: {
      wageArrearsDishonest: [
        {
          reference: '宜西人社失信〔2024〕3号',
          authority: '宜昌市西陵区人力资源和社会保障局',
          reason: '拖欠农民工工资',
          listedOn: '2024-01-10',
          publicUntil: '2027-01-09',
          amountYuan: 120000,
          workers: 12,
        },
      ],
      socialInsuranceArrears: [],
    },
  },
];

/** A clock the test moves. */
function movableClock(start: string) {
  let now = Date.parse(start);
  return { clock: () => new Date(now), set: (iso: string) => (now = Date.parse(iso)) };
}

describe('the 人社 export source against the platform', () => {
  let sim: HrssSimulator;
  let url: string;
  let metrics: SubgraphMetrics;
  let legacy: LegacySystem;
  const sources: ExportSource[] = [];
  const logs: string[] = [];
  const time = movableClock('2024-06-15T02:00:00Z');

  const newSource = (env: Record<string, string> = {}) => {
    // Long refresh: the tests drive refresh() themselves.
    const config = loadHrssConfig({ HRSS_LEGACY_URL: url, HRSS_LEGACY_KEY: 'k', HRSS_EXPORT_REFRESH_MS: '3600000', ...env });
    metrics = createSubgraphMetrics();
    legacy = createLegacySystem({ name: 'hrss legacy system', url, metrics });
    const s = createExportSource({ legacy, config, metrics, clock: time.clock, log: (m) => logs.push(m) });
    sources.push(s);
    return s;
  };
  const counted = async (outcome: string) => {
    const m = (await metrics.registry.getMetricsAsJSON()).find((x) => x.name === 'credit_hrss_export_refreshes_total');
    return m?.values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
  };

  beforeAll(async () => {
    sim = createHrssSimulator({ dataset: datasetFromRecords(RECORDS, TODAY), key: 'k', settings: { exportedAt: EXPORTED_AT } });
    url = await sim.listen(0);
  });
  afterEach(async () => {
    await Promise.all(sources.splice(0).map((s) => s.close()));
    await legacy?.close();
    sim.setFault('none');
    sim.setExport({ exportedAt: EXPORTED_AT });
    sim.resetStats();
    logs.length = 0;
    time.set('2024-06-15T02:00:00Z');
  });
  afterAll(() => sim.close());

  it('loads the export at start and answers with the export time as asOf', async () => {
    const s = newSource();
    await s.firstAttempt;
    expect(s.current()).toMatchObject({ exportedAt: new Date(EXPORTED_AT), recordCount: 1 });
    const found = s.lookup(LISTED);
    expect(found).toMatchObject({ kind: 'found', asOf: EXPORTED_AT });
    expect(found.kind === 'found' && found.record.wageArrearsListings[0]!.reference).toBe('宜西人社失信〔2024〕3号');
    expect(s.lookup(OTHER)).toEqual({ kind: 'missing', asOf: EXPORTED_AT });
    expect(sourceStatusOf('HUMAN_RESOURCES', s.lookup(LISTED)).status).toBe('OK');
    expect((await s.readiness()).ready).toBe(true);
    expect(await counted('loaded')).toBe(1);
  });

  it('before any export has loaded, lookups are UNAVAILABLE and it is not ready; the next refresh loads', async () => {
    sim.setFault('down');
    const s = newSource();
    await s.firstAttempt;
    const lookup = s.lookup(LISTED);
    expect(lookup.kind).toBe('failed');
    expect(sourceStatusOf('HUMAN_RESOURCES', lookup)).toMatchObject({ status: 'UNAVAILABLE', asOf: null, found: null });
    expect(await s.readiness()).toEqual({
      ready: false,
      checks: [{ name: 'hrss export', ready: false, detail: 'no export loaded yet (LEGACY_UNAVAILABLE)' }],
    });
    expect(logs.join('\n')).toMatch(/no export is loaded: 人社 lookups are UNAVAILABLE/);
    sim.setFault('none');
    expect(await s.refresh()).toMatchObject({ kind: 'loaded', recordCount: 1 });
    expect(s.lookup(LISTED).kind).toBe('found');
    expect((await s.readiness()).ready).toBe(true);
  });

  it.each(['checksum', 'truncated', 'bad-line', 'count'] as const)(
    'keeps the last good export when the new one is %s, and counts the failure',
    async (corrupt) => {
      const s = newSource();
      await s.firstAttempt;
      const good = s.current()!;
      sim.setExport({ exportedAt: '2024-06-16T01:30:00Z', corrupt });
      const outcome = await s.refresh();
      expect(outcome.kind).toBe('failed');
      expect(outcome.kind === 'failed' && outcome.error.code).toBe('LEGACY_BAD_RESPONSE');
      expect(s.current()).toEqual(good);
      expect(s.lookup(LISTED)).toMatchObject({ kind: 'found', asOf: EXPORTED_AT });
      expect(await counted('failed')).toBe(1);
      expect(logs.join('\n')).toMatch(new RegExp(`keeping the export ${good.name} of ${EXPORTED_AT}`));
      // The rejected file is not downloaded again; the next good export replaces the old one.
      sim.resetStats();
      expect(await s.refresh()).toMatchObject({ kind: 'skipped' });
      expect(sim.stats().calls).toBe(1);
      sim.setExport({ exportedAt: '2024-06-16T02:30:00Z' });
      expect(await s.refresh()).toMatchObject({ kind: 'loaded' });
      expect(s.lookup(LISTED)).toMatchObject({ kind: 'found', asOf: '2024-06-16T02:30:00.000Z' });
    },
  );

  it('keeps the last good export while the platform is down or answers garbage', async () => {
    const s = newSource();
    await s.firstAttempt;
    sim.setExport({ exportedAt: '2024-06-16T01:30:00Z' });
    for (const fault of ['down', 'error500', 'malformed', 'wrongtype'] as const) {
      sim.setFault(fault);
      expect((await s.refresh()).kind, fault).toBe('failed');
      expect(s.lookup(LISTED), fault).toMatchObject({ kind: 'found', asOf: EXPORTED_AT });
    }
    // A failure to reach or read the platform says nothing against the export: once it answers, it loads.
    sim.setFault('none');
    expect(await s.refresh()).toMatchObject({ kind: 'loaded' });
    expect(s.lookup(LISTED)).toMatchObject({ kind: 'found', asOf: '2024-06-16T01:30:00.000Z' });
  });

  it('does not download an export it already holds', async () => {
    const s = newSource();
    await s.firstAttempt;
    sim.resetStats();
    expect(await s.refresh()).toMatchObject({ kind: 'unchanged' });
    expect(sim.stats().calls).toBe(1);
  });

  it('marks lookups outdated once the export is older than the maximum age (OUTDATED)', async () => {
    const s = newSource({ HRSS_EXPORT_MAX_AGE_HOURS: '48' });
    await s.firstAttempt;
    time.set('2024-06-17T01:30:00Z'); // exactly 48 h: not yet
    expect(s.lookup(LISTED)).toEqual(expect.not.objectContaining({ outdated: true }));
    time.set('2024-06-17T01:30:01Z');
    expect(s.lookup(LISTED)).toMatchObject({ kind: 'found', asOf: EXPORTED_AT, outdated: true });
    expect(s.lookup(OTHER)).toEqual({ kind: 'missing', asOf: EXPORTED_AT, outdated: true });
    expect(sourceStatusOf('HUMAN_RESOURCES', s.lookup(LISTED))).toMatchObject({ status: 'OUTDATED', asOf: EXPORTED_AT, found: true });
    const readiness = await s.readiness();
    expect(readiness.ready).toBe(true);
    expect(readiness.checks[0]!.detail).toMatch(/OUTDATED/);
  });

  it('refuses an export older than the one in use', async () => {
    const s = newSource();
    await s.firstAttempt;
    sim.setExport({ exportedAt: '2024-06-14T01:30:00Z' });
    const outcome = await s.refresh();
    expect(outcome.kind === 'failed' && outcome.error.message).toMatch(/older than the export in use/);
    expect(s.lookup(LISTED)).toMatchObject({ asOf: EXPORTED_AT });
  });

  it('looks again on its schedule, backing off while nothing loads, and stops when closed', async () => {
    sim.setFault('down');
    const s = newSource({ HRSS_EXPORT_RETRY_MS: '20' });
    await s.firstAttempt;
    sim.setFault('none');
    await expect.poll(() => s.current()?.recordCount, { timeout: 10_000, interval: 20 }).toBe(1);
    await s.close();
    sim.resetStats();
    sim.setFault('down');
    // A closed source neither refreshes nor logs.
    await new Promise((r) => setTimeout(r, 100));
    expect(sim.stats().calls).toBe(0);
  });
});
