import { TITLES, type TitleCode } from './commendations/conferral-authority.js';
import type {
  Authority,
  CampaignForm,
  ClusterKind,
  CommendationForm,
  RecipientKind,
  RevocationGround,
  ScoreEntryKind,
  ScoreSource,
  UnitKind,
} from './events.js';

/**
 * Vietnamese labels for the user interface (docs/domain.md: English names in code, Vietnamese in the
 * UI). The one place these tables live; reads and documents take them from here. The titles and
 * flags have theirs in their own table (TITLES, conferral-authority.ts, with form and authority);
 * TITLE_LABELS below is read from it.
 */
export const COMMENDATION_FORM_LABELS: Readonly<Record<CommendationForm, string>> = {
  order: 'Huân chương',
  medal: 'Huy chương',
  'honorary-title': 'Danh hiệu vinh dự',
  'commemorative-medal': 'Kỷ niệm chương',
  'diploma-of-merit': 'Bằng khen',
  'certificate-of-merit': 'Giấy khen',
  'emulation-flag': 'Cờ thi đua',
  'emulation-title': 'Danh hiệu thi đua',
  'spot-reward': 'Thưởng nóng',
};

export const AUTHORITY_LABELS: Readonly<Record<Authority, string>> = {
  president: 'Chủ tịch nước',
  'prime-minister': 'Thủ tướng Chính phủ',
  minister: 'Bộ trưởng',
  'general-department': 'Tổng cục',
  province: 'UBND tỉnh',
  'unit-head': 'Thủ trưởng đơn vị',
};

export const RECIPIENT_KIND_LABELS: Readonly<Record<RecipientKind, string>> = {
  collective: 'Tập thể',
  individual: 'Cá nhân',
};

export const TITLE_LABELS: Readonly<Record<TitleCode, string>> = Object.fromEntries(TITLES.map((t) => [t.code, t.label])) as Record<TitleCode, string>;

export const UNIT_KIND_LABELS: Readonly<Record<UnitKind, string>> = {
  ministry: 'Bộ',
  department: 'Cục, đơn vị thuộc Bộ',
  province: 'Công an tỉnh, thành phố',
  division: 'Phòng',
  district: 'Công an huyện, quận, thị xã, thành phố thuộc tỉnh',
  commune: 'Công an xã, phường, thị trấn',
  team: 'Đội',
};

export const CAMPAIGN_FORM_LABELS: Readonly<Record<CampaignForm, string>> = {
  regular: 'Thi đua thường xuyên',
  thematic: 'Thi đua theo chuyên đề, đợt',
};

export const CLUSTER_KIND_LABELS: Readonly<Record<ClusterKind, string>> = {
  cluster: 'Cụm thi đua',
  block: 'Khối thi đua',
};

export const SCORE_ENTRY_KIND_LABELS: Readonly<Record<ScoreEntryKind, string>> = {
  achievement: 'Thành tích',
  adjustment: 'Điều chỉnh',
  bonus: 'Điểm thưởng',
  penalty: 'Điểm trừ',
};

export const SCORE_SOURCE_LABELS: Readonly<Record<ScoreSource, string>> = {
  'self-assessment': 'Tự chấm',
  'cross-inspection': 'Kiểm tra chéo',
  cluster: 'Cụm thi đua',
  ministry: 'Bộ Công an',
};

/** Grounds of a revocation (hủy bỏ quyết định khen thưởng, Luật Thi đua, Khen thưởng 2022 Điều 94). */
export const REVOCATION_GROUND_LABELS: Readonly<Record<RevocationGround, string>> = {
  'false-declaration': 'Gian dối trong kê khai thành tích',
  'forged-documents': 'Làm giả hồ sơ, giấy tờ',
  'unlawful-approval': 'Đề nghị, xét duyệt khen thưởng sai quy định',
  'standard-not-met': 'Không đủ điều kiện, tiêu chuẩn',
};
