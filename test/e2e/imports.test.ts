import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { accountWithToken } from '../support/accounts.js';
import { binaryBody } from '../support/binary-body.js';
import { startApp, TEST_ADMIN_TOKEN, type TestApp } from '../support/app.js';
import { storeKinds } from '../support/databases.js';
import { campaign } from '../support/fixtures.js';
import { expectNothingWrittenSince, logHead } from '../support/refusals.js';

type Cell = string | number | Date | null;

/** A workbook as a province's office would type it: one sheet per kind, the header row first. */
async function workbook(sheets: Record<string, Cell[][]>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) book.addWorksheet(name).addRows(rows);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const UNIT_HEADERS = ['Mã đơn vị', 'Tên đơn vị', 'Loại', 'Đơn vị cấp trên', 'Ngày thành lập'];
const OFFICER_HEADERS = ['Mã cán bộ', 'Họ và tên', 'Cấp bậc', 'Đơn vị công tác'];
const COMMENDATION_HEADERS = [
  'Hình thức',
  'Cấp khen thưởng',
  'Danh hiệu',
  'Đối tượng',
  'Mã đơn vị, cán bộ được khen',
  'Số quyết định',
  'Ngày quyết định',
  'Năm thành tích',
  'Số tiền thưởng (đồng)',
  'Sổ, văn bản nguồn',
  'Trang',
  'Mã quyết định',
];

/**
 * Issue 15, "In: import": spreadsheets through the same DTOs, access rules, commands and deciders as
 * HTTP, checked in full first (a dry run writes nothing), then written all or nothing, once.
 */
