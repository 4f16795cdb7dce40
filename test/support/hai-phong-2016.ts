import { TEMPLATE_COLUMNS } from '../../src/imports/template-columns.js';

/**
 * The Hải Phòng city police's 2016 commendations at full size (docs/domain.md §7, from the city's
 * published table): Orders 8 + 32, Prime Minister's Diplomas 5 + 11, Ministry's Diplomas 88 + 205,
 * General Department's Diplomas 6 + 26, city People's Committee's Diplomas 109 + 142, Director's
 * Certificates 578 + 1,677 (collectives + individuals), and the Ministry's emulation flag to the
 * city police: 2,888 decisions. The units, officers, decision numbers and amounts are made up (the
 * table publishes counts only); the shape is the one an office keeps, the import template's.
 */
export const HAI_PHONG_2016 = {
  counts: [
    { form: 'order', authority: 'president', collective: 8, individual: 32 },
    { form: 'diploma-of-merit', authority: 'prime-minister', collective: 5, individual: 11 },
    { form: 'diploma-of-merit', authority: 'minister', collective: 88, individual: 205 },
    { form: 'diploma-of-merit', authority: 'general-department', collective: 6, individual: 26 },
    { form: 'diploma-of-merit', authority: 'province', collective: 109, individual: 142 },
    { form: 'certificate-of-merit', authority: 'unit-head', collective: 578, individual: 1677 },
  ],
  campaignId: 'vi-an-ninh-to-quoc-2016',
} as const;

type Cell = string | number | Date | null;
export interface HaiPhongWorkbook {
  units: Cell[][];
  officers: Cell[][];
  commendations: Cell[][];
  decisions: number;
}

const DIVISIONS = [
  ['pa01', 'Phòng An ninh chính trị nội bộ'],
  ['pa02', 'Phòng An ninh kinh tế'],
  ['pa03', 'Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao'],
  ['pa04', 'Phòng An ninh đối ngoại'],
  ['pc01', 'Phòng Cảnh sát điều tra tội phạm về trật tự xã hội'],
  ['pc02', 'Phòng Cảnh sát hình sự'],
  ['pc03', 'Phòng Cảnh sát kinh tế'],
  ['pc04', 'Phòng Cảnh sát điều tra tội phạm về ma túy'],
  ['pc05', 'Phòng Cảnh sát môi trường'],
  ['pc06', 'Phòng Cảnh sát quản lý hành chính về trật tự xã hội'],
  ['pc07', 'Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ'],
  ['pc08', 'Phòng Cảnh sát giao thông'],
  ['pc09', 'Phòng Kỹ thuật hình sự'],
  ['pc10', 'Phòng Cảnh sát quản lý trại giam'],
  ['pc11', 'Phòng Cảnh sát thi hành án hình sự và hỗ trợ tư pháp'],
  ['pk02', 'Phòng Cảnh sát cơ động'],
  ['px01', 'Phòng Tham mưu'],
  ['px03', 'Phòng Công tác Đảng và công tác chính trị'],
  ['px05', 'Phòng Tổ chức cán bộ'],
  ['ph10', 'Phòng Hậu cần'],
];
const DISTRICTS = [
  ['hong-bang', 'quận Hồng Bàng', 'phường'],
  ['ngo-quyen', 'quận Ngô Quyền', 'phường'],
  ['le-chan', 'quận Lê Chân', 'phường'],
  ['hai-an', 'quận Hải An', 'phường'],
  ['kien-an', 'quận Kiến An', 'phường'],
  ['do-son', 'quận Đồ Sơn', 'phường'],
  ['duong-kinh', 'quận Dương Kinh', 'phường'],
  ['thuy-nguyen', 'huyện Thủy Nguyên', 'xã'],
  ['an-duong', 'huyện An Dương', 'xã'],
  ['an-lao', 'huyện An Lão', 'xã'],
  ['kien-thuy', 'huyện Kiến Thụy', 'xã'],
  ['tien-lang', 'huyện Tiên Lãng', 'xã'],
  ['vinh-bao', 'huyện Vĩnh Bảo', 'xã'],
  ['cat-hai', 'huyện Cát Hải', 'xã'],
  ['bach-long-vi', 'huyện Bạch Long Vĩ', 'xã'],
];
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Ngô', 'Dương', 'Lý', 'Phan', 'Trịnh', 'Đào', 'Mai'];
const MIDDLE = ['Văn', 'Thị', 'Đức', 'Minh', 'Thu', 'Quang', 'Hữu', 'Thanh', 'Ngọc', 'Xuân', 'Hồng', 'Anh'];
const GIVEN = [
  'An',
  'Bình',
  'Cường',
  'Dũng',
  'Hà',
  'Hải',
  'Hằng',
  'Hùng',
  'Hương',
  'Khánh',
  'Lan',
  'Linh',
  'Long',
  'Mai',
  'Nam',
  'Phong',
  'Quân',
  'Sơn',
  'Thảo',
  'Tuấn',
  'Việt',
  'Yến',
];
const RANKS = ['Thiếu úy', 'Trung úy', 'Thượng úy', 'Đại úy', 'Thiếu tá', 'Trung tá', 'Thượng tá', 'Đại tá'];

