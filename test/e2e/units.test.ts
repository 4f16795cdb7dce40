import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from '../support/app.js';
import { storeKinds } from '../support/databases.js';
import { units } from '../support/fixtures.js';

/** Hải Dương's district police moved under Hải Phòng (the 2025 merger), as a re-parent. */
const haiDuong = { id: 'ca-hai-duong', name: 'Công an tỉnh Hải Dương', kind: 'province', parentId: 'bo-cong-an' };
const districts = [
  { id: 'ca-tp-hai-duong', name: 'Công an thành phố Hải Dương', kind: 'district', parentId: 'ca-hai-duong' },
  { id: 'ca-huyen-kinh-mon', name: 'Công an thị xã Kinh Môn', kind: 'district', parentId: 'ca-hai-duong' },
  { id: 'ca-huyen-thanh-ha', name: 'Công an huyện Thanh Hà', kind: 'district', parentId: 'ca-hai-duong' },
];
const commune = { id: 'ca-xa-thanh-hong', name: 'Công an xã Thanh Hồng', kind: 'commune', parentId: 'ca-huyen-thanh-ha' };
const brief = (u: { id: string; name: string; kind: string }) => ({ unitId: u.id, name: u.name, kind: u.kind });

describe.each(storeKinds('units'))('GET /api/units/:id (%s store)', (kind) => {
  let t: TestApp;
  let beforeMove = 0;
  let last = 0;
  const register = (body: object) =>
    t
      .http()
      .post('/api/units')
      .send(body)
      .expect(201)
      .then((res) => (last = res.body.position));

  beforeAll(async () => {
    t = await startApp(kind);
    for (const unit of [units.ministry, units.haiPhong, haiDuong, ...districts, commune]) await register(unit);
    beforeMove = last;
    const moved = await t.http().post('/api/units/ca-huyen-thanh-ha/moves').send({ parentId: 'ca-hai-phong', effectiveOn: '2025-07-01' }).expect(201);
    last = moved.body.position;
  });
  afterAll(async () => t?.close());

  it('shows a unit with its parent chain up to the root and its children, as it stands now', async () => {
    const res = await t.http().get(`/api/units/ca-xa-thanh-hong?minPosition=${last}`).expect(200);
    expect(res.body).toEqual({
      unitId: 'ca-xa-thanh-hong',
      name: commune.name,
      kind: 'commune',
      parentId: 'ca-huyen-thanh-ha',
      establishedOn: null,
      status: 'active',
      parentChain: [brief(districts[2]), brief(units.haiPhong), brief(units.ministry)],
      children: [],
      on: null,
      asOf: { position: expect.any(Number), recordedAt: expect.any(String) },
    });
    expect(res.body.asOf.position).toBeGreaterThanOrEqual(last);

    const root = await t.http().get(`/api/units/bo-cong-an?minPosition=${last}`).expect(200);
    expect(root.body).toMatchObject({ parentId: null, parentChain: [], children: [brief(haiDuong), brief(units.haiPhong)] });
  });

  it('shows the new parent and children after a move, the old ones as of before it', async () => {
    const now = await t.http().get(`/api/units/ca-huyen-thanh-ha?minPosition=${last}`).expect(200);
    expect(now.body).toMatchObject({ parentId: 'ca-hai-phong', parentChain: [brief(units.haiPhong), brief(units.ministry)], children: [brief(commune)] });
    const then = await t.http().get(`/api/units/ca-huyen-thanh-ha?asOf=${beforeMove}`).expect(200);
    expect(then.body).toMatchObject({
      parentId: 'ca-hai-duong',
      parentChain: [brief(haiDuong), brief(units.ministry)],
      children: [brief(commune)],
      asOf: { position: beforeMove },
    });

    const oldParentNow = await t.http().get(`/api/units/ca-hai-duong?minPosition=${last}`).expect(200);
    expect(oldParentNow.body.children).toEqual([brief(districts[1]), brief(districts[0])]);
    const oldParentThen = await t.http().get(`/api/units/ca-hai-duong?asOf=${beforeMove}`).expect(200);
    expect(oldParentThen.body.children).toEqual([brief(districts[1]), brief(districts[2]), brief(districts[0])]);

    const newParentNow = await t.http().get(`/api/units/ca-hai-phong?minPosition=${last}`).expect(200);
    expect(newParentNow.body.children).toEqual([brief(districts[2])]);
    const newParentThen = await t.http().get(`/api/units/ca-hai-phong?asOf=${beforeMove}`).expect(200);
    expect(newParentThen.body.children).toEqual([]);
  });

  it('reads as of an ISO timestamp too', async () => {
    const res = await t
      .http()
      .get(`/api/units/ca-huyen-thanh-ha?asOf=${encodeURIComponent(new Date().toISOString())}&minPosition=${last}`)
      .expect(200);
    expect(res.body.parentId).toBe('ca-hai-phong');
  });

  it('answers 404 for a unit unknown, or not yet registered at asOf; 400 for a bad id or asOf', async () => {
    expect((await t.http().get('/api/units/ca-khong-co').expect(404)).body.code).toBe('unit-not-found');
    const events = await t.http().get('/api/events?limit=1000').expect(200);
    const communeRegistered = events.body.events.find((e: { streamId: string }) => e.streamId === `unit:${commune.id}`).position;
    await t
      .http()
      .get(`/api/units/${commune.id}?asOf=${communeRegistered - 1}`)
      .expect(404);
    await t.http().get(`/api/units/${commune.id}?asOf=${communeRegistered}`).expect(200);
    expect((await t.http().get('/api/units/Bad%20Id').expect(400)).body.errors[0].field).toBe('id');
    expect((await t.http().get('/api/units/bo-cong-an?asOf=hom-qua').expect(400)).body.errors[0].field).toBe('asOf');
  });

  it('reads the tree on a business date: the move effective 2025-07-01 counts from that day, whenever it was recorded', async () => {
    const before = await t.http().get(`/api/units/ca-huyen-thanh-ha?on=2025-06-30&minPosition=${last}`).expect(200);
    expect(before.body).toMatchObject({ parentId: 'ca-hai-duong', on: '2025-06-30', parentChain: [brief(haiDuong), brief(units.ministry)] });
    const from = await t.http().get(`/api/units/ca-huyen-thanh-ha?on=2025-07-01&minPosition=${last}`).expect(200);
    expect(from.body).toMatchObject({ parentId: 'ca-hai-phong', on: '2025-07-01' });
    // Both clocks: on 2025-07-01 as recorded before the move was.
    const known = await t.http().get(`/api/units/ca-huyen-thanh-ha?on=2025-07-01&asOf=${beforeMove}`).expect(200);
    expect(known.body.parentId).toBe('ca-hai-duong');
    const oldParent = await t.http().get(`/api/units/ca-hai-duong?on=2025-06-30&minPosition=${last}`).expect(200);
    expect(oldParent.body.children.map((c: { unitId: string }) => c.unitId)).toContain('ca-huyen-thanh-ha');
  });

  it('a unit registered later without establishedOn stands on earlier dates too; with establishedOn, not before it', async () => {
    const hyVanLam = await t
      .http()
      .post('/api/units')
      .send({ id: 'hy-van-lam', name: 'Công an huyện Văn Lâm', kind: 'district', parentId: 'ca-hai-phong' })
      .expect(201);
    const res = await t.http().get(`/api/units/hy-van-lam?on=2025-02-28&minPosition=${hyVanLam.body.position}`).expect(200);
    expect(res.body).toMatchObject({ unitId: 'hy-van-lam', establishedOn: null, parentId: 'ca-hai-phong' });
    const established = await t
      .http()
      .post('/api/units')
      .send({ id: 'ca-xa-moi', name: 'Công an xã Mới', kind: 'commune', parentId: 'ca-hai-phong', establishedOn: '2025-07-01' })
      .expect(201);
    await t.http().get(`/api/units/ca-xa-moi?on=2025-06-30&minPosition=${established.body.position}`).expect(404);
    expect((await t.http().get('/api/units/ca-xa-moi?on=2025-07-01').expect(200)).body.establishedOn).toBe('2025-07-01');
    expect((await t.http().get('/api/units/bo-cong-an?on=2025-02-30').expect(400)).body.errors[0].field).toBe('on');
  });

  it('the current parent is the one of the latest effective date: a back-dated move recorded later does not become current', async () => {
    const backDated = await t.http().post('/api/units/ca-huyen-thanh-ha/moves').send({ parentId: 'ca-hai-duong', effectiveOn: '2024-01-01' });
    // On 2024-01-01 it was under ca-hai-duong already: nothing to move.
    expect([backDated.status, backDated.body.code]).toEqual([422, 'unit-already-under-parent']);
    const moved = await t.http().post('/api/units/ca-huyen-kinh-mon/moves').send({ parentId: 'ca-hai-phong', effectiveOn: '2025-07-01' }).expect(201);
    const back = await t.http().post('/api/units/ca-huyen-kinh-mon/moves').send({ parentId: 'ca-hai-duong', effectiveOn: '2024-06-01' });
    expect([back.status, back.body.code]).toEqual([422, 'unit-already-under-parent']);
    const earlier = await t.http().post('/api/units/ca-huyen-kinh-mon/moves').send({ parentId: 'ca-hai-phong', effectiveOn: '2024-06-01' }).expect(201);
    const backAgain = await t.http().post('/api/units/ca-huyen-kinh-mon/moves').send({ parentId: 'ca-hai-duong', effectiveOn: '2025-01-01' }).expect(201);
    expect(backAgain.body.position).toBeGreaterThan(moved.body.position);
    const now = await t.http().get(`/api/units/ca-huyen-kinh-mon?minPosition=${backAgain.body.position}`).expect(200);
    expect(now.body.parentId).toBe('ca-hai-phong');
    const on = async (date: string) => (await t.http().get(`/api/units/ca-huyen-kinh-mon?on=${date}`).expect(200)).body.parentId;
    expect([await on('2024-05-31'), await on('2024-06-01'), await on('2025-01-01'), await on('2025-07-01')]).toEqual([
      'ca-hai-duong',
      'ca-hai-phong',
      'ca-hai-duong',
      'ca-hai-phong',
    ]);
    expect(earlier.status).toBe(201);
  });
});
