import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import type { DryRunRequest } from '../commands/shared/ledger-writer.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { uuidv7 } from '../event-store/uuid-v7.js';
import { valueProblems } from '../http/body-limits.js';
import { ProblemFilter } from '../http/problem.filter.js';
import { vietnamToday } from '../http/validation.js';
import { AccessFacts } from '../identity/access-facts.js';
import type { Principal } from '../identity/principal.js';
import { commendationDecider } from '../ledger/commendations/commendation.decider.js';
import type { RuleWarning } from '../ledger/events.js';
import { streamIds } from '../ledger/ids.js';
import { StreamStates } from '../streams/stream-states.js';
import { fingerprintOf, type WriteRequest, type WriteResult } from '../streams/write-request.js';
import type { CellValue } from './cell-values.js';
import { DryRunOverlay } from './dry-run-overlay.js';
import { IMPORT_KINDS, KIND_SPECS, RowCells, type ColumnSpec, type ImportKind, type KindSpec, type RowRequest } from './import-kinds.js';
import { codeMessage, constraintMessage, FILE_MESSAGES } from './messages.js';
import { requireRowAccess } from './row-access.js';
import { FileProblem, readSheets, type Sheet } from './sheet-reader.js';

/** At most this many data rows in one file: a province's year of decisions (Hải Phòng 2016: 2,891) many times over. */
export const MAX_IMPORT_ROWS = 50_000;

export interface ImportInput {
  data: Buffer;
  fileName?: string | null;
  /** The kind of every row; null: an XLSX workbook's sheets say it by their names (Đơn vị, Cán bộ, Khen thưởng, Chấm điểm). */
  kind: ImportKind | null;
  dryRun: boolean;
  principal: Principal;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  phase: 'checking' | 'writing';
  done: number;
  total: number;
}

/** A row refused (or the file: row 0, or the header row): where, and why in Vietnamese with the English detail. */
export interface RowProblem {
  sheet: string | null;
  kind: ImportKind | null;
  row: number;
  /** The column's header as in the file (null: the row as a whole). */
  column: string | null;
  /** The request field at fault, as the HTTP route would name it. */
  field: string | null;
  /** The cell's value as read, when the problem is about one cell. */
  value?: string;
  code: string;
  message: string;
  detail: string;
}

/** What a historical decision's rules would have refused, recorded on it (docs/domain.md §6, historical decisions). */
export interface RowWarning {
  sheet: string;
  kind: ImportKind;
  row: number;
  column: string | null;
  commendationId: string;
  code: string;
  message: string;
  detail: string;
}

export interface KindCounts {
  kind: ImportKind;
  sheet: string;
  rows: number;
  /** Rows the run writes (the dry run: would write). */
  wouldWrite: number;
  written: number;
  /** Rows this file wrote before (the same file, same row, same account): replayed, not written again. */
  alreadyImported: number;
  refused: number;
}

export interface ImportReport {
  dryRun: boolean;
  /**
   * `checked`: a dry run, nothing written (see `problems`); `refused`: rows would be refused, nothing
   * written; `written`: every row is in the ledger; `interrupted`: a row was refused while writing
   * (what the dry run could not see), the rows before it are written: run the same file again.
   */
  outcome: 'checked' | 'refused' | 'written' | 'interrupted';
  file: { name: string | null; sha256: string; bytes: number };
  counts: KindCounts[];
  totals: { rows: number; wouldWrite: number; written: number; alreadyImported: number; refused: number };
  problems: RowProblem[];
  warnings: RowWarning[];
  /** The log positions of the first and last event written (null: none). */
  positions: { first: number | null; last: number | null };
  /** In every event's metadata: the import's events in the log. */
  correlationId: string;
  ignoredSheets: string[];
}

interface PreparedRow {
  spec: KindSpec;
  sheet: string;
  number: number;
  cells: Map<string, CellValue>;
  /** The header of each column key, as the file wrote it. */
  headers: Map<string, string>;
  request: RowRequest | null;
  /** The request's DTO once the dry-run pass validated it: the real pass decides on the same instance. */
  dto: object | null;
  /** A cell could not be read: the row is refused as it stands, never decided. */
  unreadable: boolean;
}

const problemFilter = new ProblemFilter();

/**
 * Brings a spreadsheet in (issue 15): every row becomes the request its HTTP route takes, is
 * validated by the route's DTO as the HTTP pipe validates it, authorized by the route's own rule on
 * the access guard's facts, and decided by the same command handler and decider. A run is all or
 * nothing per file: first a dry run of every row (nothing appended: LedgerWriter's dry-run path, on
 * a DryRunOverlay holding what earlier rows produced); any refusal and nothing is written. Then the
 * rows are written in order, each with the idempotency key `import:<file SHA-256>:<kind>:<row>`, so
 * the same file imported again writes nothing, and an interrupted run is completed by running it
 * again.
 */
