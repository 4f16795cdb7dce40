import { describe, it } from '@jest/globals';
import { campaignDecider, type CampaignContext } from '../../../src/ledger/campaigns/campaign.decider.js';
import type { CampaignEvent } from '../../../src/ledger/events.js';
import { spec } from './given.js';
import { CAMPAIGN_ID, PHASE_CLOSED, PHASE_OPEN, standardCampaignEvents } from './fixtures.js';

/** Issue 13: a started phase is withdrawn through the two-person rule, once no live score entry names it. */
describe('campaignDecider: phase withdrawal proposals', () => {
  const given = spec(campaignDecider);
  const none: CampaignContext = { organizerExists: true, liveEntries: [] };
  const some: CampaignContext = { organizerExists: true, liveEntries: [{ unitId: 'ca-hau-giang', entryId: 'e-1' }] };
  const propose = (phaseId = PHASE_OPEN, today = '2026-07-01', actor = 'an') =>
    ({ type: 'ProposePhaseWithdrawal', campaignId: CAMPAIGN_ID, phaseId, proposalId: 'p-1', reason: 'Tạo nhầm', actor, today }) as const;
  const approve = (actor = 'binh') =>
    ({ type: 'ApprovePhaseWithdrawal', campaignId: CAMPAIGN_ID, proposalId: 'p-1', actor, note: null, today: '2026-07-02' }) as const;
  const reject = (actor = 'binh') => ({ type: 'RejectPhaseWithdrawal', campaignId: CAMPAIGN_ID, proposalId: 'p-1', actor, reason: 'Không rút' }) as const;
  const proposed: CampaignEvent = {
    type: 'PhaseWithdrawalProposed',
    data: { campaignId: CAMPAIGN_ID, phaseId: PHASE_OPEN, proposalId: 'p-1', reason: 'Tạo nhầm', proposedBy: 'an', proposedOn: '2026-07-01' },
  };

  it('proposes the withdrawal of a started phase without live entries', () => {
    given(standardCampaignEvents, none).when(propose()).then([proposed]);
  });

  it('refuses a proposal while live entries name the phase, for a phase not started, closed, or already proposed', () => {
    given(standardCampaignEvents, some).when(propose()).thenRefuses('phase-has-entries', 'phaseId');
    given(standardCampaignEvents, none).when(propose(PHASE_OPEN, '2026-05-31')).thenRefuses('approval-not-needed', 'phaseId');
    given(standardCampaignEvents, none).when(propose(PHASE_CLOSED)).thenRefuses('phase-closed', 'phaseId');
    given([...standardCampaignEvents, proposed], none)
      .when({ ...propose(), proposalId: 'p-2' })
      .thenRefuses('withdrawal-already-proposed', 'phaseId');
    given([...standardCampaignEvents, proposed], none)
      .when(propose())
      .thenRefuses('already-exists');
  });

  it('approval by another administrator withdraws the phase; never by the proposer, never over live entries', () => {
    given([...standardCampaignEvents, proposed], none)
      .when(approve())
      .then([
        {
          type: 'PhaseWithdrawalApproved',
          data: { campaignId: CAMPAIGN_ID, phaseId: PHASE_OPEN, proposalId: 'p-1', proposedBy: 'an', approvedBy: 'binh', note: null },
        },
        { type: 'PhaseWithdrawn', data: { campaignId: CAMPAIGN_ID, phaseId: PHASE_OPEN, reason: 'Tạo nhầm', withdrawnOn: '2026-07-02' } },
      ]);
    given([...standardCampaignEvents, proposed], none)
      .when(approve('an'))
      .thenRefuses('second-person-required', 'Authorization');
    given([...standardCampaignEvents, proposed], some)
      .when(approve())
      .thenRefuses('phase-has-entries', 'phaseId');
  });

  it('a rejection leaves the phase; a decided proposal is not decided again', () => {
    given([...standardCampaignEvents, proposed], none)
      .when(reject('an'))
      .thenRefuses('second-person-required', 'Authorization');
    const rejected = campaignDecider.decide(reject(), fold([...standardCampaignEvents, proposed]), none);
    given([...standardCampaignEvents, proposed, ...rejected], none)
      .when(approve())
      .thenRefuses('proposal-already-decided');
    given([...standardCampaignEvents, proposed, ...rejected], none)
      .when({ ...propose(), proposalId: 'p-2' })
      .then([{ ...proposed, data: { ...proposed.data, proposalId: 'p-2' } }]);
  });
});

const fold = (events: CampaignEvent[]) => events.reduce((state, event) => campaignDecider.evolve(state, event), campaignDecider.initialState());
