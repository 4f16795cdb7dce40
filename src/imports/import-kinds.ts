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
} from './cell-values.js';
import { IMPORT_KINDS, TEMPLATE_COLUMNS, VOCABULARIES, type ColumnSpec, type ImportKind } from './template-columns.js';

export { IMPORT_KINDS, type ColumnSpec, type ImportKind };

/**
 * What each kind of import holds, column by column (the Vietnamese headers of the templates), and
 * how a row becomes the very request its HTTP route takes: the same path, body, DTO, access rule
 * and command. Pure but for reading the routes' @Authorize metadata.
 */
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

const units: KindSpec = {
  kind: 'units',
  sheetName: 'Đơn vị',
  label: 'Đơn vị',
  columns: TEMPLATE_COLUMNS.units,
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
  columns: TEMPLATE_COLUMNS.officers,
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
  columns: TEMPLATE_COLUMNS.commendations,
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
  columns: TEMPLATE_COLUMNS['score-entries'],
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
