import { describe, expect, it } from '@jest/globals';
import { commendationDecider, type CommendationContext } from '../../../src/ledger/commendations/commendation.decider.js';
import { DEFAULT_CONFERRAL_PARAMETERS, shareOf } from '../../../src/ledger/commendations/conferral-parameters.js';
import { achievementYear, type EligibilityFacts, type HeldAward } from '../../../src/ledger/commendations/eligibility.js';
import type { CommendationRecorded, PublishedRow } from '../../../src/ledger/events.js';
import { spec } from './given.js';
import { CAMPAIGN_ID, campaignState, standardCampaignEvents, UNITS } from './fixtures.js';

// docs/domain.md §6 rules 3 (flags), 4 (title chains), 6 (quotas) and 7 (review of what rested on a revoked award).

const given = spec(commendationDecider);
const facts = (overrides: Partial<EligibilityFacts> = {}): EligibilityFacts => ({
  parameters: DEFAULT_CONFERRAL_PARAMETERS,
  recipientAwards: [],
  unitMembers: null,
  unitQuota: null,
  cluster: null,
  vetoed: false,
  ...overrides,
});
const ctx = (eligibility: EligibilityFacts): CommendationContext => ({
  recipientExists: true,
  campaign: campaignState(...standardCampaignEvents),
  eligibility,
  revokedBasis: [],
});

const OFFICER = 'cb-tran-van-binh';
const title = (code: string, year: number, overrides: Partial<CommendationRecorded['data']> = {}): CommendationRecorded['data'] => ({
  commendationId: `qd-${code}-${year}`,
  form: 'emulation-title',
  authority: code === 'chien-si-thi-dua-bo' ? 'minister' : code === 'chien-si-thi-dua-toan-quoc' ? 'prime-minister' : 'unit-head',
  recipient: { kind: 'individual', id: OFFICER },
  title: code,
  campaignId: null,
  phaseId: null,
  achievementId: null,
  decisionNo: `${year}/QĐ`,
  decidedOn: `${year}-12-20`,
  achievementPeriod: { from: `${year}-01-01`, to: `${year}-12-31` },
  amountVnd: null,
  ...overrides,
});
const held = (code: string, year: number, form = 'emulation-title', authority = 'unit-head'): HeldAward => ({
  commendationId: `qd-${code}-${year}`,
  form,
  authority,
  title: code,
  year,
  decidedOn: `${year}-12-20`,
});
const record = (data: CommendationRecorded['data'] & { initiativeRef?: string }) => ({ type: 'RecordCommendation' as const, ...data });

