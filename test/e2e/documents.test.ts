import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { DOCUMENT_FONT_FILES, renderPdf } from '../../src/queries/documents/pdf-renderer.js';
import { binaryBody } from '../support/binary-body.js';
import { startApp, type TestApp } from '../support/app.js';
import { campaign, cluster, units } from '../support/fixtures.js';
import { decodePng } from '../support/png.js';

/** Where the rendered pages are kept to be looked at (git-ignored). */
const OUT = join(process.cwd(), '.tmp', 'documents');

/** Poppler's tools (Debian poppler-utils): without them the PDFs cannot be read back, and the suite says so. */
const POPPLER = spawnSync('pdftotext', ['-v']).error === undefined && spawnSync('pdftoppm', ['-v']).error === undefined;
if (!POPPLER) console.warn('documents: skipped: pdftotext / pdftoppm not found (apt-get install poppler-utils)');
const describeWithPoppler = POPPLER ? describe : describe.skip;

/** Every letter of the Vietnamese alphabet, both cases, with every tone mark. */
const VIETNAMESE_LETTERS = (() => {
  const lower = 'aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ';
  return lower + lower.toLocaleUpperCase('vi-VN');
})();

let scratch: string;
let pages = 0;

/**
 * The PDF's text as pdftotext reads it, whitespace runs made one space per line: in reading order,
 * or `layout` (a table's row on one line), or `raw` (in the order drawn: a table cell's lines together).
 */
