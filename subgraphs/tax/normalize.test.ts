import { describe, expect, it } from 'vitest';
import { LegacyTimeoutError, type Lookup } from '../shared/index.js';
import type { TaxMajorCaseAnswer, TaxpayerAnswer } from './legacy-models.js';
import { ratingWindow, ratingYearInForce, taxFindings, toTaxRecord } from './normalize.js';

const TODAY = '2025-06-15';

function taxpayer(p: Partial<TaxpayerAnswer> = {}): TaxpayerAnswer {
  return { taxpayerId: '91110108600037341D', ratings: [], majorViolations: [], arrears: [], ...p };
}

function majorCase(p: Partial<TaxMajorCaseAnswer> = {}): TaxMajorCaseAnswer {
  return {
    caseNumber: '税稽罚〔2024〕1号',
    authority: '稽查局',
    facts: '偷税',
    amountYuan: 2000000,
    publishedOn: '2024-05-15',
    publicUntil: '2027-05-14',
    stoppedOn: null,
    stopReason: null,
    stopReasonText: null,
    underObjection: false,
    ...p,
  };
}

describe('rating dates (纳税信用等级: published (Y+1)-04-01, in force to (Y+2)-03-31)', () => {
  it.each([
    [2024, '2025-04-01', '2026-03-31'],
    [2019, '2020-04-01', '2021-03-31'],
  ])('year %i → %s … %s', (year, publishedOn, inForceUntil) => {
    expect(ratingWindow(year)).toEqual({ publishedOn, inForceUntil });
  });

  it.each([
    ['2025-06-15', 2024],
    ['2025-04-01', 2024],
    ['2025-03-31', 2023],
    ['2025-01-01', 2023],
    ['2024-12-31', 2023],
  ])('on %s the rating in force is for %i', (today, year) => {
    expect(ratingYearInForce(today)).toBe(year);
  });
});

describe('taxFindings — one finding per record that bears on credit', () => {
  const cases: [
    string,
    TaxpayerAnswer,
    { kind: string; status: string; listedOn: string; removedOn: string | null; publicUntil: string | null; reference: string }[],
  ][] = [
    [
      'rating A in force',
      taxpayer({ ratings: [{ year: 2024, level: 'A' }] }),
      [{ kind: 'TAX_CREDIT_A', status: 'ACTIVE', listedOn: '2025-04-01', removedOn: null, publicUntil: '2026-03-31', reference: '纳税信用评价2024' }],
    ],
    [
      'rating D superseded',
      taxpayer({ ratings: [{ year: 2023, level: 'D' }] }),
      [
        {
          kind: 'TAX_CREDIT_D',
          status: 'EXPIRED',
          listedOn: '2024-04-01',
          removedOn: null,
          publicUntil: '2025-03-31',
          reference: '纳税信用评价2023',
        },
      ],
    ],
    [
      'ratings B, M, C (not published)',
      taxpayer({
        ratings: [
          { year: 2024, level: 'B' },
          { year: 2023, level: 'M' },
          { year: 2022, level: 'C' },
        ],
      }),
      [],
    ],
    [
      'major violation published',
      taxpayer({ majorViolations: [majorCase()] }),
      [
        {
          kind: 'MAJOR_TAX_VIOLATION',
          status: 'ACTIVE',
          listedOn: '2024-05-15',
          removedOn: null,
          publicUntil: '2027-05-14',
          reference: '税稽罚〔2024〕1号',
        },
      ],
    ],
    [
      'major violation stopped early after credit repair',
      taxpayer({ majorViolations: [majorCase({ stoppedOn: '2025-02-01', stopReason: 'CREDIT_REPAIR' })] }),
      [
        {
          kind: 'MAJOR_TAX_VIOLATION',
          status: 'REPAIRED',
          listedOn: '2024-05-15',
          removedOn: '2025-02-01',
          publicUntil: '2027-05-14',
          reference: '税稽罚〔2024〕1号',
        },
      ],
    ],
    ...(['DECISION_REVOKED', 'PAID_IN_FULL', 'CORRECTED', 'OTHER'] as const).map(
      (
        stopReason,
      ): [
        string,
        TaxpayerAnswer,
        { kind: string; status: string; listedOn: string; removedOn: string | null; publicUntil: string | null; reference: string }[],
      ] => [
        `major violation stopped: ${stopReason}`,
        taxpayer({ majorViolations: [majorCase({ stoppedOn: '2025-02-01', stopReason })] }),
        [
          {
            kind: 'MAJOR_TAX_VIOLATION',
            status: 'REMOVED',
            listedOn: '2024-05-15',
            removedOn: '2025-02-01',
            publicUntil: '2027-05-14',
            reference: '税稽罚〔2024〕1号',
          },
        ],
      ],
    ),
    [
      'major violation stop dated after today',
      taxpayer({ majorViolations: [majorCase({ stoppedOn: '2025-07-01', stopReason: 'CREDIT_REPAIR' })] }),
      [
        {
          kind: 'MAJOR_TAX_VIOLATION',
          status: 'ACTIVE',
          listedOn: '2024-05-15',
          removedOn: '2025-07-01',
          publicUntil: '2027-05-14',
          reference: '税稽罚〔2024〕1号',
        },
      ],
    ],
    [
      'major violation past its publication window',
      taxpayer({ majorViolations: [majorCase({ publishedOn: '2021-05-15', publicUntil: '2024-05-14' })] }),
      [
        {
          kind: 'MAJOR_TAX_VIOLATION',
          status: 'EXPIRED',
          listedOn: '2021-05-15',
          removedOn: null,
          publicUntil: '2024-05-14',
          reference: '税稽罚〔2024〕1号',
        },
      ],
    ],
    [
      'arrears notice',
      taxpayer({ arrears: [{ taxType: '企业所得税', amountYuan: 1000.5, since: '2025-01-20', authority: '某区税务局' }] }),
      [
        {
          kind: 'TAX_ARREARS',
          status: 'ACTIVE',
          listedOn: '2025-01-20',
          removedOn: null,
          publicUntil: null,
          reference: '欠税公告-企业所得税-20250120',
        },
      ],
    ],
  ];

  it.each(cases)('%s', (_name, t, expected) => {
    const findings = taxFindings(t, TODAY);
    expect(
      findings.map((f) => ({
        kind: f.kind,
        status: f.status,
        listedOn: f.listedOn,
        removedOn: f.removedOn,
        publicUntil: f.publicUntil,
        reference: f.reference,
      })),
    ).toEqual(expected);
    for (const f of findings) {
      expect(f.department).toBe('TAX');
      expect(f.penalty).toBeNull();
      expect(f.id).toBe(`TAX:${f.kind}:${t.taxpayerId}:${f.reference}`);
    }
  });

  it('carries authority, facts and the objection flag of a major case', () => {
    const [f] = taxFindings(taxpayer({ majorViolations: [majorCase({ underObjection: true })] }), TODAY);
    expect(f).toMatchObject({ authority: '稽查局', reason: '偷税', underObjection: true });
  });
});

