import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { startApp, type TestApp } from '../support/app.js';
import { storeKinds } from '../support/databases.js';
import { units } from '../support/fixtures.js';
import { expectRefusal } from '../support/refusals.js';

/**
 * The register as a sổ khen thưởng (issue 15): counted by achievement year unless asked by decision
 * year, grouped by title too, each row with the decisions behind it; the XLSX carries them as a sheet.
 */
describe.each(storeKinds('register book'))('the register as a sổ khen thưởng (%s store)', (kind) => {
  let t: TestApp;
  let last = 0;
  const officer = { id: 'hg-le-van-tam', fullName: 'Lê Văn Tâm', rank: 'Đại úy', unitId: 'ca-hau-giang' };
  const register = async (query: string) => (await t.http().get(`/api/commendations/register?minPosition=${last}&${query}`).expect(200)).body;

  beforeAll(async () => {
    t = await startApp(kind);
    for (const unit of [units.ministry, units.hauGiang]) await t.http().post('/api/units').send(unit).expect(201);
    await t.http().post('/api/officers').send(officer).expect(201);
    const decide = async (body: Record<string, unknown>) => {
      last = (await t.http().post('/api/commendations').send(body).expect(201)).body.position;
    };
    // The 2025 CSTT, decided in January 2026; a 2026 certificate.
    await decide({
      id: 'qd-cstt-tam-2025',
      form: 'emulation-title',
      authority: 'unit-head',
      title: 'Chiến sĩ tiên tiến',
      recipient: { kind: 'individual', id: officer.id },
      decisionNo: '12/QĐ-CAHG',
      decidedOn: '2026-01-15',
      achievementPeriod: { from: '2025-01-01', to: '2025-12-31' },
    });
    await decide({
      id: 'gk-hg-2026',
      form: 'certificate-of-merit',
      authority: 'unit-head',
      recipient: { kind: 'collective', id: 'ca-hau-giang' },
      decisionNo: '80/QĐ-CAHG',
      decidedOn: '2026-05-20',
      amountVnd: 1_800_000,
    });
  });
  afterAll(async () => t?.close());

  it('counts by achievement year (the 2025 title decided in January 2026 is 2025s), or by decision year when asked', async () => {
    expect((await register('unitId=ca-hau-giang&year=2025')).total).toEqual({ count: 1, amountVnd: 0 });
    expect((await register('unitId=ca-hau-giang&year=2026')).total).toEqual({ count: 1, amountVnd: 1_800_000 });
    const byDecision = await register('unitId=ca-hau-giang&year=2026&yearBasis=decision');
    expect(byDecision).toMatchObject({ yearBasis: 'decision', total: { count: 2, amountVnd: 1_800_000 } });
    await expectRefusal(t, () => t.http().get('/api/commendations/register?yearBasis=nam'), 400, 'invalid-request', 'yearBasis');
  });

  it('groups by title, each row with the decisions behind it: number, date, recipient and unit by name, title, money', async () => {
    const book = await register('unitId=ca-hau-giang&groupBy=form,title&decisions=true');
    // In the order of the law's list of forms: Giấy khen before the emulation titles.
    expect(book.rows).toEqual([
      expect.objectContaining({
        form: 'certificate-of-merit',
        title: null,
        count: 1,
        amountVnd: 1_800_000,
        decisions: [
          expect.objectContaining({ decisionNo: '80/QĐ-CAHG', amountVnd: 1_800_000, recipient: expect.objectContaining({ name: 'Công an tỉnh Hậu Giang' }) }),
        ],
      }),
      expect.objectContaining({
        form: 'emulation-title',
        title: 'chien-si-tien-tien',
        titleLabel: 'Chiến sĩ tiên tiến',
        count: 1,
        decisions: [
          expect.objectContaining({
            decisionNo: '12/QĐ-CAHG',
            decidedOn: '2026-01-15',
            achievementYear: 2025,
            recipient: { kind: 'individual', id: officer.id, name: 'Lê Văn Tâm' },
            unit: { unitId: 'ca-hau-giang', name: 'Công an tỉnh Hậu Giang' },
            titleLabel: 'Chiến sĩ tiên tiến',
          }),
        ],
      }),
    ]);
  });

  it('the XLSX has the decisions as a second sheet', async () => {
    const res = await t
      .http()
      .get(`/api/commendations/register?minPosition=${last}&unitId=ca-hau-giang&groupBy=form&decisions=true&format=xlsx`)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Quyết định')!;
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0]).toEqual(expect.arrayContaining(['Số quyết định', 'Người/đơn vị được khen', 'Tiền thưởng (đồng)']));
    expect(rows.slice(1).map((r) => r[1])).toEqual(['80/QĐ-CAHG', '12/QĐ-CAHG']);
  });
});
