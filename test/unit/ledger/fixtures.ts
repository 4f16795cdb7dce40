import { campaignDecider, type CampaignState } from '../../../src/ledger/campaigns/campaign.decider.js';
import { fold } from '../../../src/ledger/decider.js';
import type { CampaignEvent, CampaignLaunched, PhaseAdded } from '../../../src/ledger/events.js';

/** Shared test data: the Ministry's 2026 "Vì An ninh Tổ quốc" campaign and a few real-looking units. */
export const CAMPAIGN_ID = 'vi-an-ninh-to-quoc-2026';
export const ORGANIZER = 'bo-cong-an';

export const UNITS = {
  haiPhong: 'ca-hai-phong',
  quangNinh: 'ca-quang-ninh',
  haiDuong: 'ca-hai-duong',
  thaiBinh: 'ca-thai-binh',
  namDinh: 'ca-nam-dinh',
  hungYen: 'ca-hung-yen',
} as const;

export const campaignLaunched: CampaignLaunched = {
  type: 'CampaignLaunched',
  data: {
    campaignId: CAMPAIGN_ID,
    title: 'Phong trào thi đua "Vì an ninh Tổ quốc" năm 2026',
    form: 'regular',
    organizerUnitId: ORGANIZER,
    startsOn: '2026-01-01',
    endsOn: '2026-12-31',
    slogan: 'Bản lĩnh, kỷ cương, trách nhiệm, chuyên nghiệp, hiện đại, hiệu quả',
    scale: {
      groups: [
        { id: 'an-ninh-chinh-tri', name: 'I. Bảo vệ an ninh chính trị', maxPoints: '200' },
        { id: 'toi-pham', name: 'II. Đấu tranh phòng, chống tội phạm và tệ nạn xã hội', maxPoints: '250' },
      ],
      criteria: [
        { id: 'khong-diem-nong', groupId: 'an-ninh-chinh-tri', name: 'Không để xảy ra điểm nóng', maxPoints: '100' },
        { id: 'dieu-tra-an-nghiem-trong', groupId: 'toi-pham', name: 'Tỷ lệ điều tra khám phá án rất nghiêm trọng', maxPoints: '20' },
        { id: 'truy-na', groupId: 'toi-pham', name: 'Bắt, vận động đối tượng truy nã', maxPoints: '10.35' },
      ],
      bonusCap: '50',
    },
  },
};

export const phaseAdded = (phaseId: string, overrides: Partial<PhaseAdded['data']> = {}): PhaseAdded => ({
  type: 'PhaseAdded',
  data: {
    campaignId: CAMPAIGN_ID,
    phaseId,
    name: 'Đợt thi đua cao điểm chào mừng Ngày truyền thống CAND',
    startsOn: '2026-06-01',
    endsOn: '2026-08-19',
    occasion: '81 năm Ngày truyền thống Công an nhân dân',
    slogan: null,
    ...overrides,
  },
});

export const PHASE_OPEN = 'cao-diem-19-8';
export const PHASE_CLOSED = 'cao-diem-tet-2026';

/** The campaign as the command handlers would fold it from its stream. */
export function campaignState(...events: CampaignEvent[]): CampaignState {
  return fold(campaignDecider, events);
}

export const standardCampaignEvents: CampaignEvent[] = [
  campaignLaunched,
  phaseAdded(PHASE_OPEN),
  phaseAdded(PHASE_CLOSED, {
    name: 'Đợt cao điểm tấn công trấn áp tội phạm dịp Tết Bính Ngọ',
    startsOn: '2026-01-01',
    endsOn: '2026-02-28',
    occasion: 'Tết Nguyên đán Bính Ngọ',
  }),
  { type: 'PhaseClosed', data: { campaignId: CAMPAIGN_ID, phaseId: PHASE_CLOSED } },
];

/** Runs `fn` and returns what it threw (fails the test if nothing was thrown). */
export function thrownBy(fn: () => unknown): Error & { code?: string; field?: string; details?: Record<string, unknown> } {
  try {
    fn();
  } catch (error) {
    return error as Error & { code?: string; field?: string };
  }
  throw new Error('expected a refusal, but the command was accepted');
}
