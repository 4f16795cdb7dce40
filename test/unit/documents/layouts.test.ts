import { describe, expect, it } from '@jest/globals';
import type { Content } from 'pdfmake/interfaces.js';
import { dong, longDate, placeAndDate, points, vietnamTime } from '../../../src/queries/documents/administrative.js';
import { awardOf, decisionLayout, type DecisionDocument, type DecisionRecipient } from '../../../src/queries/documents/decision-layout.js';
import { asciiFileName } from '../../../src/queries/documents/documents.controller.js';
import { issuerOf, type UnitName } from '../../../src/queries/documents/issuer.js';

const ministry: UnitName = { unitId: 'bo-cong-an', name: 'Bộ Công an', kind: 'ministry' };
const haiPhong: UnitName = { unitId: 'ca-hai-phong', name: 'Công an thành phố Hải Phòng', kind: 'province' };
const hungYen: UnitName = { unitId: 'ca-hung-yen', name: 'Công an tỉnh Hưng Yên', kind: 'province' };
const leChan: UnitName = { unitId: 'ca-le-chan', name: 'Công an quận Lê Chân', kind: 'district' };
const pc02: UnitName = { unitId: 'pc02-hai-phong', name: 'Phòng Cảnh sát hình sự', kind: 'division' };
const c02: UnitName = { unitId: 'c02', name: 'Cục Cảnh sát hình sự', kind: 'department' };
const hauCan: UnitName = { unitId: 'h02', name: 'Tổng cục Hậu cần - Kỹ thuật', kind: 'department' };

describe('Vietnamese formats', () => {
  it('writes the place-and-date line with the leading zeros of Nghị định 30 (days below 10, January and February)', () => {
    expect(longDate('2026-11-20')).toBe('ngày 20 tháng 11 năm 2026');
    expect(longDate('2026-02-05')).toBe('ngày 05 tháng 02 năm 2026');
    expect(longDate('2026-12-09')).toBe('ngày 09 tháng 12 năm 2026');
    expect(longDate('2026-03-31')).toBe('ngày 31 tháng 3 năm 2026');
    expect(placeAndDate('Hải Phòng', '2026-11-20')).toBe('Hải Phòng, ngày 20 tháng 11 năm 2026');
    expect(placeAndDate(null, '2026-11-20')).toBe('…………, ngày 20 tháng 11 năm 2026');
  });

  it('writes points and money the Vietnamese way', () => {
    expect(points(1034.5)).toBe('1.034,5');
    expect(points(88.25)).toBe('88,25');
    expect(points(100)).toBe('100');
    expect(points(-0.1)).toBe('-0,1');
    expect(dong(1_800_000)).toBe('1.800.000 đồng');
    expect(dong(0)).toBe('0 đồng');
  });

  it('tells an instant in Vietnam time (UTC+7)', () => {
    expect(vietnamTime('2026-11-19T17:30:05.120Z')).toBe('00:30:05 ngày 20/11/2026');
  });

  it('makes file names ASCII: no tone marks, no slashes', () => {
    expect(asciiFileName('quyet-dinh-567/QĐ-CAHP')).toBe('quyet-dinh-567-QD-CAHP.pdf');
    expect(asciiFileName('Quyết định số 12/QĐ-CAHY "đặc biệt"')).toBe('Quyet-dinh-so-12-QD-CAHY-dac-biet.pdf');
    expect(asciiFileName('///')).toBe('van-ban.pdf');
  });
});

describe('the issuing body, read from the registry (issuerOf)', () => {
  it('a unit head: the nearest provincial police over every recipient, signed by its Director, dated in its city', () => {
    expect(
      issuerOf('unit-head', [
        [pc02, haiPhong, ministry],
        [leChan, haiPhong, ministry],
      ]),
    ).toEqual({
      body: { superior: 'BỘ CÔNG AN', name: 'CÔNG AN THÀNH PHỐ HẢI PHÒNG' },
      authorityLine: 'GIÁM ĐỐC CÔNG AN THÀNH PHỐ HẢI PHÒNG',
      signature: 'GIÁM ĐỐC',
      place: 'Hải Phòng',
    });
  });

  it('a unit head: a district police, when every recipient is under it; dated in the district', () => {
    expect(issuerOf('unit-head', [[leChan, haiPhong, ministry]])).toEqual({
      body: { superior: 'CÔNG AN THÀNH PHỐ HẢI PHÒNG', name: 'CÔNG AN QUẬN LÊ CHÂN' },
      authorityLine: 'TRƯỞNG CÔNG AN QUẬN LÊ CHÂN',
      signature: 'TRƯỞNG CÔNG AN QUẬN LÊ CHÂN',
      place: 'Lê Chân',
    });
  });

  it('a unit head over recipients of two provinces, or recipients the registry does not know: the authority only, no place', () => {
    const blank = { body: { superior: null, name: 'THỦ TRƯỞNG ĐƠN VỊ' }, authorityLine: 'THỦ TRƯỞNG ĐƠN VỊ', signature: 'THỦ TRƯỞNG ĐƠN VỊ', place: null };
    expect(
      issuerOf('unit-head', [
        [haiPhong, ministry],
        [hungYen, ministry],
      ]),
    ).toEqual(blank);
    expect(issuerOf('unit-head', [[]])).toEqual(blank);
  });

  it("a province: its People's Committee, named after the province its police is", () => {
    expect(issuerOf('province', [[hungYen, ministry]])).toEqual({
      body: { superior: null, name: 'ỦY BAN NHÂN DÂN\nTỈNH HƯNG YÊN' },
      authorityLine: 'ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN',
      signature: 'TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH',
      place: 'Hưng Yên',
    });
  });

  it('a general department: the department (Cục or Tổng cục) over them, in Hà Nội', () => {
    expect(issuerOf('general-department', [[c02, ministry]])).toMatchObject({
      body: { superior: 'BỘ CÔNG AN', name: 'CỤC CẢNH SÁT HÌNH SỰ' },
      authorityLine: 'CỤC TRƯỞNG CỤC CẢNH SÁT HÌNH SỰ',
      place: 'Hà Nội',
    });
    expect(issuerOf('general-department', [[hauCan, ministry]]).authorityLine).toBe('TỔNG CỤC TRƯỞNG TỔNG CỤC HẬU CẦN - KỸ THUẬT');
  });

  it('the Minister, the Prime Minister, the President: their own bodies, in Hà Nội', () => {
    expect(issuerOf('minister', [[haiPhong, ministry]])).toEqual({
      body: { superior: null, name: 'BỘ CÔNG AN' },
      authorityLine: 'BỘ TRƯỞNG BỘ CÔNG AN',
      signature: 'BỘ TRƯỞNG',
      place: 'Hà Nội',
    });
    expect(issuerOf('prime-minister', [[haiPhong, ministry]])).toMatchObject({ body: { name: 'THỦ TƯỚNG CHÍNH PHỦ' }, signature: 'THỦ TƯỚNG' });
    expect(issuerOf('president', [])).toMatchObject({ body: { name: 'CHỦ TỊCH NƯỚC' }, place: 'Hà Nội' });
  });
});