function pdfText(pdf: Buffer, mode: 'reading' | 'layout' | 'raw' = 'reading'): string {
  const file = join(scratch, `read-${pages++}.pdf`);
  writeFileSync(file, pdf);
  const run = spawnSync('pdftotext', [...(mode === 'reading' ? [] : [`-${mode}`]), '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`pdftotext failed: ${run.stderr}`);
  return run.stdout
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .join('\n');
}

/** Keeps the PDF as .tmp/documents/<name>.pdf and its page 1 rendered at 50 dpi as <name>.png; fails unless the page is A4 with ink on it. */
function renderFirstPage(pdf: Buffer, name: string): void {
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, `${name}.pdf`);
  writeFileSync(file, pdf);
  const run = spawnSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', '-singlefile', file, join(OUT, name)], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`pdftoppm failed: ${run.stderr}`);
  const image = decodePng(readFileSync(join(OUT, `${name}.png`)));
  // A4 (595.28 × 841.89 points) at 50 dpi: 414 × 585 pixels, the other way round for a landscape page.
  expect([image.width, image.height].sort((a, b) => a - b)).toEqual([414, 585]);
  const ink = image.lightness.filter((l) => l < 128).length / image.lightness.length;
  expect(ink).toBeGreaterThan(0.01);
  expect(ink).toBeLessThan(0.5);
}

const expectPdf = (res: Response, fileName: string) => {
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  expect(res.headers['content-disposition']).toBe(`inline; filename="${fileName}"`);
  expect((res.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
};

/** Supertest keeps a PDF answer as bytes. */
const binary = (req: ReturnType<ReturnType<TestApp['http']>['get']>) => req.buffer(true).parse(binaryBody);

describe('the document font', () => {
  interface FontkitFont {
    hasGlyphForCodePoint(codePoint: number): boolean;
  }
  const fontkit = createRequire(import.meta.url)('fontkit') as { openSync(path: string): FontkitFont };

  it.each(Object.entries(DOCUMENT_FONT_FILES))('has a glyph for every Vietnamese letter (%s)', (_, path) => {
    const font = fontkit.openSync(path);
    expect([...VIETNAMESE_LETTERS].filter((letter) => !font.hasGlyphForCodePoint(letter.codePointAt(0)!))).toEqual([]);
  });

  (POPPLER ? it : it.skip)('is embedded in the PDF and reads back as written', async () => {
    scratch ??= mkdtempSync(join(tmpdir(), 'documents-'));
    const sentence = 'Quyết định khen thưởng Đảng Ủy Công an tỉnh Hưng Yên ữ ặ ỗ';
    const pdf = await renderPdf({ content: [{ text: sentence }, { text: VIETNAMESE_LETTERS, bold: true }], defaultStyle: { font: 'NotoSerif' } });
    expect(pdfText(pdf)).toContain(`${sentence}\n`);
    expect(pdfText(pdf).replace(/\s/g, '')).toContain(VIETNAMESE_LETTERS);
    const file = join(scratch, 'fonts.pdf');
    writeFileSync(file, pdf);
    const fonts = spawnSync('pdffonts', [file], { encoding: 'utf8' }).stdout;
    // Embedded (emb), as a subset, with a Unicode map: "NotoSerif-Regular CID TrueType Identity-H yes yes yes".
    expect(fonts).toMatch(/NotoSerif-Regular\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    expect(fonts).toMatch(/NotoSerif-Bold\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
  });
});

describeWithPoppler('printed documents: a decision and a published ranking as PDFs (embedded store)', () => {
  let t: TestApp;

  beforeAll(async () => {
    scratch ??= mkdtempSync(join(tmpdir(), 'documents-'));
    t = await startApp('embedded');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('documents both in the OpenAPI document as application/pdf', async () => {
    const openapi = (await t.http().get('/api/openapi.json').expect(200)).body as { paths: Record<string, { get?: { responses: Record<string, unknown> } }> };
    for (const path of ['/api/commendations/{id}/decision.pdf', '/api/campaigns/{id}/clusters/{clusterId}/rankings/publications/{publicationId}/ranking.pdf'])
      expect(openapi.paths[path]?.get?.responses['200']).toMatchObject({ content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } });
  });

  describe('GET /api/commendations/:id/decision.pdf', () => {
    /** One paper, Quyết định số 567/QĐ-CAHP of the Director of Hải Phòng city police: Giấy khen for two officers. */
    const paper = { form: 'certificate-of-merit', authority: 'unit-head', decisionNo: '567/QĐ-CAHP', decidedOn: '2026-11-20' };
    let last = 0;

    beforeAll(async () => {
      for (const unit of [units.ministry, units.haiPhong]) await t.http().post('/api/units').send(unit).expect(201);
      await t.http().post('/api/units').send({ id: 'pc02-hai-phong', name: 'Phòng Cảnh sát hình sự', kind: 'division', parentId: 'ca-hai-phong' }).expect(201);
      await t.http().post('/api/officers').send({ id: 'nguyen-van-an', fullName: 'Nguyễn Văn An', rank: 'Thiếu tá', unitId: 'pc02-hai-phong' }).expect(201);
      await t.http().post('/api/officers').send({ id: 'tran-thi-binh', fullName: 'Trần Thị Bình', rank: 'Đại úy', unitId: 'ca-hai-phong' }).expect(201);
      await t.http().post('/api/officers').send({ id: 'le-van-cuong', fullName: 'Lê Văn Cường', rank: 'Trung úy', unitId: 'ca-hai-phong' }).expect(201);
      const record = async (body: Record<string, unknown>) => {
        const res = await t.http().post('/api/commendations').send(body).expect(201);
        last = res.body.position;
      };
      await record({ ...paper, id: 'qd-567-an', recipient: { kind: 'individual', id: 'nguyen-van-an' }, amountVnd: 1_800_000 });
      await record({ ...paper, id: 'qd-567-binh', recipient: { kind: 'individual', id: 'tran-thi-binh' }, amountVnd: 1_200_000 });
      // Another paper of the same day: not one of this decision's recipients.
      await record({ ...paper, id: 'qd-568-cuong', decisionNo: '568/QĐ-CAHP', recipient: { kind: 'individual', id: 'le-van-cuong' }, amountVnd: 500_000 });
    });

    const fetchDecision = async (id: string, name: string) => {
      const res = await binary(t.http().get(`/api/commendations/${id}/decision.pdf?minPosition=${last}`));
      expectPdf(res, 'quyet-dinh-567-QD-CAHP.pdf');
      renderFirstPage(res.body, name);
      return res.body as Buffer;
    };

    it('lays the decision out as a Vietnamese administrative decision, with every recipient of its number, date and authority', async () => {
      const pdf = await fetchDecision('qd-567-binh', 'quyet-dinh-567');
      const text = pdfText(pdf);
      for (const line of [
        'BỘ CÔNG AN',
        'CÔNG AN THÀNH PHỐ HẢI PHÒNG',
        'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'Độc lập - Tự do - Hạnh phúc',
        'Số: 567/QĐ-CAHP',
        'Hải Phòng, ngày 20 tháng 11 năm 2026',
        'QUYẾT ĐỊNH',
        'Về việc khen thưởng cá nhân năm 2026',
        'GIÁM ĐỐC CÔNG AN THÀNH PHỐ HẢI PHÒNG',
        'Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;',
        'QUYẾT ĐỊNH:',
        'Điều 2. Quyết định này có hiệu lực kể từ ngày ký.',
        'Nơi nhận:',
      ])
        expect(text).toContain(`${line}\n`);
      expect(text.replace(/\n/g, ' ')).toContain('Điều 1. Tặng Giấy khen cho 2 cá nhân có tên sau đây:');
      expect(text.replace(/\n/g, ' ')).toContain(
        'Điều 3. Thủ trưởng các đơn vị có liên quan và các cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.',
      );

      // Điều 1's table, row by row (in the order drawn, a cell's lines together): STT, rank and name, unit, form, money.
      const rows = pdfText(pdf, 'raw').replace(/\n/g, ' ');
      expect(rows).toContain(
        'STT Họ và tên Đơn vị Hình thức khen thưởng Tiền thưởng 1 Thiếu tá Nguyễn Văn An Phòng Cảnh sát hình sự Giấy khen 1.800.000 đồng 2 Đại úy Trần Thị Bình Công an thành phố Hải Phòng Giấy khen 1.200.000 đồng Tổng số tiền thưởng: 3.000.000 đồng.',
      );
      expect(text).not.toContain('Lê Văn Cường');
      expect(text).not.toContain('ĐÃ THU HỒI');
      // The same paper whichever of its commendations is asked for.
      const fromTheOther = pdfText(await fetchDecision('qd-567-an', 'quyet-dinh-567-an'));
      expect(fromTheOther.replace(/quyết định qd-567-\w+/, '')).toBe(text.replace(/quyết định qd-567-\w+/, ''));
      expect(text).toContain('quyết định qd-567-binh, theo sổ đến vị trí ');
    });

    it('marks a decision revoked for one recipient as partly revoked, and one revoked for all as revoked, with each revocation', async () => {
      const revoke = async (id: string, decisionNo: string) => {
        const res = await t
          .http()
          .post(`/api/commendations/${id}/revocation`)
          .send({ ground: 'false-declaration', reason: 'Kê khai không trung thực thành tích', decisionNo, decidedOn: '2026-11-25' })
          .expect(201);
        last = res.body.position;
      };
      await revoke('qd-567-an', '88/QĐ-CAHP');
      const partly = pdfText(await fetchDecision('qd-567-an', 'quyet-dinh-567-thu-hoi-mot-phan'));
      expect(partly).toContain('ĐÃ THU HỒI MỘT PHẦN\n');
      const flat = partly.replace(/\n/g, ' ');
      // In the mark, and in the section on the revocations after the signature.
      expect(flat).toContain('Thiếu tá Nguyễn Văn An: hủy bỏ theo Quyết định số 88/QĐ-CAHP ngày 25/11/2026 của Thủ trưởng đơn vị ');
      expect(flat).toContain(
        'Thiếu tá Nguyễn Văn An: hủy bỏ theo Quyết định số 88/QĐ-CAHP ngày 25/11/2026 của Thủ trưởng đơn vị. Căn cứ hủy bỏ: Gian dối trong kê khai thành tích. Lý do: Kê khai không trung thực thành tích. Thu hồi hiện vật: chưa thu hồi; tiền thưởng đã thu hồi 0 đồng, còn phải thu hồi 1.800.000 đồng.',
      );
      expect(flat).not.toContain('Đại úy Trần Thị Bình: hủy bỏ');

      await revoke('qd-567-binh', '89/QĐ-CAHP');
      const revoked = pdfText(await fetchDecision('qd-567-binh', 'quyet-dinh-567-thu-hoi'));
      expect(revoked).toContain('ĐÃ THU HỒI\n');
      expect(revoked).not.toContain('MỘT PHẦN');
      expect(revoked.replace(/\n/g, ' ')).toContain(
        'Quyết định đã bị hủy bỏ theo Quyết định số 88/QĐ-CAHP ngày 25/11/2026 của Thủ trưởng đơn vị; Quyết định số 89/QĐ-CAHP ngày 25/11/2026 của Thủ trưởng đơn vị',
      );
    });

    it('answers 404 problem+json for an unknown commendation, 400 for a malformed id', async () => {
      const missing = await t.http().get('/api/commendations/khong-co/decision.pdf').expect(404);
      expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(missing.body).toMatchObject({ status: 404, code: 'commendation-not-found' });
      const malformed = await t.http().get('/api/commendations/Khong%20Co/decision.pdf').expect(400);
      expect(malformed.body).toMatchObject({ code: 'invalid-request', errors: [expect.objectContaining({ field: 'id' })] });
    });
  });

  describe('GET …/rankings/publications/:publicationId/ranking.pdf', () => {
    const base = `/api/campaigns/${campaign.id}/clusters/${cluster.id}/rankings/publications`;
    let published: { publicationId: string; reflectsPosition: number; position: number };

    beforeAll(async () => {
      for (const unit of [units.hauGiang, units.canTho, units.socTrang]) await t.http().post('/api/units').send(unit).expect(201);
      await t.http().post('/api/campaigns').send(campaign).expect(201);
      await t.http().post(`/api/campaigns/${campaign.id}/clusters`).send(cluster).expect(201);
      const entry = (unitId: string, body: Record<string, unknown>) =>
        t
          .http()
          .post(`/api/campaigns/${campaign.id}/units/${unitId}/score-entries`)
          .send({ kind: 'achievement', period: '2026-07', source: 'self-assessment', reason: 'Tự chấm', ...body })
          .expect(201);
      // Hậu Giang: every criterion at its maximum (1,000) and 34.5 bonus points: 1.034,5.
      for (const [criterionId, points] of Object.entries({
        'c1-1': 120,
        'c1-2': 80,
        'c2-1': 100,
        'c2-2': 150,
        'c3-1': 150,
        'c4-1': 200,
        'c5-1': 100,
        'c6-1': 100,
      }))
        await entry('ca-hau-giang', { criterionId, points });
      await entry('ca-hau-giang', { kind: 'bonus', points: '34,5' });
      // Cần Thơ: 90.25 on one criterion, 2 penalty points: 88,25.
      await entry('ca-can-tho', { criterionId: 'c1-1', points: 90.25 });
      await entry('ca-can-tho', { kind: 'penalty', points: 2, reason: 'Báo cáo chậm' });
      // Sóc Trăng: 100 on one criterion of group 2.
      await entry('ca-soc-trang', { criterionId: 'c2-1', points: 100 });
      const res = await t.http().post(base).send({ id: 'thang-07', period: '2026-07' }).expect(201);
      published = { publicationId: 'thang-07', reflectsPosition: res.body.reflectsPosition, position: res.body.position };
      // Entered after the publication: not on its paper.
      await entry('ca-soc-trang', { criterionId: 'c3-1', points: 150 });
    });

    it('prints the published ranking with its groups, both clocks, who published, and the integrity checkpoint of the log it reflects', async () => {
      const res = await binary(t.http().get(`${base}/thang-07/ranking.pdf?minPosition=${published.position}`));
      expectPdf(res, `xep-hang-${campaign.id}-${cluster.id}-thang-07.pdf`);
      renderFirstPage(res.body, 'xep-hang-thang-07');
      const text = pdfText(res.body);
      const flat = text.replace(/\n/g, ' ');
      for (const line of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'BỘ CÔNG AN', 'CỤM THI ĐUA SỐ 9', 'KẾT QUẢ XẾP HẠNG THI ĐUA'])
        expect(text).toContain(`${line}\n`);
      expect(flat).toContain(`Cụm thi đua số 9 - ${campaign.title}`);
      expect(flat).toContain('Kỳ công bố: tháng 7 năm 2026 (điểm cộng dồn đến hết tháng 7 năm 2026)');
      expect(flat).toContain(`Số liệu theo sổ cái đến vị trí ${published.reflectsPosition} (ghi lúc `);
      expect(flat).toContain('tính điểm các tháng đến hết tháng 7 năm 2026. Công bố lúc ');
      expect(flat).toContain('người công bố: admin; mã bản công bố: thang-07.');
      // Each group's column: its name and maximum.
      const drawn = pdfText(res.body, 'raw').replace(/\n/g, ' ');
      for (const group of campaign.scale.groups) expect(drawn).toContain(`${group.name} (${group.maxPoints})`);

      // Row by row: rank, unit, the six groups, bonus, penalty, total (Vietnamese number format), note.
      const rows = drawn.replace(/.*Ghi chú /, '');
      expect(rows).toMatch(
        /^1 Công an tỉnh Hậu Giang 200 250 150 200 100 100 34,5 0 1\.034,5 2 Công an tỉnh Sóc Trăng 0 100 0 0 0 0 0 0 100 3 Công an thành phố Cần Thơ 90,25 0 0 0 0 0 0 2 88,25 Điểm các nhóm/,
      );

      // The checkpoint: the position the ranking reflects and the chain's hash there, which the integrity check confirms.
      const checkpoint = /Kiểm tra: GET \/api\/integrity\?expect=(\d+):([0-9a-f]{64})\n/.exec(text);
      expect(checkpoint).not.toBeNull();
      const [, position, hash] = checkpoint!;
      expect(Number(position)).toBe(published.reflectsPosition);
      expect(text).toContain(`Bảng xếp hạng phản ánh sổ cái đến vị trí ${position}. Mã băm (SHA-256) của chuỗi băm tại vị trí ${position}:\n${hash}\n`);
      const verified = await t.http().get(`/api/integrity?expect=${position}:${hash}`).expect(200);
      expect(verified.body).toMatchObject({ status: 'verified', published: [{ position: Number(position), hash, matches: true }] });
      const wrong = await t
        .http()
        .get(`/api/integrity?expect=${position}:${hash.replace(/^./, (c) => (c === '0' ? '1' : '0'))}`)
        .expect(200);
      expect(wrong.body).toMatchObject({ status: 'failed', published: [{ position: Number(position), matches: false }] });
      // …and the publication's own event, which holds the rows printed.
      const own = new RegExp(
        `Bản công bố này là sự kiện ở vị trí ${published.position} của sổ cái, mã băm tại vị trí đó:\\n([0-9a-f]{64})\\nKiểm tra: GET /api/integrity\\?expect=${published.position}:\\1\\n`,
      ).exec(text);
      expect(own).not.toBeNull();
      const ownCheck = await t.http().get(`/api/integrity?expect=${published.position}:${own![1]}`).expect(200);
      expect(ownCheck.body.published).toEqual([{ position: published.position, hash: own![1], matches: true }]);
    });

    it('marks a withdrawn publication as withdrawn', async () => {
      const res = await t.http().post(`${base}/thang-07/withdrawal`).send({ reason: 'Số liệu Sóc Trăng nhập sai' }).expect(201);
      const pdf = await binary(t.http().get(`${base}/thang-07/ranking.pdf?minPosition=${res.body.position}`));
      expectPdf(pdf, `xep-hang-${campaign.id}-${cluster.id}-thang-07.pdf`);
      renderFirstPage(pdf.body, 'xep-hang-thang-07-thu-hoi');
      const flat = pdfText(pdf.body).replace(/\n/g, ' ');
      expect(flat).toContain('ĐÃ THU HỒI Bản công bố đã bị thu hồi lúc ');
      expect(flat).toContain('bởi admin: Số liệu Sóc Trăng nhập sai.');
    });

    it('answers 404 problem+json for an unknown publication, cluster or campaign', async () => {
      for (const [path, code] of [
        [`${base}/khong-co/ranking.pdf`, 'publication-not-found'],
        [`/api/campaigns/${campaign.id}/clusters/cum-99/rankings/publications/thang-07/ranking.pdf`, 'cluster-not-found'],
        ['/api/campaigns/khong-co/clusters/cum-9/rankings/publications/thang-07/ranking.pdf', 'campaign-not-found'],
      ]) {
        const res = await t.http().get(path).expect(404);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body).toMatchObject({ status: 404, code });
      }
    });
  });
});
