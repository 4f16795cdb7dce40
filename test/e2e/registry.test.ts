import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from '../support/app.js';
import { storeKinds } from '../support/databases.js';
import { units } from '../support/fixtures.js';
import { expectRefusal } from '../support/refusals.js';
import { expectWritten } from '../support/writes.js';

/** The 2025 reorganisation: Công an tỉnh Hải Dương merges into Công an thành phố Hải Phòng. */
const haiDuong = { id: 'ca-hai-duong', name: 'Công an tỉnh Hải Dương', kind: 'province', parentId: 'bo-cong-an' };
const chiLinh = { id: 'ca-tp-chi-linh', name: 'Công an thành phố Chí Linh', kind: 'district', parentId: 'ca-hai-duong' };
const officer = { id: 'nguyen-van-an', fullName: 'Nguyễn Văn An', rank: 'Thiếu tá', unitId: 'ca-hai-phong' };

describe.each(storeKinds('registry'))('registry: units, moves, officers (%s store)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp(kind);
  });
  afterAll(async () => t?.close());

  describe('POST /api/units', () => {
    it('registers units: 201, { streamId, version 1, position } and ETag "1"', async () => {
      for (const unit of [units.ministry, units.haiPhong, haiDuong, chiLinh]) {
        expectWritten(await t.http().post('/api/units').send(unit), `unit:${unit.id}`, 1);
      }
      const stream = await t.http().get('/api/streams/unit:ca-tp-chi-linh').expect(200);
      expect(stream.body.events).toHaveLength(1);
      expect(stream.body.events[0]).toMatchObject({
        type: 'UnitRegistered',
        version: 1,
        data: { unitId: 'ca-tp-chi-linh', name: 'Công an thành phố Chí Linh', kind: 'district', parentId: 'ca-hai-duong' },
      });
    });

    it('refuses a bad id pattern (400 naming id)', async () => {
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post('/api/units')
            .send({ ...units.canTho, id: 'CA Can Tho' }),
        400,
        'invalid-request',
        'id',
      );
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post('/api/units')
            .send({ ...units.canTho, id: '-ca' }),
        400,
        'invalid-request',
        'id',
      );
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post('/api/units')
            .send({ ...units.canTho, id: 'a'.repeat(65) }),
        400,
        'invalid-request',
        'id',
      );
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post('/api/units')
            .send({ ...units.canTho, id: 'ca:can-tho' }),
        400,
        'invalid-request',
        'id',
      );
    });

    it('refuses a missing name (400 naming name)', async () => {
      const { name: _name, ...noName } = units.canTho;
      await expectRefusal(t, () => t.http().post('/api/units').send(noName), 400, 'invalid-request', 'name');
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post('/api/units')
            .send({ ...units.canTho, name: '' }),
        400,
        'invalid-request',
        'name',
      );
    });

    it('refuses a bad kind (400 naming kind)', async () => {
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post('/api/units')
            .send({ ...units.canTho, kind: 'city' }),
        400,
        'invalid-request',
        'kind',
      );
    });

    it('refuses an unknown extra field (400 naming it)', async () => {
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post('/api/units')
            .send({ ...units.canTho, code: 'CTH' }),
        400,
        'invalid-request',
        'code',
      );
    });

    it('names every bad field at once', async () => {
      const res = await expectRefusal(
        t,
        () => t.http().post('/api/units').send({ id: 'Bad Id', kind: 'city', parentId: 'Bo Cong An', extra: 1 }),
        400,
        'invalid-request',
        ['id', 'name', 'kind', 'parentId', 'extra'],
      );
      expect(res.body.errors.length).toBeGreaterThanOrEqual(5);
    });

    it('refuses a second registration of the same id (409 already-exists)', async () => {
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post('/api/units')
            .send({ ...units.haiPhong, name: 'Tên khác' }),
        409,
        'already-exists',
      );
    });

    it('refuses an unknown parentId (422 unit-not-found naming parentId)', async () => {
      const res = await expectRefusal(
        t,
        () =>
          t
            .http()
            .post('/api/units')
            .send({ ...units.canTho, parentId: 'bo-khong-ton-tai' }),
        422,
        'unit-not-found',
        'parentId',
      );
      expect(res.body.errors[0].field).toBe('parentId');
    });
  });

  describe('POST /api/units/:id/moves', () => {
    it('moves a unit under a new parent (201, version 2)', async () => {
      const res = await t.http().post('/api/units/ca-tp-chi-linh/moves').send({ parentId: 'ca-hai-phong', effectiveOn: '2025-07-01' });
      expectWritten(res, 'unit:ca-tp-chi-linh', 2);
      const stream = await t.http().get('/api/streams/unit:ca-tp-chi-linh?fromVersion=2').expect(200);
      expect(stream.body.events).toEqual([
        expect.objectContaining({
          type: 'UnitMoved',
          version: 2,
          data: { unitId: 'ca-tp-chi-linh', fromParentId: 'ca-hai-duong', parentId: 'ca-hai-phong', effectiveOn: '2025-07-01' },
        }),
      ]);
    });

    it('answers 404 for an unknown unit', async () => {
      await expectRefusal(
        t,
        () => t.http().post('/api/units/ca-khong-co/moves').send({ parentId: 'ca-hai-phong', effectiveOn: '2025-07-01' }),
        404,
        'unit-not-found',
      );
    });

    it('refuses an impossible effectiveOn (400 naming effectiveOn)', async () => {
      for (const effectiveOn of ['2025-02-30', '2025-13-01', '01/07/2025', '2025-07-01T00:00:00Z']) {
        await expectRefusal(
          t,
          () => t.http().post('/api/units/ca-hai-duong/moves').send({ parentId: 'ca-hai-phong', effectiveOn }),
          400,
          'invalid-request',
          'effectiveOn',
        );
      }
    });

    it('refuses a missing parentId (400 naming parentId)', async () => {
      await expectRefusal(t, () => t.http().post('/api/units/ca-hai-duong/moves').send({ effectiveOn: '2025-07-01' }), 400, 'invalid-request', 'parentId');
    });

    it('refuses an unknown new parent (422 unit-not-found naming parentId)', async () => {
      await expectRefusal(
        t,
        () => t.http().post('/api/units/ca-hai-duong/moves').send({ parentId: 'ca-khong-co', effectiveOn: '2025-07-01' }),
        422,
        'unit-not-found',
        'parentId',
      );
    });

    it('refuses a move that would create a cycle (422 unit-move-creates-cycle)', async () => {
      // bo-cong-an → ca-hai-phong → ca-tp-chi-linh: the ministry cannot go under its grandchild.
      await expectRefusal(
        t,
        () => t.http().post('/api/units/bo-cong-an/moves').send({ parentId: 'ca-tp-chi-linh', effectiveOn: '2025-07-01' }),
        422,
        'unit-move-creates-cycle',
        'parentId',
      );
      await expectRefusal(
        t,
        () => t.http().post('/api/units/ca-hai-phong/moves').send({ parentId: 'ca-hai-phong', effectiveOn: '2025-07-01' }),
        422,
        'unit-move-creates-cycle',
        'parentId',
      );
    });

    it('refuses a move to the current parent (422 unit-already-under-parent)', async () => {
      await expectRefusal(
        t,
        () => t.http().post('/api/units/ca-tp-chi-linh/moves').send({ parentId: 'ca-hai-phong', effectiveOn: '2025-08-01' }),
        422,
        'unit-already-under-parent',
        'parentId',
      );
    });

    it('refuses a bad id in the path (400 naming id)', async () => {
      await expectRefusal(
        t,
        () => t.http().post('/api/units/Bad%20Id/moves').send({ parentId: 'ca-hai-phong', effectiveOn: '2025-07-01' }),
        400,
        'invalid-request',
        'id',
      );
    });
  });

  describe('POST /api/officers', () => {
    it('registers an officer (201)', async () => {
      expectWritten(await t.http().post('/api/officers').send(officer), 'officer:nguyen-van-an', 1);
      expectWritten(
        await t.http().post('/api/officers').send({ id: 'tran-thi-binh', fullName: 'Trần Thị Bình', unitId: 'ca-tp-chi-linh' }),
        'officer:tran-thi-binh',
        1,
      );
    });

    it('refuses an unknown unitId (422 unit-not-found naming unitId)', async () => {
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post('/api/officers')
            .send({ ...officer, id: 'le-van-cuong', unitId: 'ca-khong-co' }),
        422,
        'unit-not-found',
        'unitId',
      );
    });

    it('refuses bad fields (400 naming each)', async () => {
      await expectRefusal(
        t,
        () => t.http().post('/api/officers').send({ id: 'Le Van Cuong', fullName: '', unitId: 'ca-hai-phong', rank: 7 }),
        400,
        'invalid-request',
        ['id', 'fullName', 'rank'],
      );
    });

    it('refuses a second registration of the same id (409 already-exists)', async () => {
      await expectRefusal(t, () => t.http().post('/api/officers').send(officer), 409, 'already-exists');
    });
  });
});
