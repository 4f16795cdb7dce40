import { describe, expect, it } from '@jest/globals';
import { campaignDecider, parseScale, type CampaignCommand, type ScaleInput } from '../../../src/ledger/campaigns/campaign.decider.js';
import { NotFoundError } from '../../../src/ledger/errors.js';
import type { CampaignEvent } from '../../../src/ledger/events.js';
import { spec } from './given.js';
import { CAMPAIGN_ID, campaignLaunched, campaignState, ORGANIZER, PHASE_CLOSED, PHASE_OPEN, phaseAdded, standardCampaignEvents, thrownBy } from './fixtures.js';

const given = spec(campaignDecider);
const ok = { organizerExists: true };

const scale = (overrides: Partial<ScaleInput> = {}): ScaleInput => ({
  groups: [
    { id: 'an-ninh-chinh-tri', name: 'I. Bảo vệ an ninh chính trị', maxPoints: 20000 },
    { id: 'toi-pham', name: 'II. Đấu tranh phòng, chống tội phạm và tệ nạn xã hội', maxPoints: 25000 },
  ],
  criteria: [
    { id: 'khong-diem-nong', groupId: 'an-ninh-chinh-tri', name: 'Không để xảy ra điểm nóng', maxPoints: 10000 },
    { id: 'dieu-tra-an-nghiem-trong', groupId: 'toi-pham', name: 'Tỷ lệ điều tra khám phá án rất nghiêm trọng', maxPoints: 2000 },
    { id: 'truy-na', groupId: 'toi-pham', name: 'Bắt, vận động đối tượng truy nã', maxPoints: 1035 },
  ],
  bonusCap: 5000,
  ...overrides,
});

const launch = (overrides: Partial<Extract<CampaignCommand, { type: 'LaunchCampaign' }>> = {}): CampaignCommand => ({
  type: 'LaunchCampaign',
  campaignId: CAMPAIGN_ID,
  title: 'Phong trào thi đua "Vì an ninh Tổ quốc" năm 2026',
  form: 'regular',
  organizerUnitId: ORGANIZER,
  startsOn: '2026-01-01',
  endsOn: '2026-12-31',
  slogan: 'Bản lĩnh, kỷ cương, trách nhiệm, chuyên nghiệp, hiện đại, hiệu quả',
  scale: scale(),
  ...overrides,
});

const addPhase = (overrides: Partial<Extract<CampaignCommand, { type: 'AddPhase' }>> = {}): CampaignCommand => ({
  type: 'AddPhase',
  campaignId: CAMPAIGN_ID,
  phaseId: 'cao-diem-30-4',
  name: 'Đợt thi đua chào mừng 51 năm Ngày giải phóng miền Nam',
  startsOn: '2026-03-01',
  endsOn: '2026-04-30',
  occasion: 'Ngày giải phóng miền Nam, thống nhất đất nước 30/4',
  slogan: 'Ra quân thần tốc, tấn công trấn áp tội phạm',
  ...overrides,
});

const closed: CampaignEvent = { type: 'CampaignClosed', data: { campaignId: CAMPAIGN_ID } };