describe('rule 4: title chains of individuals', () => {
  it('CSTĐ Bộ for 2026 needs CSTĐCS in 2023, 2024 and 2025, and rests on them', () => {
    const awards = [held('chien-si-thi-dua-co-so', 2023), held('chien-si-thi-dua-co-so', 2024), held('chien-si-thi-dua-co-so', 2025)];
    given([], ctx(facts({ recipientAwards: awards })))
      .when(record(title('chien-si-thi-dua-bo', 2026)))
      .then([
        {
          type: 'CommendationRecorded',
          data: {
            ...title('chien-si-thi-dua-bo', 2026),
            restsOn: ['qd-chien-si-thi-dua-co-so-2023', 'qd-chien-si-thi-dua-co-so-2024', 'qd-chien-si-thi-dua-co-so-2025'],
          },
        },
      ]);
  });

  it('refuses CSTĐ Bộ with a gap in the chain, listing exactly the missing years', () => {
    const awards = [held('chien-si-thi-dua-co-so', 2023), held('chien-si-thi-dua-co-so', 2025), held('chien-si-tien-tien', 2024)];
    let error: unknown;
    try {
      commendationDecider.decide(record(title('chien-si-thi-dua-bo', 2026)), commendationDecider.initialState(), ctx(facts({ recipientAwards: awards })));
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      code: 'title-chain-incomplete',
      // The refusal cites the law the chain rests on (docs/rules.md), not a file.
      message: "'chien-si-thi-dua-bo' for 2026 needs: chien-si-thi-dua-co-so in 2024 (Luật TĐKT 2022, Chương II-III)",
      field: 'title',
      details: { missing: [{ requirement: 'title', title: 'chien-si-thi-dua-co-so', years: [2024] }] },
    });
  });

  it('CSTĐ toàn quốc needs CSTĐ Bộ in the 2 preceding years', () => {
    given([], ctx(facts({ recipientAwards: [held('chien-si-thi-dua-bo', 2025)] })))
      .when(record(title('chien-si-thi-dua-toan-quoc', 2026)))
      .thenRefuses('title-chain-incomplete', 'title');
    given([], ctx(facts({ recipientAwards: [held('chien-si-thi-dua-bo', 2024), held('chien-si-thi-dua-bo', 2025)] })))
      .when(record(title('chien-si-thi-dua-toan-quoc', 2026)))
      .then([
        {
          type: 'CommendationRecorded',
          data: { ...title('chien-si-thi-dua-toan-quoc', 2026), restsOn: ['qd-chien-si-thi-dua-bo-2024', 'qd-chien-si-thi-dua-bo-2025'] },
        },
      ]);
  });

  it('CSTĐCS needs CSTT the same year and a recognised initiative; both are listed when missing', () => {
    let error: unknown;
    try {
      commendationDecider.decide(record(title('chien-si-thi-dua-co-so', 2026)), commendationDecider.initialState(), ctx(facts()));
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      code: 'title-chain-incomplete',
      details: {
        missing: [
          { requirement: 'title', title: 'chien-si-tien-tien', years: [2026] },
          { requirement: 'recognised-initiative', field: 'initiativeRef' },
        ],
      },
    });
  });

  it('a title counts for the year its achievement period ends in', () => {
    expect(achievementYear({ achievementPeriod: { from: '2026-01-01', to: '2026-12-31' }, decidedOn: '2027-01-15' })).toBe(2026);
    expect(achievementYear({ achievementPeriod: null, decidedOn: '2027-01-15' })).toBe(2027);
  });

  it("the PM's Diploma of Merit needs an earlier Ministry or province diploma and CSTĐCS in 3 of the 5 preceding years", () => {
    const pm = { ...title('x', 2026), commendationId: 'qd-bk-ttg', form: 'diploma-of-merit' as const, authority: 'prime-minister' as const, title: null };
    given([], ctx(facts({ recipientAwards: [held('chien-si-thi-dua-co-so', 2022), held('chien-si-thi-dua-co-so', 2024)] })))
      .when(record(pm))
      .thenRefuses('title-chain-incomplete');
    const ok = [
      held('chien-si-thi-dua-co-so', 2022),
      held('chien-si-thi-dua-co-so', 2023),
      held('chien-si-thi-dua-co-so', 2025),
      { ...held('bk', 2020, 'diploma-of-merit', 'minister'), title: null, commendationId: 'qd-bk-bo-2020' },
    ];
    given([], ctx(facts({ recipientAwards: ok })))
      .when(record(pm))
      .then([
        {
          type: 'CommendationRecorded',
          data: { ...pm, restsOn: ['qd-bk-bo-2020', 'qd-chien-si-thi-dua-co-so-2022', 'qd-chien-si-thi-dua-co-so-2023', 'qd-chien-si-thi-dua-co-so-2025'] },
        },
      ]);
  });
});

describe('rule 6: CSTĐCS quota', () => {
  const cstdcs = { ...title('chien-si-thi-dua-co-so', 2026), initiativeRef: 'SK-12/2026' };
  const withCstt = (quota: EligibilityFacts['unitQuota']) => facts({ recipientAwards: [held('chien-si-tien-tien', 2026)], unitQuota: quota });

  it('takes the next quota slot of the unit and year while under 15% of the CSTT holders', () => {
    given([], ctx(withCstt({ unitId: 'doi-1', csttHolders: 20, cstdcsInForce: 2, cstdcsEverRecorded: 3 })))
      .when(record(cstdcs))
      .then([
        {
          type: 'CommendationRecorded',
          data: { ...cstdcs, restsOn: ['qd-chien-si-tien-tien-2026'], quotaSlots: ['quota:chien-si-thi-dua-co-so:doi-1:2026:4'] },
        },
      ]);
  });

  it('refuses once the quota is full (floor(15% × 20) = 3)', () => {
    given([], ctx(withCstt({ unitId: 'doi-1', csttHolders: 20, cstdcsInForce: 3, cstdcsEverRecorded: 3 })))
      .when(record(cstdcs))
      .thenRefuses('quota-exceeded', 'title');
  });

  it('shares are exact: 2/3 of 6 members is 4, 15% of 20 is 3', () => {
    expect(shareOf(6, '0.6667')).toBe(4);
    expect(shareOf(20, '0.15')).toBe(3);
    expect(shareOf(7, '1')).toBe(7);
  });
});

