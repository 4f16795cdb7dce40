import { describe, expect, it } from '@jest/globals';
import { campaignDecider } from '../../../src/ledger/campaigns/campaign.decider.js';
import { clusterDecider, type ClusterContext } from '../../../src/ledger/campaigns/cluster.decider.js';
import { commendationDecider, newQuotaSlots, type CommendationContext } from '../../../src/ledger/commendations/commendation.decider.js';
import { fold } from '../../../src/ledger/decider.js';
import type { EligibilityFacts } from '../../../src/ledger/commendations/eligibility.js';
import { DEFAULT_CONFERRAL_PARAMETERS } from '../../../src/ledger/commendations/conferral-parameters.js';
import type { ClusterEvent, CommendationCorrected, CommendationEvent, CommendationRecorded } from '../../../src/ledger/events.js';
import { spec } from './given.js';
import { CAMPAIGN_ID, campaignLaunched, campaignState, PHASE_CLOSED, PHASE_OPEN, phaseAdded, standardCampaignEvents, UNITS } from './fixtures.js';

/** Issue 13: a compensating event for every mistake. The original events stay; the state changes. */
describe('campaignDecider: WithdrawPhase (a phase created by mistake)', () => {
  const given = spec(campaignDecider);
  const ok = { organizerExists: true };
  const future = phaseAdded('dot-nham', { startsOn: '2026-10-01', endsOn: '2026-11-30' });
  const withdraw = (today: string, phaseId = 'dot-nham', reason = 'Tạo nhầm, trùng đợt cao điểm') =>
    ({ type: 'WithdrawPhase', campaignId: CAMPAIGN_ID, phaseId, reason, today }) as const;

  it('withdraws a phase that has not started, with its reason and the date', () => {
    given([...standardCampaignEvents, future], ok)
      .when(withdraw('2026-09-30'))
      .then([
        { type: 'PhaseWithdrawn', data: { campaignId: CAMPAIGN_ID, phaseId: 'dot-nham', reason: 'Tạo nhầm, trùng đợt cao điểm', withdrawnOn: '2026-09-30' } },
      ]);
  });

  it('refuses a phase that has started (its first day included): its entries are out of this stream’s sight', () => {
    given([...standardCampaignEvents, future], ok)
      .when(withdraw('2026-10-01'))
      .thenRefuses('phase-started', 'phaseId');
    given(standardCampaignEvents, ok).when(withdraw('2026-05-01', PHASE_CLOSED)).thenRefuses('phase-closed');
  });

  it('refuses an unknown phase (404), one already withdrawn, an empty reason; the id is never reused', () => {
    const withdrawn = [
      ...standardCampaignEvents,
      future,
      ...campaignDecider.decide(withdraw('2026-09-01'), campaignState(...standardCampaignEvents, future), ok),
    ];
    given(standardCampaignEvents, ok).when(withdraw('2026-05-01', 'khong-co')).thenRefuses('phase-not-found');
    given(withdrawn, ok).when(withdraw('2026-09-02')).thenRefuses('phase-withdrawn');
    given([...standardCampaignEvents, future], ok)
      .when(withdraw('2026-09-01', 'dot-nham', '  '))
      .thenRefuses('reason-required', 'reason');
    given(withdrawn, ok)
      .when({
        type: 'AddPhase',
        campaignId: CAMPAIGN_ID,
        phaseId: 'dot-nham',
        name: 'x',
        startsOn: '2026-10-01',
        endsOn: '2026-10-31',
        occasion: null,
        slogan: null,
      })
      .thenRefuses('already-exists');
    const state = fold(campaignDecider, withdrawn);
    expect(state.exists && [...state.phases.keys()]).toEqual([PHASE_OPEN, PHASE_CLOSED]);
    expect(state.exists && state.withdrawnPhases.get('dot-nham')).toEqual({ reason: 'Tạo nhầm, trùng đợt cao điểm', withdrawnOn: '2026-09-01' });
  });

  it('a withdrawn phase is unknown to decisions that name it (a publication)', () => {
    const campaign = campaignState(campaignLaunched, future, {
      type: 'PhaseWithdrawn',
      data: { campaignId: CAMPAIGN_ID, phaseId: 'dot-nham', reason: 'x', withdrawnOn: '2026-09-01' },
    });
    const formed: ClusterEvent = {
      type: 'ClusterFormed',
      data: {
        campaignId: CAMPAIGN_ID,
        clusterId: 'cum-2',
        name: 'Cụm 2',
        kind: 'cluster',
        headUnitId: UNITS.haiPhong,
        deputyUnitId: null,
        memberUnitIds: [UNITS.haiPhong],
      },
    };
    spec(clusterDecider)([formed], { campaign, unknownUnitIds: new Set() })
      .when({
        type: 'PublishRanking',
        campaignId: CAMPAIGN_ID,
        clusterId: 'cum-2',
        publicationId: 'p',
        period: '2026-10',
        phaseId: 'dot-nham',
        position: 1,
        rows: [],
        final: false,
      })
      .thenRefuses('phase-not-found', 'phaseId');
  });
});

