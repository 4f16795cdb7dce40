import { createHash } from 'node:crypto';
import { SetMetadata, StreamableFile, type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import ExcelJS from 'exceljs';
import { from, mergeMap, type Observable } from 'rxjs';
import { RequestValidationError } from './problem.js';

/**
 * Table-shaped reads as spreadsheets (issue 15): the same answer a read gives as JSON, laid out as
 * one or more sheets with Vietnamese headers, as XLSX (exceljs) or CSV, chosen by `?format=` or by
 * content negotiation (`Accept`). The numbers are the JSON's, to the cent: XLSX holds them as numbers
 * (shown `#,##0.##`), CSV writes them the Vietnamese way (`1.234,5`, columns split by `;`, as Excel
 * set to Vietnamese reads them) and a UTF-8 BOM so the tone marks open right.
 */
export type CellKind = 'text' | 'number' | 'money' | 'date' | 'datetime' | 'boolean';

export interface TableColumn {
  header: string;
  kind: CellKind;
  value: (row: Record<string, unknown>) => unknown;
}

export interface TableSheet {
  name: string;
  columns: TableColumn[];
  rows: Record<string, unknown>[];
}

/** How a read's JSON answer becomes sheets, and the file's base name (ASCII). */
export interface TableExportSpec {
  filename: (answer: Record<string, unknown>) => string;
  sheets: (answer: Record<string, unknown>) => TableSheet[];
}

export const TABLE_EXPORT = Symbol('table-export');
export const TableExport = (spec: TableExportSpec) => SetMetadata(TABLE_EXPORT, spec);

export const EXPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const MEDIA: Record<Exclude<ExportFormat, 'json'>, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** `?format=` wins; else the first of `Accept` that is CSV or XLSX, unless JSON comes before it. */
export function exportFormatOf(request: Pick<Request, 'query' | 'headers'>): ExportFormat {
  const asked = request.query?.format;
  if (typeof asked === 'string' && (EXPORT_FORMATS as readonly string[]).includes(asked)) return asked as ExportFormat;
  const accept = String(request.headers.accept ?? '');
  for (const part of accept.split(',')) {
    const media = part.split(';')[0].trim().toLowerCase();
    if (media === 'application/json' || media === 'application/problem+json') return 'json';
    if (media === 'text/csv') return 'csv';
    if (media === MEDIA.xlsx) return 'xlsx';
  }
  return 'json';
}

@Injectable()
export class TableExportInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    const spec = this.reflector.get<TableExportSpec | undefined>(TABLE_EXPORT, context.getHandler());
    const format = exportFormatOf(request);
    if (spec) response.vary('Accept');
    if (format === 'json') return next.handle();
    if (!spec) {
      // Asked by name, refused naming the field; asked by Accept, answered as JSON (the representation this read has).
      if (request.query?.format === undefined) return next.handle();
      throw new RequestValidationError([
        {
          field: 'format',
          message: `this read has no ${format} form: the table-shaped reads export (ranking, scorecard, audit trail, register, pledge progress, publication comparison)`,
        },
      ]);
    }
    return next.handle().pipe(
      mergeMap((answer: Record<string, unknown>) =>
        from(
          (async () => {
            const sheets = spec.sheets(answer);
            const body = format === 'csv' ? Buffer.from(`\uFEFF${toCsv(sheets)}`, 'utf8') : await toXlsx(sheets);
            const name = `${spec.filename(answer)}.${format}`;
            // Each representation its own strong tag (the ETag interceptor leaves files alone).
            response.setHeader('ETag', `"${format}-${createHash('sha256').update(body).digest('base64url')}"`);
            response.setHeader('Cache-Control', 'private, no-cache');
            return new StreamableFile(body, { type: MEDIA[format], disposition: `attachment; filename="${name}"`, length: body.length });
          })(),
        ),
      ),
    );
  }
}

const VIETNAMESE_NUMBER = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2, useGrouping: true });

/** A cell as CSV text: numbers the Vietnamese way, dates dd/MM/yyyy, booleans Có/Không. */
function csvText(kind: CellKind, value: unknown): string {
  if (value === null || value === undefined) return '';
  switch (kind) {
    case 'number':
    case 'money':
      return typeof value === 'number' ? VIETNAMESE_NUMBER.format(value) : String(value);
    case 'date':
      return vietnameseDate(String(value));
    case 'datetime':
      return vietnameseDateTime(String(value));
    case 'boolean':
      return value ? 'Có' : 'Không';
    default:
      return Array.isArray(value) ? value.join(', ') : String(value);
  }
}

function quote(text: string): string {
  return /[";\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(sheets: TableSheet[]): string {
  return sheets
    .map((sheet) => {
      const lines = [sheet.columns.map((c) => quote(c.header)).join(';')];
      for (const row of sheet.rows) lines.push(sheet.columns.map((c) => quote(csvText(c.kind, c.value(row)))).join(';'));
      // Several sheets in one CSV: each under its own name, a blank line between.
      return sheets.length > 1 ? `${quote(sheet.name)}\r\n${lines.join('\r\n')}` : lines.join('\r\n');
    })
    .join('\r\n\r\n')
    .concat('\r\n');
}

export async function toXlsx(sheets: TableSheet[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'campaign-ledger';
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(sheet.name.slice(0, 31));
    ws.columns = sheet.columns.map((c) => ({ header: c.header, width: Math.min(60, Math.max(10, c.header.length + 2)), style: styleOf(c.kind) }));
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    for (const row of sheet.rows) ws.addRow(sheet.columns.map((c) => xlsxValue(c.kind, c.value(row))));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function styleOf(kind: CellKind): Partial<ExcelJS.Style> {
  if (kind === 'number') return { numFmt: '#,##0.##' };
  if (kind === 'money') return { numFmt: '#,##0' };
  if (kind === 'date') return { numFmt: 'dd/mm/yyyy' };
  if (kind === 'datetime') return { numFmt: 'dd/mm/yyyy hh:mm:ss' };
  return {};
}

function xlsxValue(kind: CellKind, value: unknown): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  if (kind === 'date') return new Date(`${String(value).slice(0, 10)}T00:00:00Z`);
  // A moment shown in Vietnam time (UTC+7): Excel has no time zones.
  if (kind === 'datetime') return new Date(new Date(String(value)).getTime() + 7 * 3600_000);
  if (kind === 'boolean') return value ? 'Có' : 'Không';
  if (Array.isArray(value)) return value.join(', ');
  return value as ExcelJS.CellValue;
}

function vietnameseDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

function vietnameseDateTime(iso: string): string {
  const local = new Date(new Date(iso).getTime() + 7 * 3600_000).toISOString();
  return `${vietnameseDate(local)} ${local.slice(11, 19)}`;
}
