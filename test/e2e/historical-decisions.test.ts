import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from '../support/app.js';
import { storeKinds } from '../support/databases.js';
import { units } from '../support/fixtures.js';
import { expectRefusal } from '../support/refusals.js';

/**
 * Historical decisions (issue 15): a province's CSTĐCS of 2021-2023, recorded from its books, cannot
 * pass the chain and quota rules on what the ledger knows of those years (nothing); recorded as
 * historical they carry those refusals as warnings, and a new 2024 CSTĐ Bộ rests its chain on them.
 * Authority and one achievement, one award still hold.
 */
describe.each(storeKinds('historical decisions'))('historical decisions (%s store)', (kind) => {
  let t: TestApp;
  let last = 0;
  const officer = { id: 'hp-pham-thi-hoa', fullName: 'Phạm Thị Hoa', rank: 'Trung tá', unitId: 'ca-hai-phong' };
  const source = (year: number) => ({
    document: `Sổ khen thưởng CATP Hải Phòng năm ${year}`,
    page: String(year - 2000),
    fileRef: `scan/${year}/so-khen-thuong.pdf`,
  });
  const title = (code: string, year: number, extra: Record<string, unknown> = {}) => ({
    id: `qd-${code}-${year}`,
    form: 'emulation-title',
    authority: code === 'chien-si-thi-dua-bo' ? 'minister' : 'unit-head',
    recipient: { kind: 'individual', id: officer.id },
    title: code,
    decisionNo: `${year}/QĐ-CAHP`,
    decidedOn: `${year + 1}-01-10`,
    achievementPeriod: { from: `${year}-01-01`, to: `${year}-12-31` },
    ...extra,
  });
  const post = (body: Record<string, unknown>) => () => t.http().post('/api/commendations').send(body);
  const read = async (id: string) => (await t.http().get(`/api/commendations/${id}?minPosition=${last}`).expect(200)).body;

  beforeAll(async () => {
    t = await startApp(kind);
    for (const unit of [units.ministry, units.haiPhong]) await t.http().post('/api/units').send(unit).expect(201);
    await t.http().post('/api/officers').send(officer).expect(201);
  });
  afterAll(async () => t?.close());

  it('as a new decision, the 2021 CSTĐCS is refused: the ledger knows no CSTT of 2021 (nothing written)', async () => {
    await expectRefusal(t, post(title('chien-si-thi-dua-co-so', 2021)), 422, 'title-chain-incomplete', 'title');
  });

  it('recorded as historical, each year goes in with its source and the refusal kept as a warning', async () => {
    for (const year of [2021, 2022, 2023]) {
      const res = await t
        .http()
        .post('/api/commendations')
        .send(title('chien-si-thi-dua-co-so', year, { recordedAs: 'historical', source: source(year) }))
        .expect(201);
      last = res.body.position;
    }
    const decision = await read('qd-chien-si-thi-dua-co-so-2021');
    expect(decision).toMatchObject({
      recordedAs: 'historical',
      source: { document: 'Sổ khen thưởng CATP Hải Phòng năm 2021', page: '21', fileRef: 'scan/2021/so-khen-thuong.pdf' },
      warnings: [{ code: 'title-chain-incomplete', field: 'title' }],
      quotaSlots: [],
      status: 'active',
    });
    expect(decision.warnings[0].detail).toMatch(/chien-si-tien-tien in 2021/);
  });

  it('a new 2024 CSTĐ Bộ passes its chain on them, resting on the three; a 2025 one is still refused (2024 missing)', async () => {
    const res = await t.http().post('/api/commendations').send(title('chien-si-thi-dua-bo', 2024)).expect(201);
    last = res.body.position;
    expect((await read('qd-chien-si-thi-dua-bo-2024')).restsOn).toEqual([
      'qd-chien-si-thi-dua-co-so-2021',
      'qd-chien-si-thi-dua-co-so-2022',
      'qd-chien-si-thi-dua-co-so-2023',
    ]);
    const refused = await expectRefusal(t, post(title('chien-si-thi-dua-bo', 2025)), 422, 'title-chain-incomplete', 'title');
    expect(refused.body.missing).toEqual([{ requirement: 'title', title: 'chien-si-thi-dua-co-so', years: [2024] }]);
  });

  it('the register counts them, saying how many are historical and how many carry warnings', async () => {
    const register = await t.http().get(`/api/commendations/register?minPosition=${last}&unitId=ca-hai-phong&groupBy=form`).expect(200);
    expect(register.body.rows).toEqual([expect.objectContaining({ form: 'emulation-title', count: 4, historical: 3, withWarnings: 3 })]);
  });

  it('still checks the source, the authority, and one achievement, one award', async () => {
    await expectRefusal(t, post(title('chien-si-thi-dua-co-so', 2020, { recordedAs: 'historical' })), 400, 'invalid-request', 'source');
    await expectRefusal(
      t,
      post(title('chien-si-thi-dua-co-so', 2020, { recordedAs: 'historical', source: { document: ' ' } })),
      422,
      'source-required',
      'source.document',
    );
    await expectRefusal(
      t,
      post({ ...title('chien-si-thi-dua-bo', 2020, { recordedAs: 'historical', source: source(2020) }), authority: 'unit-head' }),
      422,
      'authority-too-low',
      'authority',
    );
    const once = { recordedAs: 'historical', source: source(2019), achievementId: 'thanh-tich-hoa-2019' };
    await t
      .http()
      .post('/api/commendations')
      .send(title('chien-si-tien-tien', 2019, once))
      .expect(201);
    await expectRefusal(t, post({ ...title('chien-si-tien-tien', 2019, once), id: 'qd-lap-2019' }), 422, 'achievement-already-awarded', 'achievementId');
  });
});
