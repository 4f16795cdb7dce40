import { TITLES } from '../ledger/commendations/conferral-authority.js';
import { AUTHORITIES, COMMENDATION_FORMS, RECIPIENT_KINDS, SCORE_ENTRY_KINDS, SCORE_SOURCES, UNIT_KINDS } from '../ledger/events.js';
import {
  AUTHORITY_LABELS,
  COMMENDATION_FORM_LABELS,
  RECIPIENT_KIND_LABELS,
  SCORE_ENTRY_KIND_LABELS,
  SCORE_SOURCE_LABELS,
  UNIT_KIND_LABELS,
} from '../ledger/labels.js';
import type { Vocabulary } from './cell-values.js';

/**
 * The import templates' columns, kind by kind: their Vietnamese headers, notes and closed lists.
 * Pure (no Nest, no commands): the templates, the import engine and the exports in the import's
 * shape (a register's decisions as the Khen thưởng sheet) all read them from here.
 */
export const IMPORT_KINDS = ['units', 'officers', 'commendations', 'score-entries'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

const terms = <C extends string>(name: string, codes: readonly C[], labels: Readonly<Record<C, string>>): Vocabulary<C> => ({
  name,
  entries: codes.map((code) => ({ code, label: labels[code] })),
});

export const VOCABULARIES = {
  unitKinds: terms('loại đơn vị', UNIT_KINDS, UNIT_KIND_LABELS),
  forms: terms('hình thức khen thưởng', COMMENDATION_FORMS, COMMENDATION_FORM_LABELS),
  authorities: terms('cấp khen thưởng', AUTHORITIES, AUTHORITY_LABELS),
  recipientKinds: terms('đối tượng', RECIPIENT_KINDS, RECIPIENT_KIND_LABELS),
  titles: { name: 'danh hiệu thi đua, cờ thi đua', entries: TITLES.map((t) => ({ code: t.code, label: t.label })) } satisfies Vocabulary,
  scoreKinds: terms('loại điểm', SCORE_ENTRY_KINDS, SCORE_ENTRY_KIND_LABELS),
  scoreSources: terms('nguồn chấm', SCORE_SOURCES, SCORE_SOURCE_LABELS),
  recordedAs: terms('ghi nhận', ['historical', 'new'] as const, { historical: 'Ghi từ sổ sách', new: 'Quyết định mới' }),
};

export interface ColumnSpec {
  key: string;
  /** The header, in Vietnamese, as the template has it (matched case-insensitively; the key is accepted too). */
  header: string;
  /** What to type there (the template's note row and header comment). */
  note: string;
  /** The column must be in the file (whether a value is required is the DTO's to say). */
  required?: boolean;
  /** The request fields it feeds: a problem naming one of them (or a field under it) is reported on this column. */
  fields: string[];
  /** A closed list: the template offers it as a drop-down (data validation). */
  vocabulary?: Vocabulary;
  /** Other text is accepted too (a diploma's wording beside the titles): the drop-down only suggests. */
  openList?: boolean;
  /** The template formats the column as dates. */
  date?: boolean;
  width?: number;
}

const ID_NOTE = 'chữ thường không dấu, chữ số và . _ - (tối đa 64 ký tự)';

export const TEMPLATE_COLUMNS: Readonly<Record<ImportKind, ColumnSpec[]>> = {
  units: [
    { key: 'id', header: 'Mã đơn vị', note: `Mã đơn vị do tỉnh đặt, ${ID_NOTE}, ví dụ ca-hai-phong`, required: true, fields: ['id'], width: 22 },
    { key: 'name', header: 'Tên đơn vị', note: 'Tên đầy đủ, ví dụ Công an thành phố Hải Phòng', required: true, fields: ['name'], width: 40 },
    {
      key: 'kind',
      header: 'Loại',
      note: 'Chọn trong danh mục loại đơn vị (tên hoặc mã)',
      required: true,
      fields: ['kind'],
      vocabulary: VOCABULARIES.unitKinds,
      width: 34,
    },
    {
      key: 'parentId',
      header: 'Đơn vị cấp trên',
      note: 'Mã đơn vị cấp trên: đã có trong sổ cái hoặc ở một dòng phía trên của tệp này; để trống cho đơn vị gốc (Bộ Công an)',
      fields: ['parentId'],
      width: 22,
    },
    { key: 'establishedOn', header: 'Ngày thành lập', note: 'Ngày/tháng/năm (không bắt buộc)', fields: ['establishedOn'], date: true, width: 16 },
  ],
  officers: [
    { key: 'id', header: 'Mã cán bộ', note: `Mã cán bộ do tỉnh đặt, ${ID_NOTE}, ví dụ hp-nguyen-van-an`, required: true, fields: ['id'], width: 22 },
    { key: 'fullName', header: 'Họ và tên', note: 'Họ và tên đầy đủ, có dấu', required: true, fields: ['fullName'], width: 28 },
    { key: 'rank', header: 'Cấp bậc', note: 'Ví dụ Thiếu tá (không bắt buộc)', fields: ['rank'], width: 14 },
    {
      key: 'unitId',
      header: 'Đơn vị công tác',
      note: 'Mã đơn vị cán bộ đang công tác: đã có trong sổ cái hoặc trong tệp này',
      required: true,
      fields: ['unitId'],
      width: 22,
    },
  ],
  commendations: [
    {
      key: 'id',
      header: 'Mã quyết định',
      note: `Không bắt buộc (${ID_NOTE}); để trống: hệ thống đặt mã theo số quyết định và người được khen, nên một dòng không ghi được hai lần`,
      fields: ['id'],
      width: 22,
    },
    {
      key: 'form',
      header: 'Hình thức',
      note: 'Hình thức khen thưởng (tên hoặc mã)',
      required: true,
      fields: ['form'],
      vocabulary: VOCABULARIES.forms,
      width: 20,
    },
    {
      key: 'authority',
      header: 'Cấp khen thưởng',
      note: 'Người, cấp ký quyết định (tên hoặc mã)',
      required: true,
      fields: ['authority'],
      vocabulary: VOCABULARIES.authorities,
      width: 20,
    },
    {
      key: 'title',
      header: 'Danh hiệu',
      note: 'Danh hiệu thi đua, cờ thi đua: bắt buộc, đúng tên hoặc mã trong danh mục; hình thức khác: nội dung khen (không bắt buộc)',
      fields: ['title'],
      vocabulary: VOCABULARIES.titles,
      openList: true,
      width: 36,
    },
    {
      key: 'recipientKind',
      header: 'Đối tượng',
      note: 'Tập thể (một đơn vị) hoặc Cá nhân (một cán bộ)',
      required: true,
      fields: ['recipient.kind'],
      vocabulary: VOCABULARIES.recipientKinds,
      width: 12,
    },
    {
      key: 'recipientId',
      header: 'Mã đơn vị, cán bộ được khen',
      note: 'Mã đơn vị (tập thể) hoặc mã cán bộ (cá nhân) đã có trong sổ cái',
      required: true,
      fields: ['recipient.id', 'recipient'],
      width: 24,
    },
    { key: 'decisionNo', header: 'Số quyết định', note: 'Ví dụ 1234/QĐ-BCA', required: true, fields: ['decisionNo'], width: 18 },
    {
      key: 'decidedOn',
      header: 'Ngày quyết định',
      note: 'Ngày/tháng/năm ký quyết định, không sau hôm nay',
      required: true,
      fields: ['decidedOn'],
      date: true,
      width: 16,
    },
    {
      key: 'achievementPeriod',
      header: 'Năm thành tích',
      note: 'Năm (2021), các năm (2019-2021) hoặc từ ngày - đến ngày; để trống: năm của quyết định',
      fields: ['achievementPeriod'],
      width: 16,
    },
    { key: 'amountVnd', header: 'Số tiền thưởng (đồng)', note: 'Số đồng, ví dụ 1.800.000 (không bắt buộc)', fields: ['amountVnd'], width: 18 },
    { key: 'achievementId', header: 'Mã thành tích', note: 'Mỗi thành tích chỉ được khen một lần (không bắt buộc)', fields: ['achievementId'], width: 18 },
    { key: 'initiativeRef', header: 'Sáng kiến', note: 'Số, mã sáng kiến được công nhận (Chiến sĩ thi đua cơ sở)', fields: ['initiativeRef'], width: 18 },
    { key: 'campaignId', header: 'Mã phong trào', note: 'Phong trào thi đua (cờ thi đua: bắt buộc)', fields: ['campaignId', 'phaseId'], width: 22 },
    {
      key: 'recordedAs',
      header: 'Ghi nhận',
      note: 'Để trống: quyết định của năm trước năm nay được ghi từ sổ sách (cảnh báo thay vì từ chối khi thiếu điều kiện), của năm nay là quyết định mới (kiểm tra đầy đủ)',
      fields: ['recordedAs'],
      vocabulary: VOCABULARIES.recordedAs,
      width: 16,
    },
    {
      key: 'sourceDocument',
      header: 'Sổ, văn bản nguồn',
      note: 'Bắt buộc với quyết định ghi từ sổ sách: sổ khen thưởng, bản sao quyết định…',
      fields: ['source.document', 'source'],
      width: 30,
    },
    { key: 'sourcePage', header: 'Trang', note: 'Trang trong sổ (không bắt buộc)', fields: ['source.page'], width: 8 },
    { key: 'sourceFile', header: 'Tệp scan', note: 'Đường dẫn, mã tệp scan (không bắt buộc)', fields: ['source.fileRef'], width: 24 },
  ],
  'score-entries': [
    { key: 'campaignId', header: 'Mã phong trào', note: 'Phong trào thi đua đã có trong sổ cái', required: true, fields: [], width: 26 },
    { key: 'unitId', header: 'Mã đơn vị', note: 'Đơn vị được chấm điểm', required: true, fields: [], width: 20 },
    { key: 'criterionId', header: 'Tiêu chí', note: 'Mã tiêu chí trong thang điểm (điểm thưởng, điểm trừ: để trống)', fields: ['criterionId'], width: 12 },
    { key: 'period', header: 'Tháng', note: 'Tháng/năm được tính điểm, ví dụ 03/2026', required: true, fields: ['period'], width: 10 },
    { key: 'points', header: 'Điểm', note: 'Số điểm, tối đa 2 chữ số thập phân, dấu phẩy thập phân: 6,5', required: true, fields: ['points'], width: 10 },
    {
      key: 'kind',
      header: 'Loại điểm',
      note: 'Để trống: Thành tích (khi có tiêu chí); Điều chỉnh, Điểm thưởng, Điểm trừ',
      fields: ['kind'],
      vocabulary: VOCABULARIES.scoreKinds,
      width: 14,
    },
    {
      key: 'source',
      header: 'Nguồn chấm',
      note: 'Tự chấm, Kiểm tra chéo, Cụm thi đua, Bộ Công an',
      required: true,
      fields: ['source'],
      vocabulary: VOCABULARIES.scoreSources,
      width: 16,
    },
    { key: 'reason', header: 'Lý do', note: 'Nội dung, căn cứ chấm điểm', required: true, fields: ['reason'], width: 40 },
    { key: 'evidence', header: 'Tài liệu chứng minh', note: 'Số báo cáo, biên bản; nhiều tài liệu cách nhau bằng dấu ;', fields: ['evidence'], width: 26 },
    { key: 'phaseId', header: 'Mã đợt', note: 'Đợt thi đua (không bắt buộc)', fields: ['phaseId'], width: 14 },
    {
      key: 'occurredOn',
      header: 'Ngày phát sinh',
      note: 'Ngày/tháng/năm, trong tháng được tính (không bắt buộc)',
      fields: ['occurredOn'],
      date: true,
      width: 16,
    },
    {
      key: 'entryId',
      header: 'Mã bản ghi',
      note: 'Không bắt buộc; để trống: hệ thống đặt mã theo phong trào, đơn vị, tiêu chí, tháng và nguồn, nên một dòng không ghi được hai lần',
      fields: ['entryId'],
      width: 20,
    },
  ],
};

/** A decision as the register lists it (GET /api/commendations/register?decisions=true). */
export interface RegisterDecision {
  commendationId: string;
  form: string;
  authority: string;
  title: string | null;
  titleLabel: string | null;
  recipient: { kind: string; id: string };
  decisionNo: string;
  decidedOn: string;
  achievementYear: number;
  amountVnd: number | null;
  status: string;
  achievementId: string | null;
  initiativeRef: string | null;
  campaignId: string | null;
  recordedAs?: 'historical';
  source?: { document: string; page?: string | null; fileRef?: string | null } | null;
}

const labelOf = (vocabulary: Vocabulary, code: string) => vocabulary.entries.find((e) => e.code === code)?.label ?? code;

/**
 * A decision as a row of the Khen thưởng template, cell by column key: what imports it again as
 * the same decision (labels for the closed lists, the achievement year as a year). A period of
 * several years is written as its last year: the read model keeps the achievement year only.
 */
export function commendationTemplateCells(d: RegisterDecision): Record<string, unknown> {
  return {
    id: d.commendationId,
    form: labelOf(VOCABULARIES.forms, d.form),
    authority: labelOf(VOCABULARIES.authorities, d.authority),
    title: d.titleLabel ?? d.title,
    recipientKind: labelOf(VOCABULARIES.recipientKinds, d.recipient.kind),
    recipientId: d.recipient.id,
    decisionNo: d.decisionNo,
    decidedOn: d.decidedOn,
    achievementPeriod: d.achievementYear,
    amountVnd: d.amountVnd,
    achievementId: d.achievementId,
    initiativeRef: d.initiativeRef,
    campaignId: d.campaignId,
    recordedAs: labelOf(VOCABULARIES.recordedAs, d.recordedAs ?? 'new'),
    sourceDocument: d.source?.document ?? null,
    sourcePage: d.source?.page ?? null,
    sourceFile: d.source?.fileRef ?? null,
  };
}
