import type { Authority, CommendationForm, RecipientKind } from './events.js';

/**
 * Vietnamese labels for the user interface (domain.md: English names in code, Vietnamese in the
 * UI). The one place these tables live; reads and documents take them from here.
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