/** Every string a pdfmake definition would print, in order, joined. */
function printed(node: unknown): string {
  if (typeof node === 'string') return node;
  if (Array.isArray(node)) return node.map(printed).join('');
  if (node === null || typeof node !== 'object') return '';
  const object = node as Record<string, unknown>;
  return ['text', 'stack', 'columns', 'table', 'body'].map((key) => (key in object ? printed(object[key]) : '')).join(' ');
}

describe('the decision layout', () => {
  const recipient = (overrides: Partial<DecisionRecipient>): DecisionRecipient => ({
    commendationId: 'qd-1',
    kind: 'individual',
    name: 'Thiếu tá Nguyễn Văn An',
    unit: 'Phòng Cảnh sát hình sự',
    form: 'emulation-title',
    title: 'chien-si-thi-dua-co-so',
    amountVnd: 2_340_000,
    revocation: null,
    ...overrides,
  });
  const decision = (overrides: Partial<DecisionDocument>): DecisionDocument => ({
    commendationId: 'qd-1',
    decisionNo: '12/QĐ-CAHP',
    decidedOn: '2025-01-15',
    authority: 'unit-head',
    achievementYear: 2024,
    issuer: issuerOf('unit-head', [[pc02, haiPhong, ministry]]),
    campaign: null,
    recipients: [recipient({})],
    asOf: { position: 120, recordedAt: '2025-01-15T03:00:00.000Z' },
    ...overrides,
  });
  const contentOf = (doc: DecisionDocument) => printed(decisionLayout(doc).content as Content).replace(/\s+/g, ' ');

  it('names the award by its title or flag label, else the diploma named, else the form', () => {
    expect(awardOf('emulation-title', 'chien-si-thi-dua-co-so')).toBe('Danh hiệu "Chiến sĩ thi đua cơ sở"');
    expect(awardOf('emulation-title', 'Chiến sĩ tiên tiến')).toBe('Danh hiệu "Chiến sĩ tiên tiến"');
    expect(awardOf('emulation-flag', 'co-thi-dua-bo')).toBe('Cờ thi đua của Bộ Công an');
    expect(awardOf('diploma-of-merit', 'Bằng khen của Bộ trưởng Bộ Công an')).toBe('Bằng khen của Bộ trưởng Bộ Công an');
    expect(awardOf('certificate-of-merit', null)).toBe('Giấy khen');
  });

  it("confers a title for its achievement year, on the grounds of the law in force on the decision's date", () => {
    const text = contentOf(decision({}));
    expect(text).toContain('Điều 1. Tặng danh hiệu "Chiến sĩ thi đua cơ sở" năm 2024 cho 1 cá nhân có tên sau đây:');
    expect(text).toContain('Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;');
    expect(text).toContain('Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023');
    const before2024 = contentOf(decision({ decidedOn: '2023-12-20', achievementYear: 2023 }));
    expect(before2024).toContain('Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003');
    expect(before2024).not.toContain('2022');
  });

  it('names the campaign the recipients earned it in, and lists mixed awards by their own form', () => {
    const text = contentOf(
      decision({
        campaign: { title: 'Phong trào thi đua "Vì an ninh Tổ quốc" năm 2024', phaseName: null },
        recipients: [
          recipient({}),
          recipient({
            commendationId: 'qd-2',
            kind: 'collective',
            name: 'Phòng Cảnh sát hình sự',
            unit: 'Công an thành phố Hải Phòng',
            form: 'certificate-of-merit',
            title: null,
            amountVnd: null,
          }),
        ],
      }),
    );
    expect(text).toContain('QUYẾT ĐỊNH Về việc khen thưởng tập thể và cá nhân có thành tích trong Phong trào thi đua "Vì an ninh Tổ quốc" năm 2024');
    expect(text).toContain(
      'Điều 1. Khen thưởng 2 tập thể và cá nhân đã có thành tích trong Phong trào thi đua "Vì an ninh Tổ quốc" năm 2024, có tên sau đây, theo hình thức ghi trong danh sách:',
    );
    expect(text).toContain('Tổng số tiền thưởng: 2.340.000 đồng.');
    expect(text).not.toContain('ĐÃ THU HỒI');
  });
});
