import { createHash } from 'node:crypto';
import type { Command } from '@nestjs/cqrs';
import { CommendationsController } from '../commands/commendations/commendations.controller.js';
import { RecordCommendationDto } from '../commands/commendations/commendations.dto.js';
import { RecordCommendation } from '../commands/commendations/commendations.handlers.js';
import { RegistryController } from '../commands/registry/registry.controller.js';
import { RegisterOfficerDto, RegisterUnitDto } from '../commands/registry/registry.dto.js';
import { RegisterOfficer, RegisterUnit } from '../commands/registry/registry.handlers.js';
import { ScoresController } from '../commands/scores/scores.controller.js';
import { RecordScoreEntryDto } from '../commands/scores/scores.dto.js';
import { ChangeScore } from '../commands/scores/scores.handlers.js';
import { ACCESS, type Access } from '../http/auth/access.decorator.js';
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
import type { WriteRequest, WriteResult } from '../streams/write-request.js';
import {
  CellProblem,
  dateValue,
  idValue,
  listValue,
  monthValue,
  moneyValue,
  periodValue,
  pointsValue,
  textOf,
  vocabularyValue,
  type CellValue,
  type Vocabulary,
} from './cell-values.js';

/**
 * What each kind of import holds, column by column (the Vietnamese headers of the templates), and
 * how a row becomes the very request its HTTP route takes: the same path, body, DTO, access rule
 * and command. Pure but for reading the routes' @Authorize metadata.
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

/** One row as the HTTP route would receive it. */
export interface RowRequest {
  /** The route's path with this row's parameters (the idempotency fingerprint hashes it with the body). */
  path: string;
  params: Record<string, string>;
  body: Record<string, unknown>;
  dto: new () => object;
  access: Access;
  command: (dto: object, request: WriteRequest) => Command<WriteResult>;
  /** The stream written (a commendation's, to read its warnings back). */
  commendationId?: string;
}

export interface KindSpec {
  kind: ImportKind;
  /** The sheet's name in the template (and how a workbook's sheet is recognised). */
  sheetName: string;
  label: string;
  columns: ColumnSpec[];
  /** Problems that name no field, by code: the column they are about. */
  codeColumns: Record<string, string>;
  /** The row's request, from its cells by column key; CellProblem names the column at fault. */
  toRequest: (cells: RowCells, today: string) => RowRequest;
}

/** A row's cells by column key; `read` parses one, a failure becoming that column's problem. */
export class RowCells {
  readonly problems: { column: string; problem: CellProblem }[] = [];

  constructor(private readonly values: ReadonlyMap<string, CellValue>) {}

  read<T>(column: string, parse: (value: CellValue) => T): NonNullable<T> | undefined {
    try {
      return parse(this.values.get(column) ?? null) ?? undefined;
    } catch (error) {
      if (!(error instanceof CellProblem)) throw error;
      this.problems.push({ column, problem: error });
      return undefined;
    }
  }

  text(column: string): string | undefined {
    return this.read(column, textOf) ?? undefined;
  }
}

/** The rule a route declares (its @Authorize): a row is allowed exactly when the request would be. */
function accessOf(method: (...args: never[]) => unknown): Access {
  const access = Reflect.getMetadata(ACCESS, method) as Access | undefined;
  if (access === undefined) throw new Error(`${method.name} declares no access rule`);
  return access;
}

/** Fields left undefined are not sent, as a client would omit them. */
function defined(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}

/** A stable id for a row that names none: the same row of the same facts gets the same id, so it cannot be recorded twice. */
function derivedId(prefix: string, ...parts: unknown[]): string {
  return `${prefix}-${createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 20)}`;
}

const ID_NOTE = 'chữ thường không dấu, chữ số và . _ - (tối đa 64 ký tự)';

