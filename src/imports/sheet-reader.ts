import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { CellValue } from './cell-values.js';
import { FILE_MESSAGES } from './messages.js';

/** A sheet as read: its rows by their number in the file (the header row included), cells by column (0-based). */
export interface Sheet {
  name: string;
  rows: { number: number; cells: CellValue[] }[];
}

/** The file as a whole cannot be read: nothing in it is looked at. */
export class FileProblem extends Error {
  constructor(
    readonly code: string,
    readonly messageVi: string,
    detail: string,
  ) {
    super(detail);
  }
}

/** Sheets a template adds for people, not data: the vocabulary lists the drop-downs read. */
export const VOCABULARY_SHEET = 'Danh mục';

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/**
 * Reads an XLSX workbook (every visible sheet) or a CSV file (one sheet): UTF-8, with or without
 * the byte-order mark Excel writes ("CSV UTF-8"), its cells separated by `;` (Excel where the
 * decimal separator is a comma, as in Vietnam), `,` or a tab, whichever the header line uses most.
 */
export async function readSheets(data: Buffer): Promise<Sheet[]> {
  return data.subarray(0, 4).equals(ZIP_MAGIC) ? readXlsx(data) : [await readCsv(data)];
}

async function readXlsx(data: Buffer): Promise<Sheet[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch (error) {
    throw new FileProblem('unreadable-file', FILE_MESSAGES.unreadable, `not a readable XLSX workbook: ${(error as Error).message}`);
  }
  return workbook.worksheets.filter((sheet) => sheet.state === 'visible' && sheet.name !== VOCABULARY_SHEET).map(sheetOf);
}

async function readCsv(data: Buffer): Promise<Sheet> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw new FileProblem('not-utf8', FILE_MESSAGES.notUtf8, 'the CSV file is not UTF-8 text: save it as "CSV UTF-8"');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\u0000')) throw new FileProblem('unreadable-file', FILE_MESSAGES.unreadable, 'the file holds NUL characters: not a CSV text file');
  const workbook = new ExcelJS.Workbook();
  // Every cell as text: the parsers of cell-values.ts read dates, numbers and decimal commas the Vietnamese way.
  const sheet = await workbook.csv.read(Readable.from([text]), { map: (datum: string) => datum, parserOptions: { delimiter: delimiterOf(text) } });
  return sheetOf(sheet);
}

/** The separator the header line uses most, outside quotes. */
function delimiterOf(text: string): string {
  const counts = new Map([
    [';', 0],
    [',', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  return [...counts].reduce((best, entry) => (entry[1] > best[1] ? entry : best), [',', 0])[0];
}

function sheetOf(sheet: ExcelJS.Worksheet): Sheet {
  const rows: Sheet['rows'] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: CellValue[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      cells[column - 1] = cellValue(cell.value);
    });
    rows.push({ number, cells: Array.from(cells, (cell) => cell ?? null) });
  });
  return { name: sheet.name, rows };
}

/** A cell's value as the import reads it: formulas by their result, rich text and links by their text. */
export function cellValue(value: ExcelJS.CellValue | undefined): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return text(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if ('richText' in value) return text(value.richText.map((run) => run.text).join(''));
  if ('formula' in value || 'sharedFormula' in value) return cellValue((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('hyperlink' in value) return cellValue(value.text as ExcelJS.CellValue);
  if ('error' in value) return text(String(value.error));
  return null;
}

function text(value: string): string | null {
  const trimmed = value.normalize('NFC').trim();
  return trimmed === '' ? null : trimmed;
}