describe('clusterDecider: WithdrawPublication', () => {
  const given = spec(clusterDecider);
  const context: ClusterContext = {
    campaign: campaignState(...standardCampaignEvents, { type: 'CampaignClosed', data: { campaignId: CAMPAIGN_ID } }),
    unknownUnitIds: new Set(),
  };
  const published = (publicationId: string): ClusterEvent => ({
    type: 'RankingPublished',
    data: { campaignId: CAMPAIGN_ID, clusterId: 'cum-2', publicationId, period: '2026-06', phaseId: null, position: 10, rows: [], final: false },
  });
  const history: ClusterEvent[] = [
    {
      type: 'ClusterFormed',
      data: {
        campaignId: CAMPAIGN_ID,
        clusterId: 'cum-2',
        name: 'Cụm 2',
        kind: 'cluster',
        headUnitId: UNITS.haiPhong,
        deputyUnitId: null,
        memberUnitIds: [UNITS.haiPhong],
      },
    },
    published('thang-06'),
    published('thang-06-lan-2'),
  ];
  const withdraw = (publicationId: string, supersededBy: string | null, reason = 'Công bố nhầm') =>
    ({ type: 'WithdrawPublication', campaignId: CAMPAIGN_ID, clusterId: 'cum-2', publicationId, reason, supersededBy }) as const;

  it('withdraws a publication, superseded by a later one, even after the campaign closed', () => {
    given(history, context)
      .when(withdraw('thang-06', 'thang-06-lan-2'))
      .then([
        {
          type: 'PublicationWithdrawn',
          data: { campaignId: CAMPAIGN_ID, clusterId: 'cum-2', publicationId: 'thang-06', reason: 'Công bố nhầm', supersededBy: 'thang-06-lan-2' },
        },
      ]);
    given(history, context)
      .when(withdraw('thang-06', null))
      .then([expect.objectContaining({ type: 'PublicationWithdrawn' }) as never]);
  });

  it('refuses an unknown publication (404), one withdrawn already, an unknown or withdrawn or same successor', () => {
    const withdrawn = [...history, ...clusterDecider.decide(withdraw('thang-06', null), fold(clusterDecider, history), context)];
    given(history, context).when(withdraw('khong-co', null)).thenRefuses('publication-not-found');
    given(withdrawn, context).when(withdraw('thang-06', null)).thenRefuses('publication-withdrawn');
    given(history, context).when(withdraw('thang-06', 'khong-co')).thenRefuses('publication-not-found', 'supersededBy');
    given(history, context).when(withdraw('thang-06', 'thang-06')).thenRefuses('supersedes-itself', 'supersededBy');
    given(withdrawn, context).when(withdraw('thang-06-lan-2', 'thang-06')).thenRefuses('publication-withdrawn', 'supersededBy');
    given(history, context)
      .when(withdraw('thang-06', null, ''))
      .thenRefuses('reason-required', 'reason');
  });
});

