import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from '../support/app.js';
import { storeKinds } from '../support/databases.js';
import { units as fixtureUnits } from '../support/fixtures.js';
import { expectRefusal } from '../support/refusals.js';

/**
 * The register and the CSTĐCS quota count the unit as it stood at the end of the achievement year (issue 13): an officer
 * transferred in 2026 still counts for the old unit in 2025; a unit moved in 2026 still counts under its 2025 parent.
 */
const pc02 = { id: 'pc02-hai-phong', name: 'Phòng Cảnh sát hình sự, CATP Hải Phòng', kind: 'department', parentId: 'ca-hai-phong' };
const an = { id: 'hp-nguyen-van-an', fullName: 'Nguyễn Văn An', rank: 'Trung tá', unitId: 'ca-hai-phong' };
const binh = { id: 'hp-le-thi-binh', fullName: 'Lê Thị Bình', rank: 'Thiếu tá', unitId: 'ca-hai-phong' };
const dung = { id: 'pc02-tran-van-dung', fullName: 'Trần Văn Dũng', rank: 'Đại úy', unitId: 'pc02-hai-phong' };

const titleOf = (officerId: string, code: string, year: number, extra: Record<string, unknown> = {}) => ({
  id: `qd-${code}-${officerId}-${year}`,
  form: 'emulation-title',
  authority: 'unit-head',
  recipient: { kind: 'individual', id: officerId },
  title: code,
  decisionNo: `${officerId}/${year}/QĐ`,
  decidedOn: `${year}-12-20`,
  achievementPeriod: { from: `${year}-01-01`, to: `${year}-12-31` },
  ...extra,
});
const certificate = (id: string, kind: 'individual' | 'collective', recipientId: string, decidedOn: string, amountVnd: number) => ({
  id,
  form: 'certificate-of-merit',
  authority: 'unit-head',
  recipient: { kind, id: recipientId },
  decisionNo: `${id.toUpperCase()}/QĐ`,
  decidedOn,
  amountVnd,
});

type Row = { form: string; count: number; amountVnd: number };
const byForm = (rows: Row[]) => Object.fromEntries(rows.map((r) => [r.form, [r.count, r.amountVnd]]));