/** Amounts for the sample (đồng, collective / individual); the General Department's diplomas carry none. */
const AMOUNTS: Record<string, [number, number] | null> = {
  president: [7_260_000, 3_630_000],
  'prime-minister': [2_420_000, 1_210_000],
  minister: [2_420_000, 1_210_000],
  'general-department': null,
  province: [2_420_000, 1_210_000],
  'unit-head': [726_000, 363_000],
};
const SIGNED_AS: Record<string, string> = {
  president: 'CTN',
  'prime-minister': 'TTg',
  minister: 'BCA-X01',
  'general-department': 'X11',
  province: 'UBND',
  'unit-head': 'CATP-PX05',
};
const LABELS: Record<string, string> = {
  order: 'Huân chương',
  'diploma-of-merit': 'Bằng khen',
  'certificate-of-merit': 'Giấy khen',
  'emulation-flag': 'Cờ thi đua',
  president: 'Chủ tịch nước',
  'prime-minister': 'Thủ tướng Chính phủ',
  minister: 'Bộ trưởng',
  'general-department': 'Tổng cục',
  province: 'UBND tỉnh',
  'unit-head': 'Thủ trưởng đơn vị',
  collective: 'Tập thể',
  individual: 'Cá nhân',
};
/** Recipients signed for on one paper (a decision lists them all). */
const PER_DECISION = 25;
const BOOK = 'Sổ khen thưởng năm 2016, Công an thành phố Hải Phòng';

const utcDate = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