describe('campaignDecider: LaunchCampaign', () => {
  it('launches a campaign, writing its scale as canonical decimal strings', () => {
    given([], ok).when(launch()).then([campaignLaunched]);
  });

  it('launches a thematic campaign with no slogan and a zero bonus cap', () => {
    given([], ok)
      .when(launch({ campaignId: 'toan-dan-bv-antq-2026', form: 'thematic', slogan: null, scale: scale({ bonusCap: 0 }) }))
      .then([
        {
          type: 'CampaignLaunched',
          data: {
            ...campaignLaunched.data,
            campaignId: 'toan-dan-bv-antq-2026',
            form: 'thematic',
            slogan: null,
            scale: { ...campaignLaunched.data.scale, bonusCap: '0' },
          },
        },
      ]);
  });

  it('accepts a one-day campaign (endsOn = startsOn)', () => {
    const [event] = campaignDecider.decide(launch({ startsOn: '2026-08-19', endsOn: '2026-08-19' }), campaignDecider.initialState(), ok);
    expect(event.type).toBe('CampaignLaunched');
  });

  it('refuses a campaign id already launched', () => {
    given([campaignLaunched], ok).when(launch()).thenRefuses('already-exists');
  });

  it('refuses an unknown organiser unit', () => {
    given([], { organizerExists: false }).when(launch()).thenRefuses('unit-not-found', 'organizerUnitId');
  });

  it('refuses endsOn before startsOn (invalid-period)', () => {
    given([], ok)
      .when(launch({ startsOn: '2026-12-31', endsOn: '2026-01-01' }))
      .thenRefuses('invalid-period', 'endsOn');
  });

  it('refuses a duplicate group id', () => {
    const s = scale();
    given([], ok)
      .when(launch({ scale: { ...s, groups: [...s.groups, { id: 'toi-pham', name: 'trùng', maxPoints: 100 }] } }))
      .thenRefuses('duplicate-scale-id', 'scale.groups[2].id');
  });

  it('refuses a duplicate criterion id', () => {
    const s = scale();
    given([], ok)
      .when(launch({ scale: { ...s, criteria: [...s.criteria, { id: 'khong-diem-nong', groupId: 'toi-pham', name: 'trùng', maxPoints: 100 }] } }))
      .thenRefuses('duplicate-scale-id', 'scale.criteria[3].id');
  });

  it.each([0, -100])('refuses a group maximum of %p hundredths', (max) => {
    const s = scale();
    given([], ok)
      .when(launch({ scale: { ...s, groups: [s.groups[0], { ...s.groups[1], maxPoints: max }] } }))
      .thenRefuses('invalid-max-points', 'scale.groups[1].maxPoints');
  });

  it.each([0, -1])('refuses a criterion maximum of %p hundredths', (max) => {
    const s = scale();
    given([], ok)
      .when(launch({ scale: { ...s, criteria: [{ ...s.criteria[0], maxPoints: max }, ...s.criteria.slice(1)] } }))
      .thenRefuses('invalid-max-points', 'scale.criteria[0].maxPoints');
  });

  it('refuses a negative bonus cap', () => {
    given([], ok)
      .when(launch({ scale: scale({ bonusCap: -1 }) }))
      .thenRefuses('invalid-max-points', 'scale.bonusCap');
  });

  it('refuses a criterion in an unknown group (group-not-found)', () => {
    const s = scale();
    given([], ok)
      .when(launch({ scale: { ...s, criteria: [...s.criteria, { id: 'xay-dung-luc-luong', groupId: 'xay-dung-llcand', name: 'Kỷ luật', maxPoints: 100 }] } }))
      .thenRefuses('group-not-found', 'scale.criteria[3].groupId');
  });
});

describe('campaignDecider: AddPhase', () => {
  it('adds a phase within the campaign', () => {
    given([campaignLaunched], ok)
      .when(addPhase())
      .then([
        {
          type: 'PhaseAdded',
          data: {
            campaignId: CAMPAIGN_ID,
            phaseId: 'cao-diem-30-4',
            name: 'Đợt thi đua chào mừng 51 năm Ngày giải phóng miền Nam',
            startsOn: '2026-03-01',
            endsOn: '2026-04-30',
            occasion: 'Ngày giải phóng miền Nam, thống nhất đất nước 30/4',
            slogan: 'Ra quân thần tốc, tấn công trấn áp tội phạm',
          },
        },
      ]);
  });

  it('accepts a phase spanning exactly the campaign', () => {
    given([campaignLaunched], ok)
      .when(addPhase({ phaseId: 'ca-nam', startsOn: '2026-01-01', endsOn: '2026-12-31', occasion: null, slogan: null }))
      .then([
        {
          type: 'PhaseAdded',
          data: {
            campaignId: CAMPAIGN_ID,
            phaseId: 'ca-nam',
            name: 'Đợt thi đua chào mừng 51 năm Ngày giải phóng miền Nam',
            startsOn: '2026-01-01',
            endsOn: '2026-12-31',
            occasion: null,
            slogan: null,
          },
        },
      ]);
  });

  it('refuses when the campaign does not exist (campaign-not-found, 404)', () => {
    given([], ok).when(addPhase()).thenRefuses('campaign-not-found');
    expect(thrownBy(() => campaignDecider.decide(addPhase(), campaignDecider.initialState(), ok))).toBeInstanceOf(NotFoundError);
  });

  it('refuses on a closed campaign', () => {
    given([campaignLaunched, closed], ok).when(addPhase()).thenRefuses('campaign-closed');
  });

  it('refuses a phase id already used', () => {
    given([campaignLaunched, phaseAdded('cao-diem-30-4')], ok)
      .when(addPhase())
      .thenRefuses('already-exists');
  });

  it('refuses endsOn before startsOn', () => {
    given([campaignLaunched], ok)
      .when(addPhase({ startsOn: '2026-04-30', endsOn: '2026-03-01' }))
      .thenRefuses('invalid-period', 'endsOn');
  });

  it('refuses a phase starting before the campaign', () => {
    given([campaignLaunched], ok)
      .when(addPhase({ startsOn: '2025-12-15', endsOn: '2026-02-28' }))
      .thenRefuses('phase-outside-campaign', 'startsOn');
  });

  it('refuses a phase ending after the campaign', () => {
    given([campaignLaunched], ok)
      .when(addPhase({ startsOn: '2026-12-01', endsOn: '2027-01-15' }))
      .thenRefuses('phase-outside-campaign');
  });
});

