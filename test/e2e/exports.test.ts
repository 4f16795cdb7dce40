import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { startApp, type TestApp } from '../support/app.js';
import { binaryBody } from '../support/binary-body.js';
import { campaign, cluster, units } from '../support/fixtures.js';
import { expectRefusal, logHead } from '../support/refusals.js';

/**
 * Table-shaped reads as XLSX and CSV (issue 15), by `?format=` and by `Accept`: each file is read
 * back and holds the JSON's numbers to the cent, under Vietnamese headers.
 */
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
async function sheetsOf(body: Buffer): Promise<Map<string, unknown[][]>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheets = new Map<string, unknown[][]>();
  workbook.eachSheet((ws) => {
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    sheets.set(ws.name, rows);
  });
  return sheets;
}

/** A Vietnamese CSV back into cells: BOM, `;` between columns, quotes doubled. */
function parseCsv(text: string): string[][] {
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 1; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted && ch === '"') quoted = false;
    else if (quoted) cell += ch;
    else if (ch === '"') quoted = true;
    else if (ch === ';') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  return rows;
}
/** `1.234,5` → 1234.5 */
const vietnameseNumber = (text: string) => Number(text.replaceAll('.', '').replace(',', '.'));

describe('exports: XLSX and CSV of the table-shaped reads (embedded store)', () => {
  let t: TestApp;
  let last = 0;
  const C = campaign.id;
  const entry = async (unitId: string, body: Record<string, unknown>) => {
    const res = await t
      .http()
      .post(`/api/campaigns/${C}/units/${unitId}/score-entries`)
      .send({ kind: 'achievement', period: '2026-03', source: 'self-assessment', reason: 'Tự chấm; "quý I"', ...body })
      .expect(201);
    last = res.body.position;
  };
  const get = (path: string) =>
    t
      .http()
      .get(`${path}${path.includes('?') ? '&' : '?'}minPosition=${last}`)
      .buffer(true)
      .parse(binaryBody);

  beforeAll(async () => {
    t = await startApp('embedded');
    for (const unit of Object.values(units)) await t.http().post('/api/units').send(unit).expect(201);
    await t.http().post('/api/campaigns').send(campaign).expect(201);
    await t.http().post(`/api/campaigns/${C}/clusters`).send(cluster).expect(201);
    await entry('ca-hau-giang', { criterionId: 'c1-1', points: '100,25' });
    await entry('ca-hau-giang', { criterionId: 'c2-1', points: 0.1 });
    await entry('ca-can-tho', { criterionId: 'c1-1', points: 99.99 });
    await entry('ca-soc-trang', { kind: 'bonus', criterionId: undefined, points: 7.5, source: 'ministry', reason: 'Phá án' });
    await t
      .http()
      .post('/api/commendations')
      .send({
        id: 'gk-1',
        form: 'certificate-of-merit',
        authority: 'unit-head',
        recipient: { kind: 'collective', id: 'ca-hau-giang' },
        decisionNo: '1/QĐ',
        decidedOn: '2026-05-01',
        amountVnd: 1_800_000,
      })
      .expect(201);
    await logHead(t);
  });
  afterAll(async () => t?.close());

  it('the ranking as XLSX: the JSON rows under Vietnamese headers, numbers exact', async () => {
    const json = (await t.http().get(`/api/campaigns/${C}/clusters/cum-9/ranking?minPosition=${last}`).expect(200)).body;
    const res = await get(`/api/campaigns/${C}/clusters/cum-9/ranking?format=xlsx`).expect(200);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="xep-hang-vi-an-ninh-to-quoc-2026-cum-9-\d+\.xlsx"$/);
    const [sheet] = [...(await sheetsOf(res.body as Buffer)).values()];
    expect(sheet[0]).toEqual(expect.arrayContaining(['Hạng', 'Mã đơn vị', 'Tên đơn vị', 'Tổng điểm', 'Điểm thưởng', 'Điểm liệt']));
    const header = sheet[0] as string[];
    const rows = sheet.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
    expect(rows.map((r) => [r['Hạng'], r['Mã đơn vị'], r['Tổng điểm'], r['Điểm thưởng']])).toEqual(
      json.rows.map((r: { rank: number; unitId: string; total: number; bonus: number }) => [r.rank, r.unitId, r.total, r.bonus]),
    );
    expect(rows[0]['Tổng điểm']).toBe(100.35);
  });

  it('the audit trail as CSV by Accept: text/csv, with BOM, `;`, Vietnamese numbers and dates, quotes kept', async () => {
    const json = (await t.http().get(`/api/campaigns/${C}/units/ca-hau-giang/audit?minPosition=${last}`).expect(200)).body;
    const res = await get(`/api/campaigns/${C}/units/ca-hau-giang/audit`).set('Accept', 'text/csv').expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    // Its own tag, not the JSON's.
    const jsonTag = (await t.http().get(`/api/campaigns/${C}/units/ca-hau-giang/audit?minPosition=${last}`).expect(200)).headers.etag;
    expect(res.headers.etag).toMatch(/^"csv-/);
    expect(res.headers.etag).not.toBe(jsonTag);
    expect(res.headers.vary).toMatch(/Accept/);
    const [header, ...rows] = parseCsv((res.body as Buffer).toString('utf8'));
    expect(header.slice(0, 3)).toEqual(['Vị trí', 'Thời điểm ghi', 'Người ghi']);
    const at = (name: string) => header.indexOf(name);
    expect(rows.map((r) => vietnameseNumber(r[at('Điểm')]))).toEqual(json.events.map((e: { points: number }) => e.points));
    expect(rows[0][at('Điểm')]).toBe('100,25');
    expect(rows[0][at('Lý do')]).toBe('Tự chấm; "quý I"');
    expect(rows[0][at('Thời điểm ghi')]).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
    expect(rows.map((r) => vietnameseNumber(r[at('Tổng sau')]))).toEqual(json.events.map((e: { runningTotal: number }) => e.runningTotal));
  });

  it('the scorecard as three sheets; the register and pledge progress as one each', async () => {
    const scorecard = await sheetsOf((await get(`/api/campaigns/${C}/units/ca-hau-giang/scorecard?format=xlsx`).expect(200)).body as Buffer);
    expect([...scorecard.keys()]).toEqual(['Tiêu chí', 'Nhóm tiêu chí', 'Tổng hợp']);
    expect(scorecard.get('Tổng hợp')).toContainEqual(['Tổng điểm', 100.35]);
    const register = await sheetsOf((await get('/api/commendations/register?groupBy=form,authority&format=xlsx').expect(200)).body as Buffer);
    expect(register.get('Sổ khen thưởng')).toEqual([
      ['Hình thức', 'Cấp khen', 'Số lượng', 'Tiền thưởng (đồng)'],
      ['Giấy khen', 'Thủ trưởng đơn vị', 1, 1_800_000],
    ]);
    const pledges = parseCsv(((await get(`/api/campaigns/${C}/pledges/progress?format=csv`).expect(200)).body as Buffer).toString('utf8'));
    expect(pledges[0][0]).toBe('Mã giao ước');
  });

  it('refuses a format a read does not have, naming format; Accept alone falls back to JSON', async () => {
    await expectRefusal(t, () => t.http().get('/api/units/ca-hau-giang?format=csv'), 400, 'invalid-request', 'format');
    await expectRefusal(t, () => t.http().get(`/api/campaigns/${C}/clusters/cum-9/ranking?format=pdf`), 400, 'invalid-request', 'format');
    const unit = await t.http().get('/api/units/ca-hau-giang').set('Accept', 'text/csv').expect(200);
    expect(unit.headers['content-type']).toMatch(/application\/json/);
  });
});