describe.each(storeKinds('register by achievement year'))('register and quota by the unit of the achievement year (%s store)', (kind) => {
  let t: TestApp;
  let last = 0;
  const write = async (path: string, body: Record<string, unknown>) => {
    const res = await t.http().post(path).send(body).expect(201);
    last = Math.max(last, res.body.position ?? 0);
    return res;
  };
  const register = (query: string) => t.http().get(`/api/commendations/register?minPosition=${last}&${query}`).expect(200);

  beforeAll(async () => {
    t = await startApp(kind);
    for (const unit of [fixtureUnits.ministry, fixtureUnits.haiPhong, fixtureUnits.hauGiang, pc02]) await write('/api/units', unit);
    for (const officer of [an, binh, dung]) await write('/api/officers', officer);
    await write('/api/conferral-parameters', { year: 2025, cstdcsShareOfCstt: '0.5' });
    await write('/api/commendations', titleOf(an.id, 'chien-si-tien-tien', 2025));
    await write('/api/commendations', titleOf(binh.id, 'chien-si-tien-tien', 2025));
    await write('/api/commendations', certificate('gk-an-2025', 'individual', an.id, '2025-12-20', 300_000));
    await write('/api/commendations', certificate('gk-pc02-2025', 'collective', pc02.id, '2025-12-20', 600_000));
    await write('/api/commendations', certificate('gk-dung-2025', 'individual', dung.id, '2025-12-20', 300_000));
    // 2026: An is transferred to Hậu Giang, the department moved under it.
    await write(`/api/officers/${an.id}/transfers`, { unitId: 'ca-hau-giang', effectiveOn: '2026-02-01' });
    await write(`/api/units/${pc02.id}/moves`, { parentId: 'ca-hau-giang', effectiveOn: '2026-03-01' });
    await write('/api/commendations', certificate('gk-an-2026', 'individual', an.id, '2026-06-01', 400_000));
    await write('/api/commendations', certificate('gk-pc02-2026', 'collective', pc02.id, '2026-06-01', 700_000));
  });
  afterAll(async () => t?.close());

  it('the CSTĐCS quota of 2025 counts the transferred officer for his 2025 unit', async () => {
    // Hải Phòng had two CSTT holders in 2025 (An, transferred since, and Bình): half of 2 is 1 CSTĐCS.
    const granted = await write('/api/commendations', titleOf(binh.id, 'chien-si-thi-dua-co-so', 2025, { initiativeRef: 'SK-1/2025' }));
    const decision = await t.http().get(`/api/commendations/qd-chien-si-thi-dua-co-so-${binh.id}-2025?minPosition=${granted.body.position}`).expect(200);
    expect(decision.body.quotaSlots).toEqual(['quota:chien-si-thi-dua-co-so:ca-hai-phong:2025:1']);
    // An's own 2025 CSTĐCS is judged on Hải Phòng's 2025 quota (now full), not on Hậu Giang's.
    const refused = await expectRefusal(
      t,
      () =>
        t
          .http()
          .post('/api/commendations')
          .send(titleOf(an.id, 'chien-si-thi-dua-co-so', 2025, { initiativeRef: 'SK-2/2025' })),
      422,
      'quota-exceeded',
      'title',
    );
    expect(refused.body).toMatchObject({ unitId: 'ca-hai-phong', year: 2025, limit: 1, inForce: 1, csttHolders: 2 });
  });

  it('the 2025 register counts the transferred officer under his 2025 unit, the 2026 register under the new one', async () => {
    const old2025 = await register('unitId=ca-hai-phong&year=2025&groupBy=form');
    expect(byForm(old2025.body.rows)).toEqual({ 'emulation-title': [3, 0], 'certificate-of-merit': [1, 300_000] });
    const new2025 = await register('unitId=ca-hau-giang&year=2025');
    expect(new2025.body.total).toEqual({ count: 0, amountVnd: 0 });
    const new2026 = await register('unitId=ca-hau-giang&year=2026');
    expect(new2026.body.total).toEqual({ count: 1, amountVnd: 400_000 });
    const old2026 = await register('unitId=ca-hai-phong&year=2026');
    expect(old2026.body.total).toEqual({ count: 0, amountVnd: 0 });
  });

  it("a unit moved in 2026 still counts under its 2025 parent in the 2025 register of the parent's subtree", async () => {
    const old2025 = await register('unitId=ca-hai-phong&includeSubunits=true&year=2025&groupBy=form');
    expect(byForm(old2025.body.rows)).toEqual({ 'emulation-title': [3, 0], 'certificate-of-merit': [3, 1_200_000] });
    const new2025 = await register('unitId=ca-hau-giang&includeSubunits=true&year=2025');
    expect(new2025.body.total).toEqual({ count: 0, amountVnd: 0 });
    const new2026 = await register('unitId=ca-hau-giang&includeSubunits=true&year=2026');
    expect(new2026.body.total).toEqual({ count: 2, amountVnd: 1_100_000 });
    const old2026 = await register('unitId=ca-hai-phong&includeSubunits=true&year=2026');
    expect(old2026.body.total).toEqual({ count: 0, amountVnd: 0 });
    // Without a year, each award is placed by its own year.
    const all = await register('unitId=ca-hai-phong&includeSubunits=true');
    expect(all.body.total).toEqual({ count: 6, amountVnd: 1_200_000 });
  });
});

/**
 * A unit merged within the achievement year (issue 13): Thái Bình's officers, carried to Hưng Yên on
 * 1 July 2025, stand in Hưng Yên at the end of 2025, so Hưng Yên's 2025 CSTĐCS quota counts their
 * CSTT and its 2025 register lists their titles; Thái Bình's own collective award stays its own.
 */