describe('rule 4: unit titles', () => {
  const unitTitle = (code: string) => ({
    ...title(code, 2026),
    commendationId: `qd-${code}`,
    recipient: { kind: 'collective' as const, id: 'doi-1' },
    authority: code === 'don-vi-quyet-thang' ? ('minister' as const) : ('unit-head' as const),
  });
  const titles = (cstt: number, cstdcs: number) => ({
    officers: 10,
    titlesOfYear: [
      ...Array.from({ length: cstt }, (_, i) => ({ officerId: `o${i}`, award: held('chien-si-tien-tien', 2026) })).map((t, i) => ({
        ...t,
        award: { ...t.award, commendationId: `cstt-${i}` },
      })),
      ...Array.from({ length: cstdcs }, (_, i) => ({ officerId: `o${i}`, award: { ...held('chien-si-thi-dua-co-so', 2026), commendationId: `cstdcs-${i}` } })),
    ],
  });

  it('Advanced Unit needs more than half of its officers holding CSTT', () => {
    given([], ctx(facts({ unitMembers: titles(5, 0) })))
      .when(record(unitTitle('don-vi-tien-tien')))
      .thenRefuses('title-chain-incomplete');
    given([], ctx(facts({ unitMembers: titles(6, 0) })))
      .when(record(unitTitle('don-vi-tien-tien')))
      .then([expect.objectContaining({ type: 'CommendationRecorded' }) as never]);
  });

  it('Determined-to-Win needs 70% CSTT and at least one CSTĐCS, and rests on the CSTĐCS', () => {
    given([], ctx(facts({ unitMembers: titles(7, 0) })))
      .when(record(unitTitle('don-vi-quyet-thang')))
      .thenRefuses('title-chain-incomplete');
    given([], ctx(facts({ unitMembers: titles(6, 1) })))
      .when(record(unitTitle('don-vi-quyet-thang')))
      .thenRefuses('title-chain-incomplete');
    const [event] = commendationDecider.decide(
      record(unitTitle('don-vi-quyet-thang')),
      commendationDecider.initialState(),
      ctx(facts({ unitMembers: titles(7, 1) })),
    );
    expect(event).toMatchObject({ data: { restsOn: ['cstdcs-0'] } });
  });
});

describe('rule 3: emulation flags', () => {
  const rows = (...unitIds: string[]): PublishedRow[] =>
    unitIds.map((unitId, i) => ({ rank: i + 1, unitId, total: String(900 - i), bonus: '0', penalty: '0', vetoed: false }));
  const flag = (code: 'co-thi-dua-chinh-phu' | 'co-thi-dua-bo', unitId: string = UNITS.haiPhong): CommendationRecorded['data'] => ({
    commendationId: `qd-${code}-${unitId}`,
    form: 'emulation-flag',
    authority: code === 'co-thi-dua-chinh-phu' ? 'prime-minister' : 'minister',
    recipient: { kind: 'collective', id: unitId },
    title: code,
    campaignId: CAMPAIGN_ID,
    phaseId: null,
    achievementId: null,
    decisionNo: '1/QĐ',
    decidedOn: '2026-12-28',
    achievementPeriod: null,
    amountVnd: null,
  });
  const cluster = (finalRanking: PublishedRow[] | null, flagsInForce = 0, flagsEverRecorded = flagsInForce) => ({
    clusterId: 'cum-2',
    finalRanking,
    flagsInForce,
    flagsEverRecorded,
  });

  it("a Government flag goes to the first of the final published ranking, taking the cluster's flag slot", () => {
    given([], ctx(facts({ cluster: cluster(rows(UNITS.haiPhong, UNITS.hungYen)) })))
      .when(record(flag('co-thi-dua-chinh-phu')))
      .then([{ type: 'CommendationRecorded', data: { ...flag('co-thi-dua-chinh-phu'), quotaSlots: [`quota:co-thi-dua-chinh-phu:${CAMPAIGN_ID}:cum-2:1`] } }]);
  });

  it('refuses a Government flag to the second (top-k configurable), to a vetoed unit, without a final ranking, and a second one in the cluster', () => {
    given([], ctx(facts({ cluster: cluster(rows(UNITS.hungYen, UNITS.haiPhong)) })))
      .when(record(flag('co-thi-dua-chinh-phu')))
      .thenRefuses('flag-rank-too-low', 'recipient.id');
    given([], ctx(facts({ cluster: cluster(rows(UNITS.hungYen, UNITS.haiPhong)), parameters: { ...DEFAULT_CONFERRAL_PARAMETERS, governmentFlagTopK: 2 } })))
      .when(record(flag('co-thi-dua-chinh-phu')))
      .then([expect.objectContaining({ type: 'CommendationRecorded' }) as never]);
    given([], ctx(facts({ cluster: cluster(rows(UNITS.haiPhong)), vetoed: true })))
      .when(record(flag('co-thi-dua-chinh-phu')))
      .thenRefuses('unit-vetoed');
    given([], ctx(facts({ cluster: cluster(null) })))
      .when(record(flag('co-thi-dua-chinh-phu')))
      .thenRefuses('final-ranking-not-published', 'campaignId');
    given([], ctx(facts({ cluster: cluster(rows(UNITS.haiPhong), 1) })))
      .when(record(flag('co-thi-dua-chinh-phu')))
      .thenRefuses('quota-exceeded');
    given([], ctx(facts()))
      .when(record(flag('co-thi-dua-chinh-phu')))
      .thenRefuses('not-in-cluster');
  });

  it('Ministry flags: at most 2/3 of the members (4 of 6), never to a vetoed unit', () => {
    const six = rows(UNITS.haiPhong, 'u2', 'u3', 'u4', 'u5', 'u6');
    given([], ctx(facts({ cluster: cluster(six, 3, 5) })))
      .when(record(flag('co-thi-dua-bo')))
      .then([{ type: 'CommendationRecorded', data: { ...flag('co-thi-dua-bo'), quotaSlots: [`quota:co-thi-dua-bo:${CAMPAIGN_ID}:cum-2:6`] } }]);
    given([], ctx(facts({ cluster: cluster(six, 4) })))
      .when(record(flag('co-thi-dua-bo')))
      .thenRefuses('quota-exceeded', 'title');
    given([], ctx(facts({ cluster: cluster(six), vetoed: true })))
      .when(record(flag('co-thi-dua-bo')))
      .thenRefuses('unit-vetoed');
  });
});