describe.each(storeKinds('imports'))('imports (%s store)', (kind) => {
  let t: TestApp;
  let last = 0;
  const upload = (file: Buffer, name: string, fields: { kind?: string; dryRun?: boolean } = {}, token = TEST_ADMIN_TOKEN) => {
    let req = request(t.app.getHttpServer()).post('/api/imports').set('Authorization', `Bearer ${token}`);
    if (fields.kind) req = req.field('kind', fields.kind);
    if (fields.dryRun !== undefined) req = req.field('dryRun', String(fields.dryRun));
    return req.attach('file', file, name);
  };

  beforeAll(async () => {
    t = await startApp(kind);
  });
  afterAll(async () => t?.close());

  it('serves each template: Vietnamese headers with their notes, and drop-down lists for the closed vocabularies', async () => {
    const res = await t.http().get('/api/imports/templates/units.xlsx').buffer(true).parse(binaryBody).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="mau-nhap-units.xlsx"');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body);
    const sheet = book.getWorksheet('Đơn vị')!;
    expect((sheet.getRow(1).values as Cell[]).slice(1)).toEqual(UNIT_HEADERS);
    expect(String(sheet.getCell('C2').value)).toMatch(/danh mục loại đơn vị/);
    expect(sheet.getCell('A1').note).toEqual(expect.anything());
    // The kind's drop-down reads the hidden list of unit kinds (labels with commas cannot be written inline).
    expect(sheet.getCell('C3').dataValidation).toMatchObject({ type: 'list', formulae: ["'Danh mục'!$A$2:$A$8"], errorStyle: 'stop' });
    expect(sheet.getCell('C5002').dataValidation).toMatchObject({ type: 'list' });
    expect(sheet.getCell('A3').dataValidation).toBeUndefined();
    const lists = book.getWorksheet('Danh mục')!;
    expect(lists.state).toBe('hidden');
    expect(lists.getColumn(1).values.slice(2)).toEqual([
      'Bộ',
      'Cục, đơn vị thuộc Bộ',
      'Công an tỉnh, thành phố',
      'Phòng',
      expect.any(String),
      expect.any(String),
      'Đội',
    ]);

    const commendations = new ExcelJS.Workbook();
    await commendations.xlsx.load((await t.http().get('/api/imports/templates/commendations.xlsx').buffer(true).parse(binaryBody).expect(200)).body);
    const decisions = commendations.getWorksheet('Khen thưởng')!;
    expect(decisions.getCell('A1').value).toBe('Mã quyết định');
    expect(decisions.getCell('B3').dataValidation).toMatchObject({ type: 'list', errorStyle: 'stop' });
    // Titles: an open list (a diploma's wording is free text).
    expect(decisions.getCell('D3').dataValidation).toMatchObject({ type: 'list', errorStyle: 'information' });
    await t.http().get('/api/imports/templates/khong-co.xlsx').expect(404);
  });

  it('imports units and officers from one workbook: a district, and a commune under it two rows down (dry run first)', async () => {
    const file = await workbook({
      'Đơn vị': [
        UNIT_HEADERS,
        ['bo-cong-an', 'Bộ Công an', 'Bộ', null, null],
        ['ca-hai-phong', 'Công an thành phố Hải Phòng', 'province', 'bo-cong-an', '01/01/1955'],
        ['ca-huyen-thuy-nguyen', 'Công an huyện Thủy Nguyên', 'Công an huyện, quận, thị xã, thành phố thuộc tỉnh', 'ca-hai-phong', null],
        [null, null, null, null, null],
        ['ca-xa-lap-le', 'Công an xã Lập Lễ', 'Công an xã, phường, thị trấn', 'ca-huyen-thuy-nguyen', new Date(Date.UTC(2019, 6, 1))],
      ],
      'Cán bộ': [OFFICER_HEADERS, ['hp-pham-thi-hoa', 'Phạm Thị Hoa', 'Trung tá', 'ca-hai-phong'], ['ll-vu-van-nam', 'Vũ Văn Nam', 'Đại úy', 'ca-xa-lap-le']],
    });
    const head = await logHead(t);
    const dry = await upload(file, 'don-vi-can-bo.xlsx', { dryRun: true }).expect(200);
    expect(dry.body).toMatchObject({
      dryRun: true,
      outcome: 'checked',
      problems: [],
      totals: { rows: 6, wouldWrite: 6, written: 0, alreadyImported: 0, refused: 0 },
    });
    expect(dry.body.counts).toEqual([
      expect.objectContaining({ kind: 'units', sheet: 'Đơn vị', rows: 4, wouldWrite: 4 }),
      expect.objectContaining({ kind: 'officers', sheet: 'Cán bộ', rows: 2, wouldWrite: 2 }),
    ]);
    await expectNothingWrittenSince(t, head);

    const real = await upload(file, 'don-vi-can-bo.xlsx').expect(201);
    expect(real.body).toMatchObject({ dryRun: false, outcome: 'written', problems: [], totals: { rows: 6, written: 6, alreadyImported: 0 } });
    expect(real.body.positions.first).toBeGreaterThan(head);
    last = real.body.positions.last;
    const commune = await t.http().get(`/api/units/ca-xa-lap-le?minPosition=${last}`).expect(200);
    expect(commune.body).toMatchObject({ parentId: 'ca-huyen-thuy-nguyen', kind: 'commune', establishedOn: '2019-07-01' });
    expect((await t.http().get(`/api/units/ca-hai-phong?minPosition=${last}`).expect(200)).body.establishedOn).toBe('1955-01-01');
    expect((await t.http().get(`/api/officers/ll-vu-van-nam?minPosition=${last}`).expect(200)).body.unitId).toBe('ca-xa-lap-le');
    const events = (await t.http().get(`/api/events?after=${head}&limit=100`).expect(200)).body.events;
    expect(events.map((e: { metadata: { correlationId: string; actor: string } }) => e.metadata)).toEqual(
      Array(6).fill(expect.objectContaining({ correlationId: real.body.correlationId, actor: 'admin' })),
    );

    // The same file again: every row replayed by its idempotency key, nothing written.
    const again = await logHead(t);
    const twice = await upload(file, 'ban-sao.xlsx').expect(200);
    expect(twice.body).toMatchObject({ outcome: 'written', totals: { rows: 6, written: 0, alreadyImported: 6, refused: 0 }, positions: { first: null } });
    await expectNothingWrittenSince(t, again);
  });

  it('a dry run names every bad row (row, column, the problem in Vietnamese) and writes nothing; the real run refuses the file whole', async () => {
    const file = await workbook({
      'Đơn vị': [
        UNIT_HEADERS,
        ['ca-kien-an', 'Công an quận Kiến An', 'Công an huyện, quận, thị xã, thành phố thuộc tỉnh', 'ca-hai-phong', null],
        ['CA Đồ Sơn', 'Công an quận Đồ Sơn', 'Công an huyện, quận, thị xã, thành phố thuộc tỉnh', 'ca-hai-phong', null],
        ['ca-an-lao', 'Công an huyện An Lão', 'Huyện', 'ca-hai-phong', null],
        ['ca-tien-lang', 'Công an huyện Tiên Lãng', 'district', 'ca-khong-co', null],
        ['ca-vinh-bao', 'Công an huyện Vĩnh Bảo', 'district', 'ca-hai-phong', '31/02/2020'],
        ['ca-xa-bat-trang', 'Công an xã Bát Trang', 'commune', 'bo-cong-an', null],
        ['ca-hai-phong', 'Công an thành phố Hải Phòng', 'province', 'bo-cong-an', null],
      ],
    });
    const head = await logHead(t);
    const dry = await upload(file, 'loi.xlsx', { kind: 'units', dryRun: true }).expect(200);
    expect(dry.body).toMatchObject({ outcome: 'checked', totals: { rows: 7, wouldWrite: 1, refused: 6 } });
    const problems = dry.body.problems.map((p: { row: number; column: string; code: string; message: string }) => [p.row, p.column, p.code, p.message]);
    expect(problems).toEqual([
      [3, 'Mã đơn vị', 'invalid-request', expect.stringMatching(/^Mã không hợp lệ: chữ thường không dấu/)],
      [4, 'Loại', 'not-in-vocabulary', expect.stringMatching(/^'Huyện' không có trong danh mục loại đơn vị/)],
      [5, 'Đơn vị cấp trên', 'unit-not-found', expect.stringMatching(/^Không tìm thấy đơn vị/)],
      [6, 'Ngày thành lập', 'invalid-date', expect.stringMatching(/^'31\/02\/2020' không phải là ngày hợp lệ/)],
      [7, 'Đơn vị cấp trên', 'unit-rule-parent-kind', expect.stringMatching(/^Loại đơn vị này không được đặt trực tiếp dưới/)],
      [8, 'Mã đơn vị', 'already-exists', expect.stringMatching(/^Mã này đã có trong sổ cái/)],
    ]);
    // The English detail is kept beside the Vietnamese message.
    expect(dry.body.problems[2]).toMatchObject({ field: 'parentId', value: 'ca-khong-co', detail: "unit 'ca-khong-co' does not exist" });
    await expectNothingWrittenSince(t, head);

    const refused = await upload(file, 'loi.xlsx', { kind: 'units' }).expect(422);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ code: 'import-refused', outcome: 'refused', totals: { written: 0, refused: 6 } });
    expect(refused.body.problems).toHaveLength(6);
    await expectNothingWrittenSince(t, head);
    // Missing and unknown columns: the file is refused before any row.
    const columns = await upload(await workbook({ Sheet1: [['Mã đơn vị', 'Tên', 'Loại']] }), 'cot.xlsx', { kind: 'units', dryRun: true }).expect(200);
    expect(columns.body.problems.map((p: { code: string; column: string }) => [p.code, p.column])).toEqual([
      ['unknown-column', 'Tên'],
      ['missing-column', 'Tên đơn vị'],
    ]);
  });

  it('commendations: 2021-2023 CSTĐCS from the books go in as historical (warnings), and let the 2024 CSTĐ Bộ pass its chain', async () => {
    const title = (label: string, year: number, decidedOn: Cell, extra: Cell[] = []) => [
      'Danh hiệu thi đua',
      label === 'Chiến sĩ thi đua toàn lực lượng Công an nhân dân' ? 'Bộ trưởng' : 'Thủ trưởng đơn vị',
      label,
      'Cá nhân',
      'hp-pham-thi-hoa',
      `${year}/QĐ-CAHP`,
      decidedOn,
      year,
      ...extra,
    ];
    const book = (page: string) => ['Sổ khen thưởng CATP Hải Phòng', page];
    const file = await workbook({
      'Khen thưởng': [
        COMMENDATION_HEADERS,
        title('Chiến sĩ thi đua cơ sở', 2021, '10/01/2022', ['1.800.000', ...book('21'), 'qd-cstdcs-2021']),
        // An Excel date, and a Vietnamese midnight written by a program (17:00 UTC the day before): both 10 January.
        title('Chiến sĩ thi đua cơ sở', 2022, new Date(Date.UTC(2023, 0, 10)), [1_800_000, ...book('22'), 'qd-cstdcs-2022']),
        title('Chiến sĩ thi đua cơ sở', 2023, new Date('2024-01-09T17:00:00Z'), [null, ...book('23'), 'qd-cstdcs-2023']),
        title('Chiến sĩ thi đua toàn lực lượng Công an nhân dân', 2024, '15/01/2025', ['5.400.000', ...book('24'), 'qd-cstd-bo-2024']),
      ],
    });
    const dry = await upload(file, 'khen-thuong.xlsx', { kind: 'commendations', dryRun: true }).expect(200);
    expect(dry.body).toMatchObject({ outcome: 'checked', problems: [], totals: { wouldWrite: 4 } });
    const real = await upload(file, 'khen-thuong.xlsx', { kind: 'commendations' }).expect(201);
    expect(real.body).toMatchObject({ outcome: 'written', totals: { written: 4 } });
    last = real.body.positions.last;
    // The chain rules had nothing on 2021-2023 (no CSTT, no initiative): warnings, not refusals; the 2024 decision has none.
    expect(
      real.body.warnings.map((w: { row: number; commendationId: string; code: string; column: string }) => [w.row, w.commendationId, w.code, w.column]),
    ).toEqual([
      [2, 'qd-cstdcs-2021', 'title-chain-incomplete', 'Danh hiệu'],
      [3, 'qd-cstdcs-2022', 'title-chain-incomplete', 'Danh hiệu'],
      [4, 'qd-cstdcs-2023', 'title-chain-incomplete', 'Danh hiệu'],
    ]);
    expect(real.body.warnings[0].message).toBe('Chưa đủ danh hiệu, điều kiện các năm trước theo quy định');
    const read = async (id: string) => (await t.http().get(`/api/commendations/${id}?minPosition=${last}`).expect(200)).body;
    expect(await read('qd-cstd-bo-2024')).toMatchObject({
      title: 'chien-si-thi-dua-bo',
      recordedAs: 'historical',
      restsOn: ['qd-cstdcs-2021', 'qd-cstdcs-2022', 'qd-cstdcs-2023'],
      amountVnd: 5_400_000,
      decidedOn: '2025-01-15',
      source: { document: 'Sổ khen thưởng CATP Hải Phòng', page: '24' },
    });
    expect((await read('qd-cstd-bo-2024')).warnings ?? []).toEqual([]);
    expect(await read('qd-cstdcs-2022')).toMatchObject({ decidedOn: '2023-01-10', amountVnd: 1_800_000 });
    expect(await read('qd-cstdcs-2023')).toMatchObject({ decidedOn: '2024-01-10', achievementYear: 2023 });
  });

  it('score entries of a month from a CSV saved by Excel (UTF-8 with BOM, separated by ;), with decimal commas', async () => {
    await t.http().post('/api/campaigns').send(campaign).expect(201);
    const csv = [
      'Mã phong trào;Mã đơn vị;Tiêu chí;Tháng;Điểm;Loại điểm;Nguồn chấm;Lý do;Tài liệu chứng minh',
      `${campaign.id};ca-hai-phong;c1-1;03/2026;6,5;;Tự chấm;Không để xảy ra điểm nóng tháng 3;BC-12/CAHP`,
      `${campaign.id};ca-hai-phong;c2-1;03/2026;"12,25";Thành tích;Tự chấm;"Kéo giảm tội phạm; tháng 3";"BC-13/CAHP; BB-02/CAHP"`,
      `${campaign.id};ca-hai-phong;;2026-03;2,5;Điểm thưởng;Bộ Công an;Phá chuyên án;`,
    ].join('\r\n');
    const file = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${csv}\r\n`, 'utf8')]);
    const res = await upload(file, 'cham-diem-thang-3.csv', { kind: 'score-entries' }).expect(201);
    expect(res.body).toMatchObject({ outcome: 'written', problems: [], totals: { rows: 3, written: 3 } });
    const card = await t
      .http()
      .get(`/api/campaigns/${campaign.id}/units/ca-hai-phong/scorecard?period=2026-03&minPosition=${res.body.positions.last}`)
      .expect(200);
    expect(card.body.total).toBe(21.25);
    const audit = await t.http().get(`/api/campaigns/${campaign.id}/units/ca-hai-phong/audit?minPosition=${res.body.positions.last}`).expect(200);
    expect(audit.body.events.map((e: { criterionId: string | null; delta: number; evidence: string[] }) => [e.criterionId, e.delta, e.evidence])).toEqual([
      ['c1-1', 6.5, ['BC-12/CAHP']],
      ['c2-1', 12.25, ['BC-13/CAHP', 'BB-02/CAHP']],
      [null, 2.5, []],
    ]);
    // The same rows again under another file name: the same file, replayed.
    await upload(file, 'ban-sao.csv', { kind: 'score-entries' })
      .expect(200)
      .then((again) => expect(again.body.totals).toMatchObject({ written: 0, alreadyImported: 3 }));
  });

  it('authorizes every row as its route does: an officer scoped to Hải Phòng, a viewer refused at the door (403, nothing written)', async () => {
    const officer = await accountWithToken(t, 'can-bo-thi-dua-hp', [{ role: 'emulation-officer', scope: 'ca-hai-phong' }]);
    const viewer = await accountWithToken(t, 'man-hinh-hoi-truong', [{ role: 'viewer' }]);
    const file = await workbook({
      'Đơn vị': [
        UNIT_HEADERS,
        ['ca-quan-le-chan', 'Công an quận Lê Chân', 'district', 'ca-hai-phong', null],
        ['ca-thai-binh', 'Công an tỉnh Thái Bình', 'province', 'bo-cong-an', null],
        ['ca-phuong-an-bien', 'Công an phường An Biên', 'commune', 'ca-quan-le-chan', null],
      ],
    });
    const head = await logHead(t);
    const scoped = await upload(file, 'don-vi.xlsx', { dryRun: true }, officer).expect(200);
    // The commune's parent is two rows up: in scope through it, as it will be once written.
    expect(scoped.body.problems.map((p: { row: number; column: string; code: string }) => [p.row, p.column, p.code])).toEqual([
      [3, 'Đơn vị cấp trên', 'forbidden'],
    ]);
    expect(scoped.body.totals).toMatchObject({ wouldWrite: 2, refused: 1 });
    const refused = await upload(file, 'don-vi.xlsx', { dryRun: true }, viewer).expect(403);
    expect(refused.body.code).toBe('forbidden');
    await upload(file, 'don-vi.xlsx', {}, viewer).expect(403);
    await expectNothingWrittenSince(t, head);
  });

  it('refuses what is not an import: no file (400), a file that is no spreadsheet, a CSV not in UTF-8', async () => {
    const head = await logHead(t);
    const none = await t.http().post('/api/imports').send({ kind: 'units' }).expect(400);
    expect(none.body.errors).toEqual([{ field: 'file', message: expect.stringMatching(/multipart\/form-data/) }]);
    const latin = await upload(Buffer.from('M\xe3 \xf0\xfan v\xec\n', 'latin1'), 'ansi.csv', { kind: 'units', dryRun: true }).expect(200);
    expect(latin.body.problems).toEqual([expect.objectContaining({ row: 0, code: 'not-utf8', message: expect.stringMatching(/CSV UTF-8/) })]);
    const csvWithoutKind = await upload(Buffer.from('Mã đơn vị;Tên đơn vị;Loại\n'), 'a.csv', {}).expect(422);
    expect(csvWithoutKind.body.problems[0].code).toBe('kind-required');
    await expectNothingWrittenSince(t, head);
  });
});
