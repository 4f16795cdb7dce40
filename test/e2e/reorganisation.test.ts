import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from '../support/app.js';
import { storeKinds } from '../support/databases.js';
import { expectRefusal } from '../support/refusals.js';
import { expectWritten } from '../support/writes.js';

/**
 * The 2025 reorganisation on two provinces: district police abolished on 1 March 2025 (the
 * communes move up to the province, the districts dissolved), then Hưng Yên and Thái Bình merged
 * into Hưng Yên on 1 July 2025. Every step recorded after the fact, as an office would.
 */
const u = (id: string, name: string, kind: string, parentId?: string) => ({ id, name, kind, ...(parentId ? { parentId } : {}) });
const UNITS = [
  u('bo-cong-an', 'Bộ Công an', 'ministry'),
  u('ca-hung-yen', 'Công an tỉnh Hưng Yên', 'province', 'bo-cong-an'),
  u('ca-thai-binh', 'Công an tỉnh Thái Bình', 'province', 'bo-cong-an'),
  u('ca-huyen-van-lam', 'Công an huyện Văn Lâm', 'district', 'ca-hung-yen'),
  u('ca-xa-lac-dao', 'Công an xã Lạc Đạo', 'commune', 'ca-huyen-van-lam'),
  u('ca-xa-dinh-du', 'Công an xã Đình Dù', 'commune', 'ca-huyen-van-lam'),
  u('ca-huyen-vu-thu', 'Công an huyện Vũ Thư', 'district', 'ca-thai-binh'),
  u('ca-xa-vu-hoi', 'Công an xã Vũ Hội', 'commune', 'ca-huyen-vu-thu'),
  u('pc02-thai-binh', 'Phòng Cảnh sát hình sự, CA tỉnh Thái Bình', 'division', 'ca-thai-binh'),
];
const OFFICERS = [
  { id: 'cb-nguyen-van-an', fullName: 'Nguyễn Văn An', rank: 'Thiếu tá', unitId: 'ca-huyen-van-lam' },
  { id: 'cb-tran-thi-binh', fullName: 'Trần Thị Bình', rank: 'Đại úy', unitId: 'ca-thai-binh' },
  { id: 'cb-le-van-cuong', fullName: 'Lê Văn Cường', rank: 'Trung tá', unitId: 'ca-hung-yen' },
];

interface Node {
  unitId: string;
  children: Node[];
}
/** A tree as nested ids: `{ id: { child: {} } }`. */
const shape = (node: Node): Record<string, unknown> => ({ [node.unitId]: Object.assign({}, ...node.children.map(shape)) });

