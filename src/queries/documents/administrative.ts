import type { Content, PageOrientation, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { DOCUMENT_FONT } from './pdf-renderer.js';

/*
 * The parts every Vietnamese administrative document shares, as Nghị định 30/2020/NĐ-CP (công tác
 * văn thư, Phụ lục I) lays them out: the issuing body top left (its superior above it, in capitals),
 * the national motto top right, the number and the place-and-date line beneath them, and the
 * Vietnamese ways of writing dates, money and points. Pure: data in, pdfmake definitions out.
 */

const MM = 72 / 25.4;

export interface PageSetup {
  pageSize: 'A4';
  pageOrientation: PageOrientation;
  /** Left, top, right, bottom, in points. */
  pageMargins: [number, number, number, number];
}

/** A4, margins of Nghị định 30 (top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm). */
export const PORTRAIT: PageSetup = { pageSize: 'A4', pageOrientation: 'portrait', pageMargins: [30 * MM, 20 * MM, 15 * MM, 20 * MM] };
/** A wide table (a ranking with one column per criteria group) goes on a landscape page, bound on its long side. */
export const LANDSCAPE: PageSetup = { pageSize: 'A4', pageOrientation: 'landscape', pageMargins: [20 * MM, 20 * MM, 15 * MM, 18 * MM] };

/** Points a page of that orientation leaves for content. */
export const contentWidth = (page: PageSetup) => (page.pageOrientation === 'portrait' ? 595.28 : 841.89) - page.pageMargins[0] - page.pageMargins[2];

export const NATIONAL_NAME = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const NATIONAL_MOTTO = 'Độc lập - Tự do - Hạnh phúc';

const vietnameseNumber = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });

/** Points the Vietnamese way: `.` between thousands, `,` before the decimals (1.234,5). */
export const points = (value: number) => vietnameseNumber.format(value);

/** Money in whole đồng: `1.800.000 đồng`. */
export const dong = (amount: number) => `${vietnameseNumber.format(amount)} đồng`;

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The date of the place-and-date line: "ngày 20 tháng 11 năm 2026"; a day below 10 and the months
 * 1 and 2 take a leading zero (Nghị định 30, Phụ lục I: "ngày 05 tháng 02 năm 2026").
 */
export function longDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return `ngày ${pad(day)} tháng ${month <= 2 ? pad(month) : month} năm ${year}`;
}

/** 25/11/2026. */
export function shortDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${day}/${month}/${year}`;
}

/** An instant in Vietnam time (UTC+7): "09:15:02 ngày 20/11/2026". */
export function vietnamTime(isoInstant: string): string {
  const local = new Date(Date.parse(isoInstant) + 7 * 3600_000).toISOString();
  return `${local.slice(11, 19)} ngày ${shortDate(local.slice(0, 10))}`;
}

/** "Hải Phòng, ngày 20 tháng 11 năm 2026" (without a known place, the line keeps a blank to fill in by hand). */
export const placeAndDate = (place: string | null, isoDate: string) => `${place ?? '…………'}, ${longDate(isoDate)}`;

/** Upper case the Vietnamese way (tone marks kept: "Hải Phòng" → "HẢI PHÒNG"). */
export const upper = (text: string) => text.toLocaleUpperCase('vi-VN');

/** A short rule under a heading, centred in its column (pdfmake centres a canvas by its width: x from 0 to the length). */
const rule = (length: number): Content => ({
  canvas: [{ type: 'line', x1: 0, y1: 1, x2: length, y2: 1, lineWidth: 0.6 }],
  alignment: 'center',
  margin: [0, 1, 0, 0],
});

/**
 * Text whose citations stay whole: "98/2023/NĐ-CP", "567/QĐ-CAHP" are never broken at their "/" or
 * "-", nor spread apart by justified alignment (pdfmake breaks and justifies at every break
 * opportunity, and a reader of the PDF would then see "98/2023/ NĐ- CP").
 */
export function together(text: string): Content[] {
  return text
    .split(/(\S*[/-]\S*)/u)
    .filter((part) => part !== '')
    .map((part): Content => (/[/-]/u.test(part) ? { text: part, noWrap: true } : part));
}

export interface IssuingBody {
  /** The body above it (cơ quan chủ quản), in capitals, regular: "BỘ CÔNG AN"; null for a body with none above it. */
  superior: string | null;
  /** The body that issues the document, in capitals, bold: "CÔNG AN THÀNH PHỐ HẢI PHÒNG". */
  name: string;
}

/**
 * The head of the first page: the issuing body over its number on the left, the motto over the
 * place and date on the right (Nghị định 30, Phụ lục I, ô 1-4).
 */
export function documentHead(options: { body: IssuingBody; number: string | null; placeAndDate: string; width: number; leftShare?: number }): Content {
  // 11 pt of Noto Serif is about as wide as the 12-13 pt of Times New Roman that Nghị định 30 asks for.
  const left = Math.round(options.width * (options.leftShare ?? 0.47));
  const right = options.width - left;
  const bodyLines: Content[] = [
    ...(options.body.superior === null ? [] : [{ text: options.body.superior, fontSize: 11 } as Content]),
    { text: options.body.name, bold: true, fontSize: 11 },
    rule(60),
  ];
  return {
    columns: [
      {
        width: left,
        alignment: 'center',
        stack: [...bodyLines, ...(options.number === null ? [] : [{ text: `Số: ${options.number}`, fontSize: 13, margin: [0, 6, 0, 0] } as Content])],
      },
      {
        width: right,
        alignment: 'center',
        stack: [
          { text: NATIONAL_NAME, bold: true, fontSize: 11 },
          { text: NATIONAL_MOTTO, bold: true, fontSize: 12 },
          rule(150),
          { text: options.placeAndDate, italics: true, fontSize: 13, margin: [0, 6, 0, 0] },
        ],
      },
    ],
    columnGap: 0,
  };
}

/** A red, boxed mark across the width ("ĐÃ THU HỒI"), with the lines that say why under it. */
export function stamp(mark: string, lines: string[]): Content {
  return {
    table: {
      widths: ['*'],
      body: [
        [
          {
            stack: [
              { text: mark, bold: true, fontSize: 20, color: '#b00000', alignment: 'center' },
              ...lines.map((line): Content => ({ text: together(line), fontSize: 11, color: '#b00000', alignment: 'center' })),
            ],
            margin: [6, 4, 6, 4],
          },
        ],
      ],
    },
    layout: { hLineColor: () => '#b00000', vLineColor: () => '#b00000', hLineWidth: () => 2, vLineWidth: () => 2 },
    margin: [40, 10, 40, 4],
  };
}

/** Every page's foot: where the copy comes from (the log position it reflects) and the page number. */
export function provenanceFooter(source: string, page: PageSetup): TDocumentDefinitions['footer'] {
  return (currentPage: number, pageCount: number) => ({
    columns: [
      { text: source, fontSize: 8, color: '#555555' },
      { text: `Trang ${currentPage}/${pageCount}`, fontSize: 8, color: '#555555', alignment: 'right', width: 60 },
    ],
    margin: [page.pageMargins[0], 12, page.pageMargins[2], 0],
  });
}

/** The document's defaults: the embedded serif, 13 pt (Nghị định 30: 13-14 pt for the body). */
export const DEFAULT_STYLE = { font: DOCUMENT_FONT, fontSize: 13, lineHeight: 1.15 } as const;