describe('commendationDecider: AnnulRevocation and CorrectCommendation', () => {
  const given = spec(commendationDecider);
  const ctx = (overrides: Partial<CommendationContext> = {}): CommendationContext => ({
    recipientExists: true,
    campaign: null,
    eligibility: null,
    revokedBasis: [],
    ...overrides,
  });
  const decision: CommendationRecorded['data'] = {
    commendationId: 'qd-567-qd-cahp-2026',
    form: 'certificate-of-merit',
    authority: 'unit-head',
    recipient: { kind: 'individual', id: 'cb-nguyen-van-hung' },
    title: 'Giấy khen của Giám đốc Công an thành phố Hải Phòng',
    campaignId: null,
    phaseId: null,
    achievementId: 'ach-1',
    decisionNo: '567/QĐ-CAHP',
    decidedOn: '2026-11-20',
    achievementPeriod: null,
    amountVnd: 1_800_000,
  };
  const recorded: CommendationEvent = { type: 'CommendationRecorded', data: decision };
  const revoked: CommendationEvent = {
    type: 'CommendationRevoked',
    data: {
      commendationId: decision.commendationId,
      ground: 'false-declaration',
      reason: 'Kê khai sai',
      decisionNo: '88/QĐ-CAHP',
      decidedOn: '2026-11-25',
      authority: 'province',
    },
  };
  const annul = (overrides: Partial<{ decidedOn: string; authority: 'unit-head' | 'province' | 'minister' | null; reason: string }> = {}) =>
    ({
      type: 'AnnulRevocation',
      commendationId: decision.commendationId,
      reason: 'Kết luận thanh tra: kê khai đúng',
      decisionNo: '95/QĐ-CAHP',
      decidedOn: '2026-12-01',
      authority: null,
      ...overrides,
    }) as const;

  it('annuls a revocation by the revoking authority (by default) or a higher one: the decision is in force again', () => {
    given([recorded, revoked], ctx())
      .when(annul())
      .then([
        {
          type: 'RevocationAnnulled',
          data: {
            commendationId: decision.commendationId,
            reason: 'Kết luận thanh tra: kê khai đúng',
            decisionNo: '95/QĐ-CAHP',
            decidedOn: '2026-12-01',
            authority: 'province',
            annulledRevocationNo: '88/QĐ-CAHP',
          },
        },
      ]);
    const [event] = commendationDecider.decide(annul({ authority: 'minister' }), fold(commendationDecider, [recorded, revoked]), ctx());
    const state = fold(commendationDecider, [recorded, revoked, event]);
    expect(state.exists && state.revoked).toBeNull();
    // Revocable again, and no recovery while in force.
    given([recorded, revoked, event], ctx())
      .when({ type: 'RecordRecovery', commendationId: decision.commendationId, objectRecovered: true, amountVnd: 0, recordedOn: '2026-12-02', note: null })
      .thenRefuses('not-revoked');
    given([recorded, revoked, event], ctx())
      .when({
        type: 'RevokeCommendation',
        commendationId: decision.commendationId,
        ground: 'forged-documents',
        reason: 'x',
        decisionNo: '99',
        decidedOn: '2026-12-03',
        authority: null,
      })
      .then([expect.objectContaining({ type: 'CommendationRevoked' }) as never]);
  });

  it('refuses annulling what is not revoked, before the revocation, by a lower authority, without a reason', () => {
    given([recorded], ctx()).when(annul()).thenRefuses('not-revoked');
    given([recorded, revoked], ctx())
      .when(annul({ decidedOn: '2026-11-24' }))
      .thenRefuses('annulment-before-revocation', 'decidedOn');
    given([recorded, revoked], ctx())
      .when(annul({ authority: 'unit-head' }))
      .thenRefuses('authority-too-low', 'authority');
    given([recorded, revoked], ctx())
      .when(annul({ reason: ' ' }))
      .thenRefuses('reason-required', 'reason');
    given([], ctx()).when(annul()).thenRefuses('commendation-not-found');
  });

  const correct = (fields: { decisionNo?: string; decidedOn?: string; recipient?: { kind: 'collective' | 'individual'; id: string } }, reason = 'Ghi nhầm') =>
    ({
      type: 'CorrectCommendation',
      commendationId: decision.commendationId,
      reason,
      decisionNo: fields.decisionNo ?? null,
      decidedOn: fields.decidedOn ?? null,
      recipient: fields.recipient ?? null,
    }) as const;

  it('corrects the number and date, stating only what changes and what it was', () => {
    given([recorded], ctx())
      .when(correct({ decisionNo: '576/QĐ-CAHP', decidedOn: '2026-11-20' }))
      .then([
        {
          type: 'CommendationCorrected',
          data: {
            commendationId: decision.commendationId,
            reason: 'Ghi nhầm',
            changes: { decisionNo: '576/QĐ-CAHP' },
            previous: { decisionNo: '567/QĐ-CAHP' },
          },
        },
      ]);
    const [event] = commendationDecider.decide(correct({ decidedOn: '2027-01-05' }), fold(commendationDecider, [recorded]), ctx());
    expect(event).toEqual({
      type: 'CommendationCorrected',
      data: {
        commendationId: decision.commendationId,
        reason: 'Ghi nhầm',
        changes: { decidedOn: '2027-01-05' },
        previous: { decidedOn: '2026-11-20' },
        achievementYear: 2027,
      },
    });
    const state = fold(commendationDecider, [recorded, event]);
    expect(state.exists && state.decision).toEqual({ ...decision, decidedOn: '2027-01-05' });
  });

  it('judges a new date again: a PM diploma moved before the earlier diploma it rests on is refused', () => {
    const pm: CommendationRecorded['data'] = {
      ...decision,
      commendationId: 'qd-ttg-2026',
      form: 'diploma-of-merit',
      authority: 'prime-minister',
      title: null,
      decisionNo: '1234/QĐ-TTg',
      decidedOn: '2026-11-20',
      amountVnd: 3_630_000,
    };
    const award = (commendationId: string, fields: Partial<EligibilityFacts['recipientAwards'][number]>) => ({
      commendationId,
      form: 'emulation-title',
      authority: 'unit-head',
      title: 'chien-si-thi-dua-co-so',
      year: 2023,
      decidedOn: '2023-12-20',
      ...fields,
    });
    const facts: EligibilityFacts = {
      parameters: DEFAULT_CONFERRAL_PARAMETERS,
      recipientAwards: [
        award('bk-bo-2024', { form: 'diploma-of-merit', authority: 'minister', title: null, year: 2024, decidedOn: '2024-05-01' }),
        award('cstdcs-2021', { year: 2021, decidedOn: '2021-12-20' }),
        award('cstdcs-2022', { year: 2022, decidedOn: '2022-12-20' }),
        award('cstdcs-2023', { year: 2023, decidedOn: '2023-12-20' }),
      ],
      unitMembers: null,
      unitQuota: null,
      cluster: null,
      vetoed: false,
    };
    const correctPm = (decidedOn: string) => ({ ...correct({ decidedOn }), commendationId: pm.commendationId });
    const pmRecorded: CommendationEvent = { type: 'CommendationRecorded', data: pm };
    given([pmRecorded], ctx({ eligibility: facts }))
      .when(correctPm('2024-03-01'))
      .thenRefuses('title-chain-incomplete', 'title');
    const [event] = commendationDecider.decide(correctPm('2026-12-01'), fold(commendationDecider, [pmRecorded]), ctx({ eligibility: facts }));
    expect(event.type === 'CommendationCorrected' && event.data).toMatchObject({
      changes: { decidedOn: '2026-12-01' },
      restsOn: ['bk-bo-2024', 'cstdcs-2021', 'cstdcs-2022', 'cstdcs-2023'],
      quotaSlots: [],
    });
  });

  it('refuses a correction that changes nothing, without a reason, or dated after the revocation', () => {
    given([recorded], ctx())
      .when(correct({ decisionNo: decision.decisionNo }))
      .thenRefuses('nothing-to-correct');
    given([recorded], ctx())
      .when(correct({ decisionNo: 'x' }, ''))
      .thenRefuses('reason-required', 'reason');
    given([recorded, revoked], ctx())
      .when(correct({ decidedOn: '2026-11-26' }))
      .thenRefuses('revocation-before-decision', 'decidedOn');
    given([], ctx())
      .when(correct({ decisionNo: 'x' }))
      .thenRefuses('commendation-not-found');
  });

  it('corrects the recipient through the rules of a new decision: existence, authority, eligibility', () => {
    const to = { kind: 'individual', id: 'cb-tran-thi-mai' } as const;
    given([recorded], ctx())
      .when(correct({ recipient: to }))
      .then([
        {
          type: 'CommendationCorrected',
          data: {
            commendationId: decision.commendationId,
            reason: 'Ghi nhầm',
            changes: { recipient: to },
            previous: { recipient: decision.recipient },
            restsOn: [],
            quotaSlots: [],
          },
        },
      ]);
    given([recorded], ctx({ recipientExists: false }))
      .when(correct({ recipient: to }))
      .thenRefuses('officer-not-found', 'recipient.id');
    given([recorded, revoked], ctx())
      .when(correct({ recipient: to }))
      .thenRefuses('already-revoked', 'recipient');
  });

  it('a CSTĐCS moved to an officer without the CSTT of the year is refused; a quota slot in the same scope is kept', () => {
    const cstdcs: CommendationRecorded['data'] = {
      ...decision,
      form: 'emulation-title',
      authority: 'unit-head',
      title: 'chien-si-thi-dua-co-so',
      amountVnd: null,
      decidedOn: '2026-12-20',
      initiativeRef: 'SK-1',
      restsOn: ['cstt-hung'],
      quotaSlots: ['quota:chien-si-thi-dua-co-so:ca-hai-phong:2026:1'],
    };
    const facts = (awards: EligibilityFacts['recipientAwards']): EligibilityFacts => ({
      parameters: DEFAULT_CONFERRAL_PARAMETERS,
      recipientAwards: awards,
      unitMembers: null,
      unitQuota: { unitId: 'ca-hai-phong', csttHolders: 10, cstdcsInForce: 0, cstdcsEverRecorded: 1 },
      cluster: null,
      vetoed: false,
    });
    const to = { kind: 'individual', id: 'cb-tran-thi-mai' } as const;
    const history: CommendationEvent[] = [{ type: 'CommendationRecorded', data: cstdcs }];
    given(history, ctx({ eligibility: facts([]) }))
      .when(correct({ recipient: to }))
      .thenRefuses('title-chain-incomplete', 'title');
    const cstt = {
      commendationId: 'cstt-mai',
      form: 'emulation-title',
      authority: 'unit-head',
      title: 'chien-si-tien-tien',
      year: 2026,
      decidedOn: '2026-12-10',
    };
    const [event] = commendationDecider.decide(correct({ recipient: to }), fold(commendationDecider, history), ctx({ eligibility: facts([cstt]) }));
    expect(event).toMatchObject({ data: { restsOn: ['cstt-mai'], quotaSlots: ['quota:chien-si-thi-dua-co-so:ca-hai-phong:2026:1'] } });
    expect(newQuotaSlots(event as CommendationCorrected, fold(commendationDecider, history))).toEqual([]);
    // Another unit's quota: a new slot, taken by the append.
    const elsewhere = { ...facts([cstt]), unitQuota: { unitId: 'ca-quang-ninh', csttHolders: 20, cstdcsInForce: 1, cstdcsEverRecorded: 1 } };
    // Its quota full there (0.15 of 10 CSTT holders: 1, held): refused as a new decision would be.
    given(history, ctx({ eligibility: { ...elsewhere, unitQuota: { ...elsewhere.unitQuota, csttHolders: 10 } } }))
      .when(correct({ recipient: to }))
      .thenRefuses('quota-exceeded', 'title');
    const [moved] = commendationDecider.decide(correct({ recipient: to }), fold(commendationDecider, history), ctx({ eligibility: elsewhere }));
    expect(newQuotaSlots(moved as CommendationCorrected, fold(commendationDecider, history))).toEqual(['quota:chien-si-thi-dua-co-so:ca-quang-ninh:2026:2']);
    const after = fold(commendationDecider, [...history, moved]);
    expect(after.exists && after.decision).toMatchObject({
      recipient: to,
      restsOn: ['cstt-mai'],
      quotaSlots: ['quota:chien-si-thi-dua-co-so:ca-quang-ninh:2026:2'],
    });
  });
});