describe('rule 7: revocation, recovery, review', () => {
  const award = { ...title('x', 2026), commendationId: 'qd-gk', form: 'certificate-of-merit' as const, title: null, amountVnd: 1_800_000 };
  const recordedAward = { type: 'CommendationRecorded' as const, data: award };
  const revoked = {
    type: 'CommendationRevoked' as const,
    data: {
      commendationId: 'qd-gk',
      ground: 'false-declaration' as const,
      reason: 'x',
      decisionNo: '9/QĐ',
      decidedOn: '2027-03-01',
      authority: 'unit-head' as const,
    },
  };
  const recovery = (objectRecovered: boolean, amountVnd: number) => ({
    type: 'RecordRecovery' as const,
    commendationId: 'qd-gk',
    objectRecovered,
    amountVnd,
    recordedOn: '2027-03-10',
    note: null,
  });
  const noFacts: CommendationContext = { recipientExists: true, campaign: null, eligibility: null, revokedBasis: [] };

  it('records recovery of the object and money after a revocation, never more money than awarded', () => {
    given([recordedAward, revoked], noFacts)
      .when(recovery(true, 1_000_000))
      .then([
        { type: 'RecoveryRecorded', data: { commendationId: 'qd-gk', objectRecovered: true, amountVnd: 1_000_000, recordedOn: '2027-03-10', note: null } },
      ]);
    given(
      [
        recordedAward,
        revoked,
        { type: 'RecoveryRecorded', data: { commendationId: 'qd-gk', objectRecovered: true, amountVnd: 1_000_000, recordedOn: '2027-03-10', note: null } },
      ],
      noFacts,
    )
      .when(recovery(false, 900_000))
      .thenRefuses('recovery-exceeds-award', 'amountVnd');
    given([recordedAward], noFacts).when(recovery(true, 0)).thenRefuses('not-revoked');
  });

  it('a revocation by an authority below the conferring one is refused', () => {
    const flagAward = { ...award, commendationId: 'qd-bk', form: 'diploma-of-merit' as const, authority: 'minister' as const };
    given([{ type: 'CommendationRecorded', data: flagAward }], noFacts)
      .when({
        type: 'RevokeCommendation',
        commendationId: 'qd-bk',
        ground: 'forged-documents',
        reason: 'x',
        decisionNo: '1',
        decidedOn: '2027-01-01',
        authority: 'province',
      })
      .thenRefuses('authority-too-low', 'authority');
  });

  it('a decision resting on a revoked award can be upheld after review, once per revoked basis', () => {
    const chained = { type: 'CommendationRecorded' as const, data: { ...title('chien-si-thi-dua-bo', 2026), restsOn: ['a', 'b', 'c'] } };
    const review = { type: 'ConcludeReview' as const, commendationId: chained.data.commendationId, reason: 'Vẫn đủ điều kiện' };
    given([chained], { ...noFacts, revokedBasis: ['b'] })
      .when(review)
      .then([
        { type: 'ReviewConcluded', data: { commendationId: chained.data.commendationId, outcome: 'upheld', reason: 'Vẫn đủ điều kiện', revokedBasis: ['b'] } },
      ]);
    given([chained, { type: 'ReviewConcluded', data: { commendationId: chained.data.commendationId, outcome: 'upheld', reason: 'x', revokedBasis: ['b'] } }], {
      ...noFacts,
      revokedBasis: ['b'],
    })
      .when(review)
      .thenRefuses('not-under-review');
  });
});