@Injectable()
export class ImportEngine {
  constructor(
    private readonly commands: CommandBus,
    private readonly states: StreamStates,
    private readonly facts: AccessFacts,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async run(input: ImportInput): Promise<ImportReport> {
    const sha256 = createHash('sha256').update(input.data).digest('hex');
    const report: ImportReport = {
      dryRun: input.dryRun,
      outcome: 'checked',
      file: { name: input.fileName ?? null, sha256, bytes: input.data.length },
      counts: [],
      totals: { rows: 0, wouldWrite: 0, written: 0, alreadyImported: 0, refused: 0 },
      problems: [],
      warnings: [],
      positions: { first: null, last: null },
      correlationId: uuidv7(),
      ignoredSheets: [],
    };
    const rows = await this.prepare(input, report);
    await this.decideAll(rows, input, report, sha256, true);
    if (report.problems.length > 0) report.outcome = input.dryRun ? 'checked' : 'refused';
    else if (!input.dryRun) await this.decideAll(rows, input, report, sha256, false);
    // In the file's order: its sheets as decided, each row's problems from left to right as found.
    const sheetOrder = (sheet: string | null) => report.counts.findIndex((c) => c.sheet === sheet);
    report.problems.sort((a, b) => sheetOrder(a.sheet) - sheetOrder(b.sheet) || a.row - b.row);
    for (const counts of report.counts) {
      report.totals.rows += counts.rows;
      report.totals.wouldWrite += counts.wouldWrite;
      report.totals.written += counts.written;
      report.totals.alreadyImported += counts.alreadyImported;
      report.totals.refused += counts.refused;
    }
    return report;
  }

  /** The file's sheets, their headers and rows as requests; what cannot be read goes to the report's problems. */
  private async prepare(input: ImportInput, report: ImportReport): Promise<PreparedRow[]> {
    let sheets: Sheet[];
    try {
      sheets = await readSheets(input.data);
    } catch (error) {
      if (!(error instanceof FileProblem)) throw error;
      report.problems.push(fileProblem(error.code, error.messageVi, error.message));
      return [];
    }
    const chosen = this.chooseSheets(sheets, input.kind, report);
    const today = vietnamToday();
    const rows: PreparedRow[] = [];
    for (const { sheet, spec } of chosen) {
      const counts: KindCounts = { kind: spec.kind, sheet: sheet.name, rows: 0, wouldWrite: 0, written: 0, alreadyImported: 0, refused: 0 };
      report.counts.push(counts);
      const [header, ...data] = sheet.rows;
      const columns = header ? this.columnsOf(header, sheet, spec, report) : null;
      if (columns === null) continue;
      const headers = new Map([...columns].map(([index, column]) => [column.key, String(header.cells[index])]));
      for (const row of data) {
        const cells = new Map<string, CellValue>();
        for (const [index, column] of columns) if (row.cells[index] !== null && row.cells[index] !== undefined) cells.set(column.key, row.cells[index]);
        if (cells.size === 0 || [...cells].every(([key, value]) => value === spec.columns.find((c) => c.key === key)!.note)) continue;
        counts.rows++;
        rows.push({ spec, sheet: sheet.name, number: row.number, cells, headers, request: null, dto: null, unreadable: false });
      }
      if (counts.rows === 0)
        report.problems.push({
          ...fileProblem('empty-file', FILE_MESSAGES.empty, `sheet '${sheet.name}' has no data rows`),
          sheet: sheet.name,
          kind: spec.kind,
        });
    }
    if (rows.length > MAX_IMPORT_ROWS) {
      report.problems.push(fileProblem('too-many-rows', `${FILE_MESSAGES.tooManyRows}: tối đa ${MAX_IMPORT_ROWS}`, `at most ${MAX_IMPORT_ROWS} rows per file`));
      return [];
    }
    for (const row of rows) {
      const cells = new RowCells(row.cells);
      row.request = row.spec.toRequest(cells, today);
      row.unreadable = cells.problems.length > 0;
      for (const { column, problem } of cells.problems) {
        report.problems.push(this.rowProblem(row, column, null, problem.code, problem.messageVi, problem.message));
      }
    }
    return rows;
  }

  private chooseSheets(sheets: Sheet[], kind: ImportKind | null, report: ImportReport): { sheet: Sheet; spec: KindSpec }[] {
    const kindOf = (sheet: Sheet) =>
      IMPORT_KINDS.find((k) => [k, KIND_SPECS[k].sheetName.toLocaleLowerCase('vi')].includes(sheet.name.trim().toLocaleLowerCase('vi')));
    if (kind !== null) {
      const sheet = sheets.find((s) => kindOf(s) === kind) ?? sheets[0];
      if (!sheet) {
        report.problems.push(fileProblem('empty-file', FILE_MESSAGES.empty, 'the file has no sheet'));
        return [];
      }
      report.ignoredSheets = sheets.filter((s) => s !== sheet).map((s) => s.name);
      return [{ sheet, spec: KIND_SPECS[kind] }];
    }
    const named = sheets.filter((sheet) => kindOf(sheet) !== undefined);
    if (named.length === 0) {
      const [code, message] = sheets.length === 1 ? ['kind-required', FILE_MESSAGES.kindRequired] : ['no-kind-sheet', FILE_MESSAGES.noSheet];
      report.problems.push(fileProblem(code, message, 'name the kind (units, officers, commendations, score-entries), or name each sheet by its kind'));
      return [];
    }
    report.ignoredSheets = sheets.filter((s) => !named.includes(s)).map((s) => s.name);
    // Units before the officers serving in them, both before the decisions and scores naming them.
    return named
      .map((sheet) => ({ sheet, spec: KIND_SPECS[kindOf(sheet)!] }))
      .sort((a, b) => IMPORT_KINDS.indexOf(a.spec.kind) - IMPORT_KINDS.indexOf(b.spec.kind));
  }

  /** Which column of the kind each header names (by its Vietnamese header, any case, or its key); null when the headers do not fit. */
  private columnsOf(header: Sheet['rows'][number], sheet: Sheet, spec: KindSpec, report: ImportReport): Map<number, ColumnSpec> | null {
    const columns = new Map<number, ColumnSpec>();
    const before = report.problems.length;
    const problem = (code: string, message: string, detail: string, column: string | null) =>
      report.problems.push({ sheet: sheet.name, kind: spec.kind, row: header.number, column, field: null, code, message, detail });
    const normal = (text: string) => text.replace(/\s+/g, ' ').toLocaleLowerCase('vi');
    header.cells.forEach((cell, index) => {
      if (cell === null) return;
      const text = String(cell);
      const column = spec.columns.find((c) => normal(c.header) === normal(text) || c.key === text);
      if (!column) return problem('unknown-column', `${FILE_MESSAGES.unknownColumn}: ${text}`, `'${text}' is not a column of ${spec.kind}`, text);
      if ([...columns.values()].includes(column))
        return problem('duplicate-column', `${FILE_MESSAGES.duplicateColumn}: ${text}`, `'${text}' appears twice`, text);
      columns.set(index, column);
    });
    for (const column of spec.columns) {
      if (column.required && ![...columns.values()].includes(column)) {
        problem(
          'missing-column',
          `${FILE_MESSAGES.missingColumn}: ${column.header}`,
          `the column '${column.header}' (${column.key}) is required`,
          column.header,
        );
      }
    }
    return report.problems.length > before ? null : columns;
  }

  /**
   * Every row in order, as a dry run (on one overlay: each row sees what the rows above it would
   * write) or for real. A real run stops at the first refusal: the dry run refused nothing, so it is
   * what only the real run sees (the read models' facts, another writer meanwhile).
   */
  private async decideAll(rows: PreparedRow[], input: ImportInput, report: ImportReport, sha256: string, dryRun: boolean): Promise<void> {
    const overlay = dryRun ? new DryRunOverlay(this.states, this.store, (claim) => this.store.claimHolder(claim)) : null;
    const facts = overlay ? new AccessFacts(overlay.states) : this.facts;
    // The answer's warnings are those of the last pass: the real run's are the ones written.
    const lastPass = dryRun === input.dryRun;
    for (const counts of report.counts) Object.assign(counts, { alreadyImported: 0, refused: 0 });
    const phase = dryRun ? 'checking' : 'writing';
    for (const [done, row] of rows.entries()) {
      input.onProgress?.({ phase, done, total: rows.length });
      const request = row.request!;
      const counts = report.counts.find((c) => c.sheet === row.sheet)!;
      if (row.unreadable) {
        counts.refused++;
        continue;
      }
      const writeRequest: WriteRequest | DryRunRequest = {
        actor: input.principal.accountId,
        actorName: input.principal.displayName,
        idempotencyKey: `import:${sha256}:${row.spec.kind}:${row.number}`,
        fingerprint: fingerprintOf('POST', request.path, request.body),
        ifMatch: null,
        correlationId: report.correlationId,
        ...(overlay ? { dryRun: overlay } : {}),
      };
      let result: WriteResult;
      try {
        if (row.dto === null) {
          const validated = await this.validated(row, request);
          if (validated.problems.length > 0) {
            counts.refused++;
            report.problems.push(...validated.problems);
            continue;
          }
          row.dto = validated.dto;
        }
        await requireRowAccess(request.access, input.principal, request, facts);
        result = await this.commands.execute(request.command(row.dto, writeRequest));
      } catch (error) {
        counts.refused++;
        report.problems.push(...this.refusal(row, error));
        if (dryRun) continue;
        report.outcome = 'interrupted';
        return;
      }
      if (result.status === 200) counts.alreadyImported++;
      else if (dryRun) counts.wouldWrite++;
      else {
        counts.written++;
        report.positions.first ??= result.body.position;
        report.positions.last = result.body.position;
      }
      if (lastPass && request.commendationId !== undefined) await this.collectWarnings(row, request.commendationId, overlay?.states ?? this.states, report);
    }
    input.onProgress?.({ phase, done: rows.length, total: rows.length });
    if (!dryRun) report.outcome = 'written';
  }

  /** The row's body checked as an HTTP request's is (body limits, then the route's DTO as the validation pipe runs it). */
  private async validated(row: PreparedRow, request: RowRequest): Promise<{ dto: object; problems: RowProblem[] }> {
    const dto = plainToInstance(request.dto, request.body);
    const text = valueProblems(request.body, '');
    if (text.length > 0) {
      const message = 'Ô chứa ký tự không phải văn bản (NUL hoặc Unicode hỏng)';
      return { dto, problems: text.map((e) => this.rowProblem(row, null, e.field, 'invalid-request', message, e.message)) };
    }
    // The options of ledgerValidationPipe (src/http/validation.ts), with the constraint of each error kept to say it in Vietnamese.
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true });
    return {
      dto,
      problems: flatten(errors).map(({ field, constraint, message }) =>
        this.rowProblem(row, null, field, 'invalid-request', constraintMessage(constraint), message),
      ),
    };
  }

  private refusal(row: PreparedRow, error: unknown): RowProblem[] {
    const problem = problemFilter.toProblem(error);
    // A fault (a bug, the store failing) is no verdict on the row: the import fails as a request would.
    if (problem.status >= 500) throw error;
    const fields = problem.errors?.map((e) => e.field) ?? [];
    return (fields.length > 0 ? fields : [null]).map((field) => this.rowProblem(row, null, field, problem.code, codeMessage(problem.code), problem.detail));
  }

  private rowProblem(row: PreparedRow, columnKey: string | null, field: string | null, code: string, message: string, detail: string): RowProblem {
    const key = columnKey ?? (field !== null ? columnOfField(row.spec, field) : null) ?? row.spec.codeColumns[code] ?? null;
    const value = key !== null ? row.cells.get(key) : undefined;
    return {
      sheet: row.sheet,
      kind: row.spec.kind,
      row: row.number,
      column: key !== null ? (row.headers.get(key) ?? row.spec.columns.find((c) => c.key === key)!.header) : null,
      field,
      ...(value !== undefined && value !== null ? { value: value instanceof Date ? value.toISOString() : String(value) } : {}),
      code,
      message,
      detail,
    };
  }

  private async collectWarnings(row: PreparedRow, commendationId: string, states: StreamStates, report: ImportReport): Promise<void> {
    const { state } = await states.load(commendationDecider, streamIds.commendation(commendationId));
    if (!state.exists) return;
    for (const warning of state.decision.warnings ?? ([] as RuleWarning[])) {
      const { column } = this.rowProblem(row, null, warning.field, warning.code, '', '');
      report.warnings.push({
        sheet: row.sheet,
        kind: row.spec.kind,
        row: row.number,
        column,
        commendationId,
        code: warning.code,
        message: codeMessage(warning.code),
        detail: warning.detail,
      });
    }
  }
}

function fileProblem(code: string, message: string, detail: string): RowProblem {
  return { sheet: null, kind: null, row: 0, column: null, field: null, code, message, detail };
}

/** The column a request field comes from: the column feeding it, or a field above it (`recipient` for `recipient.id`). */
function columnOfField(spec: KindSpec, field: string): string | null {
  const feeds = (f: string) => field === f || field.startsWith(`${f}.`) || field.startsWith(`${f}[`);
  return spec.columns.find((column) => column.fields.includes(field))?.key ?? spec.columns.find((column) => column.fields.some(feeds))?.key ?? null;
}

/** class-validator's errors as `field` paths (as src/http/validation.ts names them), each with its constraint. */
function flatten(errors: ValidationError[], prefix = ''): { field: string; constraint: string; message: string }[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property) ? `${prefix}[${error.property}]` : prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({ field, constraint, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