describe.each(storeKinds('reorganisation'))('the 2025 reorganisation: two clocks on the unit tree (%s store)', (kind) => {
  let t: TestApp;
  let last = 0;
  const write = async (path: string, body: object) => {
    const res = await t.http().post(path).send(body);
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    last = res.body.position;
    return res;
  };
  const get = async (path: string) =>
    (
      await t
        .http()
        .get(`${path}${path.includes('?') ? '&' : '?'}minPosition=${last}`)
        .expect(200)
    ).body;
  let beforeReorganisation = 0;

  beforeAll(async () => {
    t = await startApp(kind);
    for (const unit of UNITS) await write('/api/units', unit);
    for (const officer of OFFICERS) await write('/api/officers', officer);
    beforeReorganisation = last;
  });
  afterAll(async () => t?.close());

  it('1 March: a district with communes is not dissolved without a successor (nothing written)', async () => {
    const res = await expectRefusal(
      t,
      () => t.http().post('/api/units/ca-huyen-van-lam/dissolution').send({ effectiveOn: '2025-03-01' }),
      422,
      'unit-has-members',
      'successorId',
    );
    expect(res.body.detail).toMatch(/2 subunit\(s\) and 1 officer/);
  });

  it('1 March: the districts dissolved, their communes and officers moved up to the province in the same command', async () => {
    const res = await write('/api/units/ca-huyen-van-lam/dissolution', { effectiveOn: '2025-03-01', successorId: 'ca-hung-yen' });
    expectWritten(res, 'unit:ca-huyen-van-lam', 2);
    const stream = await t.http().get('/api/streams/unit:ca-huyen-van-lam?fromVersion=2').expect(200);
    expect(stream.body.events[0]).toMatchObject({
      type: 'UnitDissolved',
      data: {
        unitId: 'ca-huyen-van-lam',
        effectiveOn: '2025-03-01',
        successorId: 'ca-hung-yen',
        movedUnitIds: ['ca-xa-dinh-du', 'ca-xa-lac-dao'],
        movedOfficerIds: ['cb-nguyen-van-an'],
      },
    });
    await write('/api/units/ca-huyen-vu-thu/dissolution', { effectiveOn: '2025-03-01', successorId: 'ca-thai-binh' });
  });

  it('refuses what breaks the unit rules, naming the field (nothing written)', async () => {
    await expectRefusal(
      t,
      () =>
        t
          .http()
          .post('/api/units')
          .send(u('ca-xa-sai', 'Công an xã Sai', 'commune', 'bo-cong-an')),
      422,
      'unit-rule-parent-kind',
      'parentId',
    );
    await expectRefusal(
      t,
      () =>
        t
          .http()
          .post('/api/units')
          .send(u('ca-tinh-goc', 'Công an tỉnh Gốc', 'province')),
      422,
      'unit-rule-root',
      'parentId',
    );
    await expectRefusal(
      t,
      () =>
        t
          .http()
          .post('/api/units')
          .send(u('bo-thu-hai', 'Bộ thứ hai', 'ministry')),
      422,
      'unit-rule-one-root',
      'parentId',
    );
    await expectRefusal(
      t,
      () => t.http().post('/api/units/ca-xa-vu-hoi/moves').send({ parentId: 'bo-cong-an', effectiveOn: '2025-04-01' }),
      422,
      'unit-rule-parent-kind',
      'parentId',
    );
    // A dissolved district takes no new units or officers.
    await expectRefusal(
      t,
      () =>
        t
          .http()
          .post('/api/units')
          .send(u('ca-xa-moi', 'Công an xã Mới', 'commune', 'ca-huyen-van-lam')),
      422,
      'unit-ended',
      'parentId',
    );
    await expectRefusal(
      t,
      () => t.http().post('/api/officers').send({ id: 'cb-moi', fullName: 'Cán bộ Mới', unitId: 'ca-huyen-vu-thu' }),
      422,
      'unit-ended',
      'unitId',
    );
  });

  it('an officer transferred from a date (back-dated, recorded later) and one retired', async () => {
    await write('/api/officers/cb-tran-thi-binh/transfers', { unitId: 'ca-hung-yen', effectiveOn: '2025-05-01' });
    await write('/api/officers/cb-le-van-cuong/retirement', { reason: 'retired', retiredOn: '2025-12-31', note: 'Nghỉ hưu theo chế độ' });
    await expectRefusal(
      t,
      () => t.http().post('/api/officers/cb-tran-thi-binh/transfers').send({ unitId: 'ca-hung-yen', effectiveOn: '2025-06-01' }),
      422,
      'officer-already-in-unit',
      'unitId',
    );
    await expectRefusal(
      t,
      () => t.http().post('/api/officers/cb-tran-thi-binh/transfers').send({ unitId: 'ca-khong-co', effectiveOn: '2025-06-01' }),
      422,
      'unit-not-found',
      'unitId',
    );
    const binh = async (on: string) => (await get(`/api/officers/cb-tran-thi-binh?on=${on}`)).unitId;
    expect([await binh('2025-04-30'), await binh('2025-05-01')]).toEqual(['ca-thai-binh', 'ca-hung-yen']);
    const cuong = await get('/api/officers/cb-le-van-cuong?on=2026-01-01');
    expect(cuong).toMatchObject({ unitId: 'ca-hung-yen', status: 'retired', retiredOn: '2025-12-31' });
    expect((await get('/api/officers/cb-le-van-cuong?on=2025-12-30')).status).toBe('serving');
    // The officer of the dissolved district went up with it.
    const an = async (on: string) => (await get(`/api/officers/cb-nguyen-van-an?on=${on}`)).unitId;
    expect([await an('2025-02-28'), await an('2025-03-01')]).toEqual(['ca-huyen-van-lam', 'ca-hung-yen']);
  });

  it('1 July: Thái Bình merged into Hưng Yên (its units and officers go with it), Hưng Yên renamed the same day', async () => {
    await expectRefusal(
      t,
      () => t.http().post('/api/units/ca-thai-binh/merge').send({ successorId: 'ca-thai-binh', effectiveOn: '2025-07-01' }),
      422,
      'unit-successor-is-itself',
      'successorId',
    );
    await expectRefusal(
      t,
      () => t.http().post('/api/units/ca-thai-binh/merge').send({ successorId: 'ca-khong-co', effectiveOn: '2025-07-01' }),
      422,
      'unit-not-found',
      'successorId',
    );
    await expectRefusal(
      t,
      () => t.http().post('/api/units/ca-thai-binh/merge').send({ successorId: 'ca-xa-vu-hoi', effectiveOn: '2025-07-01' }),
      422,
      'unit-successor-is-subunit',
      'successorId',
    );
    await expectRefusal(t, () => t.http().post('/api/units/ca-thai-binh/merge').send({ successorId: 'ca-hung-yen' }), 400, 'invalid-request', 'effectiveOn');
    const merged = await write('/api/units/ca-thai-binh/merge', { successorId: 'ca-hung-yen', effectiveOn: '2025-07-01' });
    expectWritten(merged, 'unit:ca-thai-binh', 2);
    await write('/api/units/ca-hung-yen/renames', { name: 'Công an tỉnh Hưng Yên (sau hợp nhất)', effectiveOn: '2025-07-01' });
    await expectRefusal(
      t,
      () => t.http().post('/api/units/ca-thai-binh/moves').send({ parentId: 'bo-cong-an', effectiveOn: '2025-08-01' }),
      422,
      'unit-ended',
      'effectiveOn',
    );
  });

  it('the tree on 2025-02-28 is the old one, on 2025-03-02 without districts, on 2025-07-02 the merged one', async () => {
    const old = await get('/api/units/bo-cong-an/tree?on=2025-02-28');
    expect(shape(old)).toEqual({
      'bo-cong-an': {
        'ca-hung-yen': { 'ca-huyen-van-lam': { 'ca-xa-dinh-du': {}, 'ca-xa-lac-dao': {} } },
        'ca-thai-binh': { 'ca-huyen-vu-thu': { 'ca-xa-vu-hoi': {} }, 'pc02-thai-binh': {} },
      },
    });
    expect(old.on).toBe('2025-02-28');
    const march = await get('/api/units/bo-cong-an/tree?on=2025-03-02');
    expect(shape(march)).toEqual({
      'bo-cong-an': {
        'ca-hung-yen': { 'ca-xa-dinh-du': {}, 'ca-xa-lac-dao': {} },
        'ca-thai-binh': { 'ca-xa-vu-hoi': {}, 'pc02-thai-binh': {} },
      },
    });
    const merged = await get('/api/units/bo-cong-an/tree?on=2025-07-02');
    expect(shape(merged)).toEqual({
      'bo-cong-an': { 'ca-hung-yen': { 'ca-xa-dinh-du': {}, 'ca-xa-lac-dao': {}, 'ca-xa-vu-hoi': {}, 'pc02-thai-binh': {} } },
    });
    expect(merged.children[0].name).toBe('Công an tỉnh Hưng Yên (sau hợp nhất)');
    expect(old.children[0].name).toBe('Công an tỉnh Hưng Yên');
    // Both clocks: 2025-07-02 as the log stood before any of it was recorded.
    const known = await get(`/api/units/bo-cong-an/tree?on=2025-07-02&asOf=${beforeReorganisation}`);
    expect(shape(known)).toEqual(shape(old));
    // Without `on`: the latest effective state.
    expect(shape(await get('/api/units/bo-cong-an/tree'))).toEqual(shape(merged));
  });

  it('a merged unit reads as it was before its merge, and as merged after, under its old id', async () => {
    const before = await get('/api/units/ca-thai-binh?on=2025-06-30');
    expect(before).toMatchObject({ status: 'active', name: 'Công an tỉnh Thái Bình', parentId: 'bo-cong-an' });
    expect(before.children.map((c: { unitId: string }) => c.unitId)).toEqual(['ca-xa-vu-hoi', 'pc02-thai-binh']);
    const after = await get('/api/units/ca-thai-binh?on=2025-07-02');
    expect(after).toMatchObject({ status: 'merged', endedOn: '2025-07-01', successorId: 'ca-hung-yen', children: [] });
    const commune = await get('/api/units/ca-xa-vu-hoi?on=2025-07-02');
    expect(commune.parentChain.map((p: { unitId: string }) => p.unitId)).toEqual(['ca-hung-yen', 'bo-cong-an']);
    expect((await get('/api/units/ca-xa-vu-hoi?on=2025-02-28')).parentId).toBe('ca-huyen-vu-thu');
    const officer = await get('/api/officers/cb-tran-thi-binh?on=2025-07-02');
    expect(officer.unitId).toBe('ca-hung-yen');
  });

  it('lineage: what merged or was dissolved into a unit, what it was renamed from, with dates', async () => {
    const lineage = await get('/api/units/ca-hung-yen/lineage');
    expect(lineage).toMatchObject({
      unitId: 'ca-hung-yen',
      name: 'Công an tỉnh Hưng Yên (sau hợp nhất)',
      renamedFrom: [
        { effectiveOn: '2025-07-01', fromName: 'Công an tỉnh Hưng Yên', fromKind: 'province', name: 'Công an tỉnh Hưng Yên (sau hợp nhất)', kind: 'province' },
      ],
      mergedFrom: [
        { unitId: 'ca-huyen-van-lam', name: 'Công an huyện Văn Lâm', how: 'dissolved', effectiveOn: '2025-03-01' },
        { unitId: 'ca-thai-binh', name: 'Công an tỉnh Thái Bình', how: 'merged', effectiveOn: '2025-07-01' },
      ],
      successor: null,
    });
    const thaiBinh = await get('/api/units/ca-thai-binh/lineage');
    expect(thaiBinh.successor).toEqual({ how: 'merged', unitId: 'ca-hung-yen', effectiveOn: '2025-07-01' });
    expect(thaiBinh.mergedFrom).toEqual([
      { unitId: 'ca-huyen-vu-thu', name: 'Công an huyện Vũ Thư', kind: 'district', how: 'dissolved', effectiveOn: '2025-03-01' },
    ]);
  });

  it('a unit and an officer registered by mistake are retired as errors: kept in history, gone from current reads', async () => {
    const registered = await write('/api/units', u('ca-xa-nham', 'Công an xã Nhầm', 'commune', 'ca-hung-yen'));
    await write('/api/officers', { id: 'cb-nham', fullName: 'Cán bộ Nhầm', unitId: 'ca-xa-nham' });
    await expectRefusal(
      t,
      () => t.http().post('/api/units/ca-xa-nham/retirement').send({ reason: 'registered-in-error', note: 'Đăng ký nhầm' }),
      422,
      'unit-has-members',
    );
    await expectRefusal(t, () => t.http().post('/api/units/ca-xa-nham/retirement').send({ reason: 'merged', note: 'x' }), 400, 'invalid-request', 'reason');
    await write('/api/officers/cb-nham/retirement', { reason: 'registered-in-error', note: 'Đăng ký nhầm' });
    const retired = await write('/api/units/ca-xa-nham/retirement', { reason: 'registered-in-error', note: 'Đăng ký nhầm' });
    expectWritten(retired, 'unit:ca-xa-nham', 2);
    await t.http().get(`/api/units/ca-xa-nham?minPosition=${last}`).expect(404);
    await t.http().get(`/api/units/ca-xa-nham?on=2025-07-02&minPosition=${last}`).expect(404);
    await t.http().get(`/api/officers/cb-nham?minPosition=${last}`).expect(404);
    expect((await get('/api/units/ca-hung-yen')).children.map((c: { unitId: string }) => c.unitId)).not.toContain('ca-xa-nham');
    // History: as of its registration it was there; its stream keeps both events.
    expect((await get(`/api/units/ca-xa-nham?asOf=${registered.body.position}`)).name).toBe('Công an xã Nhầm');
    const stream = await t.http().get('/api/streams/unit:ca-xa-nham').expect(200);
    expect(stream.body.events.map((e: { type: string }) => e.type)).toEqual(['UnitRegistered', 'UnitRetired']);
    // Gone for commands too.
    await expectRefusal(
      t,
      () =>
        t
          .http()
          .post('/api/units')
          .send(u('ca-doi-x', 'Đội X', 'team', 'ca-xa-nham')),
      422,
      'unit-not-found',
      'parentId',
    );
    await expectRefusal(t, () => t.http().post('/api/units/ca-xa-nham/retirement').send({ reason: 'registered-in-error', note: 'x' }), 404, 'unit-not-found');
  });
});
