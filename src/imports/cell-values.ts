import { isValidId } from '../ledger/ids.js';
import { isBusinessDate } from '../ledger/limits.js';
import { vietnamDate } from '../ledger/scores/periods.js';

/**
 * What a spreadsheet cell holds once read (sheet-reader.ts): text (trimmed, NFC), a number, a
 * boolean, a date (an XLSX date cell), or nothing. Pure: how the values people type become the
 * values the API takes.
 */
export type CellValue = string | number | boolean | Date | null;

/** A cell that cannot become its field's value: the row is refused on that column. */
export class CellProblem extends Error {
  constructor(
    readonly code: string,
    /** What is wrong, in Vietnamese, for the person who typed it. */
    readonly messageVi: string,
    /** The same in English (the problem's `detail`). */
    detail: string,
  ) {
    super(detail);
  }
}

/** The cell as text: numbers as written (a code typed as 2016), booleans and dates refused. */
export function textOf(value: CellValue): string | null {
  if (value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw new CellProblem('invalid-text', 'Ô này cần nhập chữ (văn bản), không phải ngày hoặc đúng/sai', `expected text, got ${describe(value)}`);
}

/** A ledger id where the route takes one in its path (a score entry's campaign and unit): required, and an id. */
export function idValue(value: CellValue): string {
  const text = textOf(value);
  if (text !== null && isValidId(text)) return text;
  throw new CellProblem(
    text === null ? 'required' : 'invalid-id',
    text === null ? 'Bắt buộc nhập' : `'${text}' không phải là mã hợp lệ: chữ thường không dấu, chữ số và . _ - (tối đa 64 ký tự)`,
    text === null ? 'is required' : `'${text}' must match ^[a-z0-9][a-z0-9._-]{0,63}$`,
  );
}

/**
 * A closed vocabulary (danh mục): the code (`province`) or the exact Vietnamese label (`Công an tỉnh,
 * thành phố`), case and tone marks as written; surrounding spaces do not count.
 */
export interface Vocabulary<C extends string = string> {
  name: string;
  entries: readonly { code: C; label: string }[];
}

export function vocabularyValue<C extends string>(value: CellValue, vocabulary: Vocabulary<C>): C | null {
  const text = textOf(value);
  if (text === null) return null;
  const found = vocabulary.entries.find((entry) => entry.code === text || entry.label.normalize('NFC') === text);
  if (found) return found.code;
  const labels = vocabulary.entries.map((entry) => entry.label).join('; ');
  throw new CellProblem(
    'not-in-vocabulary',
    `'${text}' không có trong danh mục ${vocabulary.name}: chọn một trong ${labels} (đúng chữ hoa, chữ thường và dấu)`,
    `'${text}' is not in the vocabulary ${vocabulary.name}: one of ${vocabulary.entries.map((e) => `${e.code} (${e.label})`).join(', ')}`,
  );
}

const DAY_MONTH_YEAR = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Excel's day 0 (its serial numbers count days from 1899-12-30, with the 1900 leap-year bug folded in). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

const iso = (year: number, month: number, day: number) => `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/**
 * A calendar date, YYYY-MM-DD: `dd/MM/yyyy` as typed in Vietnam (also with `-` or `.`), ISO
 * `yyyy-MM-dd`, or an Excel date. exceljs reads an Excel date as the instant its wall-clock time
 * would be in UTC; a date is a calendar day in Vietnam (UTC+7), so the day is that instant's day in
 * Vietnam: a date typed in Excel (midnight) and a Vietnamese midnight written by a program (17:00 UTC
 * the day before) both read as the day meant. A bare number is an Excel serial day.
 */
export function dateValue(value: CellValue): string | null {
  if (value === null) return null;
  let date: string | null = null;
  if (value instanceof Date) date = Number.isNaN(value.getTime()) ? null : vietnamDate(value);
  else if (typeof value === 'number') date = Number.isInteger(value) && value > 0 ? new Date(EXCEL_EPOCH_MS + value * DAY_MS).toISOString().slice(0, 10) : null;
  else if (typeof value === 'string') {
    const dmy = DAY_MONTH_YEAR.exec(value);
    const ymd = ISO_DATE.exec(value);
    if (dmy) date = iso(Number(dmy[3]), Number(dmy[2]), Number(dmy[1]));
    else if (ymd) date = value;
  }
  if (date !== null && isBusinessDate(date)) return date;
  throw new CellProblem(
    'invalid-date',
    `'${display(value)}' không phải là ngày hợp lệ: nhập ngày/tháng/năm, ví dụ 10/01/2022 (từ 01/01/1945 đến 31/12/2100)`,
    `'${display(value)}' is not a date: dd/MM/yyyy, e.g. 10/01/2022, from 1945-01-01 to 2100-12-31`,
  );
}

const MONTH_YEAR = /^(\d{1,2})[/.-](\d{4})$/;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;

/** A month, YYYY-MM: `MM/yyyy` (`03/2026`), ISO `2026-03`, or any date of the month (an Excel date too). */
export function monthValue(value: CellValue): string | null {
  if (value === null) return null;
  if (typeof value === 'string') {
    const my = MONTH_YEAR.exec(value);
    const ym = ISO_MONTH.exec(value);
    const month = my ? iso(Number(my[2]), Number(my[1]), 1).slice(0, 7) : ym ? value : null;
    if (month !== null && /^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return month;
    if (!DAY_MONTH_YEAR.test(value) && !ISO_DATE.test(value)) throw monthProblem(value);
  }
  try {
    return dateValue(value)!.slice(0, 7);
  } catch {
    throw monthProblem(value);
  }
}

function monthProblem(value: CellValue): CellProblem {
  return new CellProblem(
    'invalid-month',
    `'${display(value)}' không phải là tháng: nhập tháng/năm, ví dụ 03/2026`,
    `'${display(value)}' is not a month: MM/yyyy, e.g. 03/2026`,
  );
}

const YEAR = /^(\d{4})$/;
const YEARS = /^(\d{4})\s*[-–]\s*(\d{4})$/;
const DATES = /^(.+?)\s+[-–]\s+(.+)$/;

/**
 * The period an achievement was made in: a year (`2021`, as a number or text), years (`2019-2021`),
 * or two dates (`01/01/2021 - 30/06/2021`). A title's year is the end of the period (docs/domain.md §6).
 */
export function periodValue(value: CellValue): { from: string; to: string } | null {
  if (value === null) return null;
  const text = typeof value === 'number' && Number.isInteger(value) ? String(value) : typeof value === 'string' ? value : null;
  const years = text === null ? null : (YEAR.exec(text) ?? YEARS.exec(text));
  if (years) return { from: `${years[1]}-01-01`, to: `${years[2] ?? years[1]}-12-31` };
  const dates = text === null ? null : DATES.exec(text);
  if (dates) {
    try {
      return { from: dateValue(dates[1].trim())!, to: dateValue(dates[2].trim())! };
    } catch {
      // Refused below, naming the whole cell.
    }
  }
  throw new CellProblem(
    'invalid-achievement-period',
    `'${display(value)}' không phải là năm hoặc thời gian thành tích: nhập năm (2021), các năm (2019-2021) hoặc từ ngày - đến ngày (01/01/2021 - 30/06/2021)`,
    `'${display(value)}' is not an achievement period: a year (2021), years (2019-2021) or two dates (01/01/2021 - 30/06/2021)`,
  );
}

const CURRENCY = /\s*(đồng|đ|vnđ|vnd|₫)\s*$/i;

/**
 * Money in whole đồng: a number, or text with the thousands separated by dots as written in Vietnam
 * (`1.800.000`), by commas or spaces (`1,800,000`, `1 800 000`), with or without `đ` / `VND`.
 * A fraction of a đồng is refused (also by the DTO: amountVnd is an integer).
 */
export function moneyValue(value: CellValue): number | null {
  if (value === null) return null;
  if (typeof value === 'number') return value;
  const text = textOf(value)!
    .replace(CURRENCY, '')
    .replace(/[\s\u00a0]/g, '');
  if (/^\d+$/.test(text)) return Number(text);
  if (/^\d{1,3}(\.\d{3})+$/.test(text)) return Number(text.replace(/\./g, ''));
  if (/^\d{1,3}(,\d{3})+$/.test(text)) return Number(text.replace(/,/g, ''));
  throw new CellProblem(
    'invalid-amount',
    `'${display(value)}' không phải là số tiền: nhập số đồng, ví dụ 1.800.000`,
    `'${display(value)}' is not an amount of money: whole đồng, e.g. 1.800.000`,
  );
}

/**
 * Points as the API takes them: a number, or text with a decimal comma (`6,5`) or point; the DTO
 * checks the format (at most 2 decimal places) and the limits.
 */
export function pointsValue(value: CellValue): number | string | null {
  if (value === null) return null;
  if (typeof value === 'number') return value;
  return textOf(value);
}

/** A list in one cell (evidence references): separated by `;` or new lines. */
export function listValue(value: CellValue): string[] | null {
  const text = textOf(value);
  if (text === null) return null;
  const items = text
    .split(/[;\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return items.length > 0 ? items : null;
}

function display(value: CellValue): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

function describe(value: CellValue): string {
  return value instanceof Date ? `a date (${value.toISOString()})` : typeof value === 'boolean' ? `a boolean (${value})` : String(value);
}