const units: KindSpec = {
  kind: 'units',
  sheetName: 'Đơn vị',
  label: 'Đơn vị',
  columns: [
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
  codeColumns: { 'already-exists': 'id', 'unit-rule-one-root': 'parentId', forbidden: 'parentId' },
  toRequest: (cells) => {
    const body = defined({
      id: cells.text('id'),
      name: cells.text('name'),
      kind: cells.read('kind', (v) => vocabularyValue(v, VOCABULARIES.unitKinds)),
      parentId: cells.text('parentId'),
      establishedOn: cells.read('establishedOn', dateValue),
    });
    return {
      path: '/api/units',
      params: {},
      body,
      dto: RegisterUnitDto,
      access: accessOf(RegistryController.prototype.registerUnit),
      command: (dto, request) => new RegisterUnit(dto as RegisterUnitDto, request),
    };
  },
};

const officers: KindSpec = {
  kind: 'officers',
  sheetName: 'Cán bộ',
  label: 'Cán bộ chiến sĩ',
  columns: [
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
  codeColumns: { 'already-exists': 'id', 'unit-not-found': 'unitId', 'unit-ended': 'unitId', forbidden: 'unitId' },
  toRequest: (cells) => ({
    path: '/api/officers',
    params: {},
    body: defined({ id: cells.text('id'), fullName: cells.text('fullName'), rank: cells.text('rank'), unitId: cells.text('unitId') }),
    dto: RegisterOfficerDto,
    access: accessOf(RegistryController.prototype.registerOfficer),
    command: (dto, request) => new RegisterOfficer(dto as RegisterOfficerDto, request),
  }),
};

const commendations: KindSpec = {
  kind: 'commendations',
  sheetName: 'Khen thưởng',
  label: 'Quyết định khen thưởng',
  columns: [
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
  codeColumns: {
    'already-exists': 'id',
    'unit-not-found': 'recipientId',
    'officer-not-found': 'recipientId',
    'achievement-already-awarded': 'achievementId',
    forbidden: 'recipientId',
  },
  toRequest: (cells, today) => {
    const form = cells.read('form', (v) => vocabularyValue(v, VOCABULARIES.forms));
    const authority = cells.read('authority', (v) => vocabularyValue(v, VOCABULARIES.authorities));
    const title = cells.text('title');
    const recipient = defined({
      kind: cells.read('recipientKind', (v) => vocabularyValue(v, VOCABULARIES.recipientKinds)),
      id: cells.text('recipientId'),
    });
    const decisionNo = cells.text('decisionNo');
    const decidedOn = cells.read('decidedOn', dateValue);
    const recordedAs = cells.read('recordedAs', (v) => vocabularyValue(v, VOCABULARIES.recordedAs));
    // docs/domain.md §6, historical decisions: a decision of an earlier year comes from the books.
    const historical = recordedAs === 'historical' || (recordedAs === undefined && decidedOn !== undefined && decidedOn.slice(0, 4) < today.slice(0, 4));
    const id = cells.text('id') ?? derivedId('qd', form, authority, title, recipient, decisionNo, decidedOn);
    const body = defined({
      id,
      form,
      authority,
      recipient,
      title,
      campaignId: cells.text('campaignId'),
      achievementId: cells.text('achievementId'),
      decisionNo,
      decidedOn,
      achievementPeriod: cells.read('achievementPeriod', periodValue),
      amountVnd: cells.read('amountVnd', moneyValue),
      initiativeRef: cells.text('initiativeRef'),
      ...(historical
        ? {
            recordedAs: 'historical',
            source: defined({ document: cells.text('sourceDocument'), page: cells.text('sourcePage'), fileRef: cells.text('sourceFile') }),
          }
        : {}),
    });
    return {
      path: '/api/commendations',
      params: {},
      body,
      dto: RecordCommendationDto,
      access: accessOf(CommendationsController.prototype.record),
      command: (dto, request) => new RecordCommendation(dto as RecordCommendationDto, request),
      commendationId: id,
    };
  },
};

const scoreEntries: KindSpec = {
  kind: 'score-entries',
  sheetName: 'Chấm điểm',
  label: 'Điểm thi đua theo tháng',
  columns: [
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
  codeColumns: { 'campaign-not-found': 'campaignId', 'unit-not-found': 'unitId', 'unit-ended': 'unitId', forbidden: 'unitId', 'campaign-closed': 'campaignId' },
  toRequest: (cells) => {
    const campaignId = cells.read('campaignId', idValue);
    const unitId = cells.read('unitId', idValue);
    const criterionId = cells.text('criterionId');
    const period = cells.read('period', monthValue);
    const source = cells.read('source', (v) => vocabularyValue(v, VOCABULARIES.scoreSources));
    const kind = cells.read('kind', (v) => vocabularyValue(v, VOCABULARIES.scoreKinds)) ?? (criterionId !== undefined ? 'achievement' : undefined);
    const phaseId = cells.text('phaseId');
    const body = defined({
      entryId: cells.text('entryId') ?? derivedId('nk', campaignId, unitId, criterionId, period, kind, source, phaseId),
      kind,
      criterionId,
      points: cells.read('points', pointsValue),
      phaseId,
      period,
      occurredOn: cells.read('occurredOn', dateValue),
      source,
      reason: cells.text('reason'),
      evidence: cells.read('evidence', listValue),
    });
    const params = { id: campaignId ?? '', unitId: unitId ?? '' };
    return {
      path: `/api/campaigns/${params.id}/units/${params.unitId}/score-entries`,
      params,
      body,
      dto: RecordScoreEntryDto,
      access: accessOf(ScoresController.prototype.record),
      command: (dto, request) => new ChangeScore(params.id, params.unitId, { kind: 'record', body: dto as RecordScoreEntryDto }, request),
    };
  },
};

export const KIND_SPECS: Readonly<Record<ImportKind, KindSpec>> = {
  units,
  officers,
  commendations,
  'score-entries': scoreEntries,
};

export const isImportKind = (value: unknown): value is ImportKind => typeof value === 'string' && (IMPORT_KINDS as readonly string[]).includes(value);