describe('toTaxRecord', () => {
  const asOf = '2025-06-15T02:00:00.000Z';

  it('found: ratings newest first with their window, the rating in force, case states, findings', () => {
    const t = taxpayer({
      taxpayerId: '420502710934561',
      ratings: [
        { year: 2023, level: 'B' },
        { year: 2024, level: 'D' },
      ],
      majorViolations: [majorCase({ stoppedOn: '2025-02-01', stopReason: 'CREDIT_REPAIR' })],
    });
    const r = toTaxRecord({ kind: 'found', record: t, asOf }, TODAY);
    expect(r.source).toMatchObject({ department: 'TAX', status: 'OK', found: true, asOf });
    expect(r.taxpayerId).toBe('420502710934561');
    expect(r.taxpayerIdType).toBe('LEGACY_15_DIGIT');
    expect(r.creditRatings).toEqual([
      { year: 2024, level: 'D', publishedOn: '2025-04-01', inForceUntil: '2026-03-31' },
      { year: 2023, level: 'B', publishedOn: '2024-04-01', inForceUntil: '2025-03-31' },
    ]);
    expect(r.currentCreditRating?.year).toBe(2024);
    expect(r.majorViolations[0]).toMatchObject({ status: 'REPAIRED', stopReason: 'CREDIT_REPAIR' });
    expect(r.findings.map((f) => `${f.kind}/${f.status}`)).toEqual(['TAX_CREDIT_D/ACTIVE', 'MAJOR_TAX_VIOLATION/REPAIRED']);
  });

  it('found before April: the rating in force is two years back', () => {
    const r = toTaxRecord(
      {
        kind: 'found',
        record: taxpayer({
          ratings: [
            { year: 2024, level: 'A' },
            { year: 2023, level: 'A' },
          ],
        }),
        asOf,
      },
      '2025-03-31',
    );
    expect(r.currentCreditRating).toMatchObject({ year: 2023 });
    expect(r.taxpayerIdType).toBe('UNIFIED_SOCIAL_CREDIT_CODE');
  });

  const empty = {
    taxpayerId: null,
    taxpayerIdType: null,
    creditRatings: [],
    currentCreditRating: null,
    majorViolations: [],
    arrears: [],
    findings: [],
  };
  const lookups: [string, Lookup<TaxpayerAnswer>, { status: string; found: boolean | null }][] = [
    ['missing', { kind: 'missing', asOf }, { status: 'OK', found: false }],
    ['failed', { kind: 'failed', error: new LegacyTimeoutError('tax system did not answer in time') }, { status: 'TIMEOUT', found: null }],
  ];
  it.each(lookups)('%s: an empty section that never pretends to be clean', (_name, lookup, source) => {
    const r = toTaxRecord(lookup, TODAY);
    expect(r).toMatchObject(empty);
    expect(r.source).toMatchObject(source);
  });
});