describe('campaignDecider: ClosePhase', () => {
  const close = (phaseId: string): CampaignCommand => ({ type: 'ClosePhase', campaignId: CAMPAIGN_ID, phaseId });

  it('closes an open phase', () => {
    given(standardCampaignEvents, ok)
      .when(close(PHASE_OPEN))
      .then([{ type: 'PhaseClosed', data: { campaignId: CAMPAIGN_ID, phaseId: PHASE_OPEN } }]);
  });

  it('refuses an unknown phase (phase-not-found, 404)', () => {
    given(standardCampaignEvents, ok).when(close('cao-diem-2-9')).thenRefuses('phase-not-found');
    expect(thrownBy(() => campaignDecider.decide(close('cao-diem-2-9'), campaignState(...standardCampaignEvents), ok))).toBeInstanceOf(NotFoundError);
  });

  it('refuses a phase already closed', () => {
    given(standardCampaignEvents, ok).when(close(PHASE_CLOSED)).thenRefuses('phase-closed');
  });

  it('refuses when the campaign does not exist or is closed', () => {
    given([], ok).when(close(PHASE_OPEN)).thenRefuses('campaign-not-found');
    given([...standardCampaignEvents, closed], ok)
      .when(close(PHASE_OPEN))
      .thenRefuses('campaign-closed');
  });
});

describe('campaignDecider: CloseCampaign', () => {
  const close: CampaignCommand = { type: 'CloseCampaign', campaignId: CAMPAIGN_ID };

  it('closes an open campaign', () => {
    given(standardCampaignEvents, ok).when(close).then([closed]);
  });

  it('refuses a campaign that does not exist', () => {
    given([], ok).when(close).thenRefuses('campaign-not-found');
  });

  it('refuses a campaign already closed', () => {
    given([campaignLaunched, closed], ok).when(close).thenRefuses('campaign-closed');
  });
});

describe('campaignDecider: evolve', () => {
  it('folds launch, phases and closures into state with a parsed scale', () => {
    const state = campaignState(...standardCampaignEvents);
    expect(state.exists).toBe(true);
    if (!state.exists) return;
    expect(state.closed).toBe(false);
    expect(state.scale.bonusCap).toBe(5000);
    expect(state.scale.criteria.get('truy-na')).toEqual({ id: 'truy-na', groupId: 'toi-pham', name: 'Bắt, vận động đối tượng truy nã', max: 1035 });
    expect(state.scale.groups.map((g) => g.max)).toEqual([20000, 25000]);
    expect(state.phases.get(PHASE_OPEN)?.closed).toBe(false);
    expect(state.phases.get(PHASE_CLOSED)?.closed).toBe(true);
    expect(campaignState(...standardCampaignEvents, closed)).toMatchObject({ closed: true });
  });

  it('does not mutate earlier states when folding further events', () => {
    const before = campaignState(campaignLaunched, phaseAdded(PHASE_OPEN));
    const after = campaignDecider.evolve(before, { type: 'PhaseClosed', data: { campaignId: CAMPAIGN_ID, phaseId: PHASE_OPEN } });
    if (!before.exists || !after.exists) throw new Error('expected a campaign');
    expect(before.phases.get(PHASE_OPEN)?.closed).toBe(false);
    expect(after.phases.get(PHASE_OPEN)?.closed).toBe(true);
  });

  it('parseScale turns the event scale back into hundredths', () => {
    const parsed = parseScale(campaignLaunched.data.scale);
    expect(parsed.bonusCap).toBe(5000);
    expect([...parsed.criteria.keys()]).toEqual(['khong-diem-nong', 'dieu-tra-an-nghiem-trong', 'truy-na']);
  });
});
