import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTaxSimulator } from '../../legacy/tax/index.js';
import type { Simulator } from '../../legacy/sim/index.js';
import {
  ACTIVE_CASE,
  BULK,
  OLD_NUMBER,
  USCC_A,
  USCC_HISTORY,
  USCC_NO_TAX,
  USCC_OLD,
  USCC_UNKNOWN,
  fixtureClock,
  fixtureDataset,
} from '../../test/fixtures/legacy/tax.js';
import {
  LegacyBadResponseError,
  LegacyRateLimitedError,
  LegacyTimeoutError,
  LegacyUnavailableError,
  createBatchLookupLoader,
  createLegacySystem,
  createSubgraphMetrics,
  type LegacySystem,
} from '../shared/index.js';
import { createTaxLegacyClient, legacyTaxpayerNumber, parseTaxQueryResponse, type TaxLegacyClient } from './legacy-client.js';

const KEY = 'client-test-key';
let sim: Simulator;
let url: string;
let legacy: LegacySystem;
let client: TaxLegacyClient;
/** Most calls the simulator was serving at once since the last reset. */
let maxInFlight = 0;

beforeAll(async () => {
  sim = createTaxSimulator({ dataset: fixtureDataset(), key: KEY });
  url = await sim.listen(0);
  let inFlight = 0;
  sim.server.on('request', (_req, res) => {
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    res.on('close', () => inFlight--);
  });
  legacy = createLegacySystem({
    name: 'tax legacy system',
    url: 'http://127.0.0.1',
    metrics: createSubgraphMetrics(),
    connectTimeoutMs: 500,
    headersTimeoutMs: 2000,
    bodyTimeoutMs: 2000,
  });
  client = createTaxLegacyClient({ legacy, url, key: KEY, timeoutMs: 2000 });
});
afterAll(async () => {
  await legacy.close();
  await sim.close();
});
beforeEach(() => {
  sim.setFault('none', 0);
  sim.resetStats();
  maxInFlight = 0;
});

const loader = (c: TaxLegacyClient = client) => createBatchLookupLoader(50, (k) => c.fetchByUscc(k), fixtureClock);

describe('legacyTaxpayerNumber', () => {
  it.each([
    [USCC_OLD, OLD_NUMBER],
    ['914403001922038216', '440300192203821'],
    ['91310115MA1K3BTP2B', '310115MA1K3BTP2'],
    ['91310115MA1K3BTP2C', null],
  ])('%s → %s', (uscc, expected) => {
    expect(legacyTaxpayerNumber(uscc)).toBe(expected);
  });
});