/** The workbook's three sheets (rows of cells, header first), in the template's columns and order. */
export function haiPhong2016Workbook(): HaiPhongWorkbook {
  const headers = (kind: keyof typeof TEMPLATE_COLUMNS) => TEMPLATE_COLUMNS[kind].map((c) => c.header);
  const unitRows: Cell[][] = [['ca-hai-phong', 'Công an thành phố Hải Phòng', 'Công an tỉnh, thành phố', 'bo-cong-an', null]];
  for (const [code, name] of DIVISIONS) {
    unitRows.push([`${code}-hai-phong`, `${name}, Công an thành phố Hải Phòng`, 'Phòng', 'ca-hai-phong', null]);
    for (let team = 1; team <= 4; team++) unitRows.push([`${code}-doi-${team}-hai-phong`, `Đội ${team}, ${name}`, 'Đội', `${code}-hai-phong`, null]);
  }
  for (const [code, name, commune] of DISTRICTS) {
    unitRows.push([`ca-${code}`, `Công an ${name}`, 'Công an huyện, quận, thị xã, thành phố thuộc tỉnh', 'ca-hai-phong', null]);
    for (let n = 1; n <= 15; n++)
      unitRows.push([
        `ca-${code}-${commune === 'xã' ? 'xa' : 'phuong'}-${n}`,
        `Công an ${commune} số ${n}, ${name}`,
        'Công an xã, phường, thị trấn',
        `ca-${code}`,
        null,
      ]);
  }
  const unitIds = unitRows.map((r) => r[0] as string);

  const individuals = HAI_PHONG_2016.counts.reduce((sum, c) => sum + c.individual, 0);
  const officerRows: Cell[][] = [];
  for (let i = 0; i < individuals; i++) {
    const name = `${FAMILY[i % FAMILY.length]} ${MIDDLE[(i * 7) % MIDDLE.length]} ${GIVEN[(i * 13) % GIVEN.length]}`;
    officerRows.push([`hp-2016-${String(i + 1).padStart(4, '0')}`, name, RANKS[(i * 5) % RANKS.length], unitIds[(i * 17) % unitIds.length]]);
  }

  const decisionRows: Cell[][] = [];
  let officer = 0;
  let collective = 0;
  let paper = 0;
  for (const { form, authority, ...byKind } of HAI_PHONG_2016.counts) {
    for (const kind of ['collective', 'individual'] as const) {
      for (let i = 0; i < byKind[kind]; i++) {
        if (i % PER_DECISION === 0) paper++;
        const recipient = kind === 'collective' ? unitIds[collective++ % unitIds.length] : officerRows[officer++][0];
        // Year-end certificates are signed in January 2017 for 2016; the rest through the autumn of 2016.
        const decidedOn =
          authority === 'unit-head' && paper % 3 === 0 ? utcDate(2017, 1, 10 + (paper % 15)) : utcDate(2016, 9 + (paper % 4), 1 + ((paper * 3) % 27));
        const amounts = AMOUNTS[authority];
        decisionRows.push(
          commendationRow({
            id: `qd-2016-${decisionRows.length + 1}`,
            form,
            authority,
            title: form === 'order' ? `Huân chương Bảo vệ Tổ quốc hạng ${i % 2 === 0 ? 'Ba' : 'Nhì'}` : null,
            kind,
            recipient,
            decisionNo: `${paper}/QĐ-${SIGNED_AS[authority]}`,
            decidedOn,
            amountVnd: amounts === null ? null : amounts[kind === 'collective' ? 0 : 1],
            page: String(1 + Math.floor(decisionRows.length / 40)),
          }),
        );
      }
    }
  }
  decisionRows.push(
    commendationRow({
      id: 'qd-2016-co-thi-dua-bo',
      form: 'emulation-flag',
      authority: 'minister',
      title: 'Cờ thi đua của Bộ Công an',
      kind: 'collective',
      recipient: 'ca-hai-phong',
      decisionNo: '1125/QĐ-BCA-X01',
      decidedOn: utcDate(2017, 1, 20),
      amountVnd: 9_680_000,
      page: '1',
      campaignId: HAI_PHONG_2016.campaignId,
    }),
  );
  return {
    units: [headers('units'), ...unitRows],
    officers: [headers('officers'), ...officerRows],
    commendations: [headers('commendations'), ...decisionRows],
    decisions: decisionRows.length,
  };
}

function commendationRow(d: {
  id: string;
  form: string;
  authority: string;
  title: string | null;
  kind: 'collective' | 'individual';
  recipient: Cell;
  decisionNo: string;
  decidedOn: Date;
  amountVnd: number | null;
  page: string;
  campaignId?: string;
}): Cell[] {
  const cells: Record<string, Cell> = {
    id: d.id,
    form: LABELS[d.form],
    authority: LABELS[d.authority],
    title: d.title,
    recipientKind: LABELS[d.kind],
    recipientId: d.recipient,
    decisionNo: d.decisionNo,
    decidedOn: d.decidedOn,
    achievementPeriod: 2016,
    amountVnd: d.amountVnd,
    achievementId: null,
    initiativeRef: null,
    campaignId: d.campaignId ?? null,
    recordedAs: 'Ghi từ sổ sách',
    sourceDocument: BOOK,
    sourcePage: d.page,
    sourceFile: null,
  };
  return TEMPLATE_COLUMNS.commendations.map((c) => cells[c.key] ?? null);
}