describe.each(storeKinds('quota after a merge'))('quota and register of a year with a merge (%s store)', (kind) => {
  let t: TestApp;
  let last = 0;
  const write = async (path: string, body: Record<string, unknown>) => {
    const res = await t.http().post(path).send(body).expect(201);
    last = Math.max(last, res.body.position ?? 0);
    return res;
  };
  const province = (id: string, name: string) => ({ id, name, kind: 'province', parentId: 'bo-cong-an' });
  const officer = (id: string, fullName: string, unitId: string) => ({ id, fullName, rank: 'Thiếu tá', unitId });

  beforeAll(async () => {
    t = await startApp(kind);
    await write('/api/units', fixtureUnits.ministry);
    await write('/api/units', province('ca-hung-yen', 'Công an tỉnh Hưng Yên'));
    await write('/api/units', province('ca-thai-binh', 'Công an tỉnh Thái Bình'));
    await write('/api/officers', officer('tb-pham-van-hai', 'Phạm Văn Hải', 'ca-thai-binh'));
    await write('/api/officers', officer('tb-vu-thi-lan', 'Vũ Thị Lan', 'ca-thai-binh'));
    await write('/api/officers', officer('hy-do-van-minh', 'Đỗ Văn Minh', 'ca-hung-yen'));
    await write('/api/conferral-parameters', { year: 2025, cstdcsShareOfCstt: '0.5' });
    await write('/api/commendations', certificate('gk-thai-binh-2025', 'collective', 'ca-thai-binh', '2025-05-20', 500_000));
    await write('/api/units/ca-thai-binh/merge', { successorId: 'ca-hung-yen', effectiveOn: '2025-07-01' });
    for (const id of ['tb-pham-van-hai', 'tb-vu-thi-lan', 'hy-do-van-minh']) await write('/api/commendations', titleOf(id, 'chien-si-tien-tien', 2025));
  });
  afterAll(async () => t?.close());

  it("Hưng Yên's 2025 CSTĐCS quota counts the CSTT of the officers Thái Bình brought (half of 3 is 1)", async () => {
    const granted = await write('/api/commendations', titleOf('tb-pham-van-hai', 'chien-si-thi-dua-co-so', 2025, { initiativeRef: 'SK-1/2025' }));
    const decision = await t.http().get(`/api/commendations/qd-chien-si-thi-dua-co-so-tb-pham-van-hai-2025?minPosition=${granted.body.position}`).expect(200);
    expect(decision.body.quotaSlots).toEqual(['quota:chien-si-thi-dua-co-so:ca-hung-yen:2025:1']);
    const refused = await expectRefusal(
      t,
      () =>
        t
          .http()
          .post('/api/commendations')
          .send(titleOf('hy-do-van-minh', 'chien-si-thi-dua-co-so', 2025, { initiativeRef: 'SK-2/2025' })),
      422,
      'quota-exceeded',
      'title',
    );
    expect(refused.body).toMatchObject({ unitId: 'ca-hung-yen', year: 2025, limit: 1, inForce: 1, csttHolders: 3 });
  });

  it("the 2025 register lists the carried officers' titles under Hưng Yên; Thái Bình keeps its own collective award", async () => {
    const hungYen = await t.http().get(`/api/commendations/register?minPosition=${last}&unitId=ca-hung-yen&year=2025&groupBy=form`).expect(200);
    expect(byForm(hungYen.body.rows)).toEqual({ 'emulation-title': [4, 0] });
    const thaiBinh = await t.http().get(`/api/commendations/register?minPosition=${last}&unitId=ca-thai-binh&year=2025&groupBy=form`).expect(200);
    expect(byForm(thaiBinh.body.rows)).toEqual({ 'certificate-of-merit': [1, 500_000] });
  });
});