describe('tax legacy client against the simulator', () => {
  it('parses the records and maps old-number answers back to the USCC', async () => {
    const found = await client.fetchByUscc([USCC_A, USCC_OLD, USCC_HISTORY, USCC_NO_TAX, USCC_UNKNOWN]);
    expect([...found.keys()].sort()).toEqual([USCC_A, USCC_HISTORY, USCC_OLD].sort());
    expect(found.get(USCC_A)).toEqual({
      taxpayerId: USCC_A,
      ratings: [
        { year: 2024, level: 'A' },
        { year: 2023, level: 'B' },
      ],
      majorViolations: [],
      arrears: [],
    });
    expect(found.get(USCC_OLD)).toEqual({
      taxpayerId: OLD_NUMBER,
      ratings: [
        { year: 2024, level: 'D' },
        { year: 2022, level: 'A' },
      ],
      majorViolations: [
        {
          caseNumber: ACTIVE_CASE.reference,
          authority: ACTIVE_CASE.authority,
          facts: ACTIVE_CASE.reason,
          amountYuan: 1234567.89,
          publishedOn: '2024-11-15',
          publicUntil: '2027-11-14',
          stoppedOn: null,
          stopReason: null,
          stopReasonText: null,
          underObjection: true,
        },
      ],
      arrears: [{ taxType: '增值税', amountYuan: 356000.5, since: '2024-09-30', authority: '国家税务总局宜昌市西陵区税务局' }],
    });
    expect(found.get(USCC_HISTORY)?.majorViolations.map((c) => [c.caseNumber, c.stoppedOn, c.stopReason])).toEqual([
      ['武税稽罚〔2023〕8号', '2024-09-20', 'CREDIT_REPAIR'],
      ['武税稽罚〔2023〕21号', '2023-12-01', 'DECISION_REVOKED'],
      ['武税稽罚〔2021〕3号', null, null],
    ]);
    // Five taxpayers asked, one call: the old number rides in the same item.
    expect(sim.stats()).toEqual({ calls: 1, codes: 5 });
  });

  it('finds a taxpayer known only by its 15-digit number', async () => {
    const found = await client.fetchByUscc([USCC_OLD]);
    expect(found.get(USCC_OLD)?.taxpayerId).toBe(OLD_NUMBER);
  });

  const batches: [number, number][] = [
    [1, 1],
    [50, 1],
    [51, 2],
    [100, 2],
    [101, 3],
    [120, 3],
  ];
  it.each(batches)('%i codes (every third an old-number taxpayer) cost %i calls, issued in parallel', async (n, calls) => {
    sim.setFault('none', 30);
    const codes = BULK.slice(0, n).map((e) => e.uscc);
    const lookups = await loader().loadMany(codes);
    expect(sim.stats()).toEqual({ calls, codes: n });
    expect(calls).toBe(Math.ceil(n / 50));
    expect(maxInFlight).toBe(calls);
    lookups.forEach((l, i) => {
      const truth = BULK[i]!;
      expect(l).toMatchObject({ kind: 'found', record: { taxpayerId: truth.tax!.taxpayerId } });
    });
    expect(lookups.filter((l) => !(l instanceof Error) && l.kind === 'found' && l.record.taxpayerId.length === 15)).toHaveLength(Math.ceil(n / 3));
  });

  it('costs nothing for duplicate codes', async () => {
    const codes = [USCC_A, USCC_OLD, USCC_A, USCC_OLD, USCC_A];
    const lookups = await loader().loadMany(codes);
    expect(lookups.map((l) => !(l instanceof Error) && l.kind)).toEqual(['found', 'found', 'found', 'found', 'found']);
    expect(sim.stats()).toEqual({ calls: 1, codes: 2 });
  });

  it.each([
    ['down', LegacyUnavailableError],
    ['error500', LegacyUnavailableError],
    ['malformed', LegacyBadResponseError],
    ['ratelimit', LegacyRateLimitedError],
  ] as const)('turns the %s fault into %s', async (fault, type) => {
    sim.setFault(fault);
    const err = await client.fetchByUscc([USCC_A]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(type);
    expect(String((err as Error).message)).not.toMatch(/127\.0\.0\.1|soap|Envelope|Exception/i);
    if (err instanceof LegacyRateLimitedError) expect(err.retryAfterMs).toBe(1000);
  });

  it('times out on the hang fault with a short deadline', async () => {
    sim.setFault('hang');
    const quick = createTaxLegacyClient({ legacy, url, key: KEY, timeoutMs: 200 });
    await expect(quick.fetchByUscc([USCC_A])).rejects.toBeInstanceOf(LegacyTimeoutError);
  });

  it('fails (SOAP Fault, HTTP 500) with a wrong key, and puts the failure in every slot', async () => {
    const wrong = createTaxLegacyClient({ legacy, url, key: 'not-the-key', timeoutMs: 2000 });
    await expect(wrong.fetchByUscc([USCC_A])).rejects.toBeInstanceOf(LegacyUnavailableError);
    const lookups = await loader(wrong).loadMany([USCC_A, USCC_UNKNOWN]);
    for (const l of lookups) expect(l).toMatchObject({ kind: 'failed', error: { code: 'LEGACY_UNAVAILABLE' } });
  });

  it('fails a call above the tax system limit (a SOAP Fault), so the loader must batch', async () => {
    await expect(client.fetchByUscc(BULK.slice(0, 51).map((e) => e.uscc))).rejects.toBeInstanceOf(LegacyUnavailableError);
  });
});

describe('parseTaxQueryResponse', () => {
  const wrap = (inner: string) =>
    '<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>' +
    `<ns2:queryNsrxyxxResponse xmlns:ns2="urn:x"><Fhdm>0000</Fhdm>${inner}</ns2:queryNsrxyxxResponse></soap:Body></soap:Envelope>`;

  it('reads one taxpayer with omitted sections as empty lists, keeping numbers as strings', () => {
    const r = parseTaxQueryResponse(
      wrap('<Nsrxxlb><Nsrxx><Nsrsbh>110108600037341</Nsrsbh><Xydjxx><Xydj><Pdnd>2024</Pdnd><Xydj>C</Xydj></Xydj></Xydjxx></Nsrxx></Nsrxxlb>'),
    );
    expect(r).toEqual({
      returnCode: '0000',
      taxpayers: [{ taxpayerId: '110108600037341', ratings: [{ year: 2024, level: 'C' }], majorViolations: [], arrears: [] }],
    });
  });

  it('reads an empty result', () => {
    expect(parseTaxQueryResponse(wrap('<Nsrxxlb/>')).taxpayers).toEqual([]);
  });

  it('maps an unknown stop-publication code to OTHER, still a stop', () => {
    const r = parseTaxQueryResponse(
      wrap(
        '<Nsrxxlb><Nsrxx><Nsrsbh>110108600037341</Nsrsbh><Zdsswfaj><Ajxx><Ajbh>X1</Ajbh><Jcjg>稽查局</Jcjg><Zywfss>偷税</Zywfss><Saje/>' +
          '<Gbrq>20230101</Gbrq><Gbjzrq/><Tzgbrq>20240101</Tzgbrq><Tzgbyydm>99</Tzgbyydm><Tzgbyy>其他</Tzgbyy><Yybz>N</Yybz></Ajxx></Zdsswfaj></Nsrxx></Nsrxxlb>',
      ),
    );
    expect(r.taxpayers[0]?.majorViolations[0]).toMatchObject({
      amountYuan: null,
      publicUntil: null,
      stoppedOn: '2024-01-01',
      stopReason: 'OTHER',
      stopReasonText: '其他',
    });
  });

  it.each([
    ['truncated XML', wrap('<Nsrxxlb/>').slice(0, 150)],
    [
      'an impossible date',
      wrap(
        '<Nsrxxlb><Nsrxx><Nsrsbh>110108600037341</Nsrsbh><Qsgg><Qsxx><Sz>增值税</Sz><Qsje>1.00</Qsje><Qsfsrq>20240231</Qsfsrq><Zgswjg>x</Zgswjg></Qsxx></Qsgg></Nsrxx></Nsrxxlb>',
      ),
    ],
    [
      'an unknown rating level',
      wrap('<Nsrxxlb><Nsrxx><Nsrsbh>110108600037341</Nsrsbh><Xydjxx><Xydj><Pdnd>2024</Pdnd><Xydj>E</Xydj></Xydj></Xydjxx></Nsrxx></Nsrxxlb>'),
    ],
    [
      'a SOAP fault in a 200',
      '<soap:Envelope xmlns:soap="s"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>系统繁忙</faultstring></soap:Fault></soap:Body></soap:Envelope>',
    ],
    ['an HTML page', '<html><body>维护中</body></html>'],
  ])('rejects %s as a bad response without echoing the body', (_name, body) => {
    expect(() => parseTaxQueryResponse(body)).toThrow(LegacyBadResponseError);
    try {
      parseTaxQueryResponse(body);
    } catch (e) {
      expect((e as Error).message).not.toMatch(/Nsrxx|系统繁忙|维护中|20240231/);
    }
  });
});
