import ExcelJS from 'exceljs';
import type { Vocabulary } from './cell-values.js';
import { KIND_SPECS, type ImportKind } from './import-kinds.js';
import { VOCABULARY_SHEET } from './sheet-reader.js';

/** Rows of a template that offer the drop-downs (Excel data validation): a province's year fits in them. */
export const TEMPLATE_ROWS = 5000;
/** The first data row: row 1 holds the headers, row 2 what to type in each column. */
export const FIRST_DATA_ROW = 3;

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

/**
 * The XLSX template of a kind: the Vietnamese headers (each with a comment saying what to type), a
 * note row under them (skipped on import), and a drop-down list (data validation) on every column
 * with a closed vocabulary, read from a hidden sheet "Danh mục" (labels may hold commas, which a
 * list written inline cannot).
 */
export async function templateWorkbook(kind: ImportKind): Promise<Buffer> {
  const spec = KIND_SPECS[kind];
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'campaign-ledger';
  const sheet = workbook.addWorksheet(spec.sheetName, { views: [{ state: 'frozen', ySplit: FIRST_DATA_ROW - 1 }] });
  const lists = workbook.addWorksheet(VOCABULARY_SHEET, { state: 'hidden' });
  const listRanges = new Map<Vocabulary, string>();
  sheet.columns = spec.columns.map((column) => ({ key: column.key, width: column.width ?? 18, ...(column.date ? { style: { numFmt: 'dd/mm/yyyy' } } : {}) }));
  spec.columns.forEach((column, index) => {
    const header = sheet.getCell(1, index + 1);
    header.value = column.header;
    header.note = column.note;
    header.font = { bold: true };
    header.fill = HEADER_FILL;
    header.alignment = { vertical: 'middle', wrapText: true };
    const note = sheet.getCell(2, index + 1);
    note.value = column.note;
    note.font = { italic: true, color: { argb: 'FF595959' }, size: 9 };
    note.alignment = { vertical: 'top', wrapText: true };
    if (!column.vocabulary) return;
    let range = listRanges.get(column.vocabulary);
    if (range === undefined) {
      const listColumn = listRanges.size + 1;
      lists.getCell(1, listColumn).value = column.vocabulary.name;
      column.vocabulary.entries.forEach((entry, i) => (lists.getCell(i + 2, listColumn).value = entry.label));
      const letter = lists.getColumn(listColumn).letter;
      range = `'${VOCABULARY_SHEET}'!$${letter}$2:$${letter}$${column.vocabulary.entries.length + 1}`;
      listRanges.set(column.vocabulary, range);
    }
    const letter = sheet.getColumn(index + 1).letter;
    dataValidations(sheet).add(`${letter}${FIRST_DATA_ROW}:${letter}${FIRST_DATA_ROW + TEMPLATE_ROWS - 1}`, {
      type: 'list',
      allowBlank: true,
      formulae: [range],
      showErrorMessage: true,
      // A closed list refuses other text; an open one (a diploma's wording beside the titles) only informs.
      errorStyle: column.openList ? 'information' : 'stop',
      errorTitle: column.header,
      error: column.openList
        ? `Không có trong danh mục ${column.vocabulary.name}: kiểm tra lại nếu đây là danh hiệu thi đua`
        : `Chọn trong danh mục ${column.vocabulary.name}`,
    });
  });
  sheet.getRow(1).height = 30;
  sheet.getRow(2).height = 60;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** exceljs keeps a sheet's validations by range in `dataValidations`, which its typings leave out. */
function dataValidations(sheet: ExcelJS.Worksheet): { add(address: string, validation: ExcelJS.DataValidation): void } {
  return (sheet as unknown as { dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void } }).dataValidations;
}
