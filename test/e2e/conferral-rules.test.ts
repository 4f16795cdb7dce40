import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from '../support/app.js';
import { storeKinds } from '../support/databases.js';
import { units } from '../support/fixtures.js';
import { expectNothingWrittenSince, expectRefusal, logHead } from '../support/refusals.js';
import { expectWritten } from '../support/writes.js';

/** Conferral rules of docs/domain.md §6: rule 1 (one achievement, one award) and rule 2 (authority). */
const officer = { id: 'tran-van-binh', fullName: 'Trần Văn Bình', rank: 'Trung tá', unitId: 'ca-hai-phong' };

/** A Minister's Diploma of Merit for an officer (no title chain: rule 1 alone is at stake). */
const cstdBo = {
  id: 'qd-bk-bo-2026',
  form: 'diploma-of-merit',
  authority: 'minister',
  recipient: { kind: 'individual', id: officer.id },
  title: 'Bằng khen của Bộ trưởng Bộ Công an',
  decisionNo: '2001/QĐ-BCA',
  decidedOn: '2026-11-22',
  achievementId: 'bk-bo-tran-van-binh-2026',
  achievementPeriod: { from: '2024-01-01', to: '2026-12-31' },
};

describe.each(storeKinds('conferral rules'))('conferral rules (%s store)', (kind) => {
  let t: TestApp;
  const record = (body: Record<string, unknown>) => () => t.http().post('/api/commendations').send(body);

  beforeAll(async () => {
    t = await startApp(kind);
    for (const unit of Object.values(units)) await t.http().post('/api/units').send(unit).expect(201);
    await t.http().post('/api/officers').send(officer).expect(201);
  });
  afterAll(async () => t?.close());

  describe('rule 2: authority (authority-too-low)', () => {
    it('refuses a Government flag signed by the Minister, naming the required authority', async () => {
      const res = await expectRefusal(
        t,
        record({
          id: 'qd-co-cp-bca',
          form: 'emulation-flag',
          authority: 'minister',
          recipient: { kind: 'collective', id: 'ca-hai-phong' },
          title: 'co-thi-dua-chinh-phu',
          decisionNo: '9/QĐ-BCA',
          decidedOn: '2026-11-28',
        }),
        422,
        'authority-too-low',
        'authority',
      );
      expect(res.body).toMatchObject({
        requiredAuthority: 'prime-minister',
        titleCode: 'co-thi-dua-chinh-phu',
        basis: expect.stringContaining('06/2022/QH15'),
      });
      expect(res.body.detail).toMatch(/prime-minister/);
      await t.http().get('/api/streams/commendation:qd-co-cp-bca').expect(404);
    });

    it('refuses an order signed by the Prime Minister, a CSTĐ Bộ by a unit head, a Diploma of Merit by a unit head', async () => {
      const base = { recipient: { kind: 'individual', id: officer.id }, decisionNo: '10/QĐ', decidedOn: '2026-06-01' };
      await expectRefusal(t, record({ ...base, id: 'qd-order-ttg', form: 'order', authority: 'prime-minister' }), 422, 'authority-too-low', 'authority');
      await expectRefusal(
        t,
        record({ ...base, id: 'qd-cstd-gd', form: 'emulation-title', authority: 'unit-head', title: 'chien-si-thi-dua-bo' }),
        422,
        'authority-too-low',
        'authority',
      );
      const diploma = await expectRefusal(
        t,
        record({ ...base, id: 'qd-bk-gd', form: 'diploma-of-merit', authority: 'unit-head' }),
        422,
        'authority-too-low',
        'authority',
      );
      expect(diploma.body.requiredAuthority).toBe('province');
    });

    it('judges a 2016 decision by the law then in force', async () => {
      const res = await expectRefusal(
        t,
        record({
          id: 'qd-hc-2016',
          form: 'order',
          authority: 'minister',
          recipient: { kind: 'collective', id: 'ca-hai-phong' },
          decisionNo: '1/QĐ-2016',
          decidedOn: '2016-12-15',
        }),
        422,
        'authority-too-low',
        'authority',
      );
      expect(res.body.basis).toMatch(/15\/2003\/QH11/);
    });

    it('accepts the required authority, a higher one, and a title by its Vietnamese label (stored as its code)', async () => {
      const base = { recipient: { kind: 'individual', id: officer.id }, decidedOn: '2026-06-01' };
      expectWritten(
        await t
          .http()
          .post('/api/commendations')
          .send({ ...base, id: 'qd-gk-gd', form: 'certificate-of-merit', authority: 'unit-head', decisionNo: '11/QĐ-CATP' }),
        'commendation:qd-gk-gd',
        1,
      );
      expectWritten(
        await t
          .http()
          .post('/api/commendations')
          .send({ ...base, id: 'qd-gk-bt', form: 'certificate-of-merit', authority: 'minister', decisionNo: '12/QĐ-BCA' }),
        'commendation:qd-gk-bt',
        1,
      );
      expectWritten(
        await t
          .http()
          .post('/api/commendations')
          .send({
            ...base,
            id: 'qd-cstt',
            form: 'emulation-title',
            authority: 'unit-head',
            title: ' Chiến sĩ tiên tiến '.normalize('NFD'),
            decisionNo: '13/QĐ-CATP',
          }),
        'commendation:qd-cstt',
        1,
      );
      const stream = await t.http().get('/api/streams/commendation:qd-cstt').expect(200);
      expect(stream.body.events[0].data.title).toBe('chien-si-tien-tien');
    });

    it('refuses a flag signed by another authority than its own, a higher one too (authority-mismatch)', async () => {
      const flag = { recipient: { kind: 'collective', id: 'ca-hai-phong' }, form: 'emulation-flag', decisionNo: '14/QĐ', decidedOn: '2026-06-01' };
      const pm = await expectRefusal(
        t,
        record({ ...flag, id: 'qd-co-bo-ttg', authority: 'prime-minister', title: 'co-thi-dua-bo' }),
        422,
        'authority-mismatch',
        'authority',
      );
      expect(pm.body).toMatchObject({ requiredAuthority: 'minister', titleCode: 'co-thi-dua-bo' });
      await expectRefusal(
        t,
        record({ ...flag, id: 'qd-co-cp-ctn', authority: 'president', title: 'Cờ thi đua của Chính phủ' }),
        422,
        'authority-mismatch',
        'authority',
      );
      await expectRefusal(
        t,
        record({ ...flag, id: 'qd-co-bo-gd', authority: 'unit-head', title: 'Cờ thi đua của Bộ Công an' }),
        422,
        'authority-too-low',
        'authority',
      );
    });
  });

  describe('the closed vocabulary of titles and flags', () => {
    const base = { recipient: { kind: 'collective', id: 'ca-hai-phong' }, decisionNo: '20/QĐ', decidedOn: '2026-06-01' };

    it('judges a flag named in words as the flag it names: a Government flag signed by the Minister is refused', async () => {
      const res = await expectRefusal(
        t,
        record({ ...base, id: 'qd-co-cp-words', form: 'emulation-flag', authority: 'minister', title: 'Cờ thi đua của Chính phủ' }),
        422,
        'authority-too-low',
        'authority',
      );
      expect(res.body).toMatchObject({ requiredAuthority: 'prime-minister', titleCode: 'co-thi-dua-chinh-phu' });
    });

    it('refuses an emulation title or flag without a known code or exact label (400 naming title, listing the codes)', async () => {
      const flag = await expectRefusal(
        t,
        record({ ...base, id: 'qd-co-x', form: 'emulation-flag', authority: 'minister', title: 'Cờ thi đua của Bộ' }),
        400,
        'invalid-request',
        'title',
      );
      expect(flag.body.errors[0].message).toMatch(/co-thi-dua-bo.*co-thi-dua-chinh-phu/);
      const missing = await expectRefusal(
        t,
        record({ ...base, id: 'qd-dh-x', form: 'emulation-title', authority: 'unit-head' }),
        400,
        'invalid-request',
        'title',
      );
      expect(missing.body.errors[0].message).toMatch(/required.*chien-si-tien-tien/);
      await expectRefusal(
        t,
        record({ ...base, id: 'qd-dh-x', form: 'emulation-title', authority: 'unit-head', title: 'chien-si-tien-tien-2026' }),
        400,
        'invalid-request',
        'title',
      );
      await expectRefusal(
        t,
        record({ ...base, id: 'qd-dh-x', form: 'emulation-title', authority: 'unit-head', title: 'CHIEN-SI-TIEN-TIEN' }),
        400,
        'invalid-request',
        'title',
      );
      await expectRefusal(t, record({ ...base, id: 'qd-dh-x', form: 'emulation-title', authority: 'unit-head', title: null }), 400, 'invalid-request', 'title');
    });

    it('refuses a title or flag of one form used with another (400 naming title); free text stays free elsewhere', async () => {
      await expectRefusal(
        t,
        record({ ...base, id: 'qd-dh-co', form: 'emulation-title', authority: 'minister', title: 'co-thi-dua-bo' }),
        400,
        'invalid-request',
        'title',
      );
      await expectRefusal(
        t,
        record({ ...base, id: 'qd-co-dh', form: 'emulation-flag', authority: 'minister', title: 'Đơn vị quyết thắng' }),
        400,
        'invalid-request',
        'title',
      );
      const diploma = await expectRefusal(
        t,
        record({ ...base, id: 'qd-bk-co', form: 'diploma-of-merit', authority: 'minister', title: 'Cờ thi đua của Bộ Công an' }),
        400,
        'invalid-request',
        'title',
      );
      expect(diploma.body.errors[0].message).toMatch(/emulation-flag/);
      await expectRefusal(
        t,
        record({ ...base, id: 'qd-gk-dh', form: 'certificate-of-merit', authority: 'unit-head', title: 'don-vi-tien-tien' }),
        400,
        'invalid-request',
        'title',
      );
      expectWritten(
        await t
          .http()
          .post('/api/commendations')
          .send({ ...base, id: 'qd-bk-text', form: 'diploma-of-merit', authority: 'minister', title: 'Bằng khen của Bộ trưởng: đơn vị tiên tiến xuất sắc' }),
        'commendation:qd-bk-text',
        1,
      );
    });

    it('lists every vocabulary with Vietnamese labels (GET /api/vocabularies)', async () => {
      const res = await t.http().get('/api/vocabularies').expect(200);
      expect(Object.keys(res.body)).toEqual(
        expect.arrayContaining(['forms', 'authorities', 'titles', 'unitKinds', 'scoreSources', 'revocationGrounds', 'roles']),
      );
      for (const list of Object.values(res.body) as { code: string; label: string }[][]) {
        for (const term of list) expect(term).toEqual(expect.objectContaining({ code: expect.any(String), label: expect.any(String) }));
      }
      expect(res.body.titles).toEqual(
        expect.arrayContaining([
          { code: 'co-thi-dua-chinh-phu', label: 'Cờ thi đua của Chính phủ', form: 'emulation-flag', authority: 'prime-minister', authorityRule: 'exact' },
          { code: 'co-thi-dua-bo', label: 'Cờ thi đua của Bộ Công an', form: 'emulation-flag', authority: 'minister', authorityRule: 'exact' },
          { code: 'chien-si-tien-tien', label: 'Chiến sĩ tiên tiến', form: 'emulation-title', authority: 'unit-head', authorityRule: 'at-least' },
        ]),
      );
      expect(res.body.titles).toHaveLength(8);
      expect(res.body.forms).toContainEqual({ code: 'emulation-flag', label: 'Cờ thi đua' });
      expect(res.body.authorities).toContainEqual({ code: 'prime-minister', label: 'Thủ tướng Chính phủ' });
      expect(res.body.roles).toContainEqual({ code: 'auditor', label: 'Kiểm toán, thanh tra' });
      expect(res.body.scoreSources.map((s: { code: string }) => s.code)).toEqual(['self-assessment', 'cross-inspection', 'cluster', 'ministry']);
      // The OpenAPI document gives codes as examples.
      const doc = await t.http().get('/api/openapi.json').expect(200);
      expect(doc.body.components.schemas.RecordCommendationDto.properties.title.example).toBe('co-thi-dua-bo');
    });
  });

  describe('rule 1: one achievement, one award (achievement-already-awarded)', () => {
    it('records the first award of an achievement', async () => {
      expectWritten(await t.http().post('/api/commendations').send(cstdBo), `commendation:${cstdBo.id}`, 1);
    });

    it('refuses a second award of the same achievement, in any form, naming the first commendation', async () => {
      const second = { ...cstdBo, id: 'qd-bk-bt-2026', form: 'diploma-of-merit', title: null, decisionNo: '2002/QĐ-BCA' };
      const res = await expectRefusal(t, record(second), 422, 'achievement-already-awarded', 'achievementId');
      expect(res.body).toMatchObject({ achievementId: cstdBo.achievementId, firstCommendationId: cstdBo.id });
      expect(res.body.detail).toContain(cstdBo.id);
      await t.http().get('/api/streams/commendation:qd-bk-bt-2026').expect(404);
      // Still refused once the first is revoked: the record keeps it, the achievement stays rewarded.
      await t
        .http()
        .post(`/api/commendations/${cstdBo.id}/revocation`)
        .send({ ground: 'unlawful-approval', reason: 'Sai thẩm quyền', decisionNo: '3/QĐ-BCA', decidedOn: '2026-11-29' })
        .expect(201);
      await expectRefusal(t, record({ ...second, id: 'qd-bk-bt-2026-b' }), 422, 'achievement-already-awarded', 'achievementId');
    });

    it('answers a retry with the same Idempotency-Key as a replay, not as a second award', async () => {
      const body = { ...cstdBo, id: 'qd-replay', achievementId: 'ach-replay-2026' };
      const first = await t.http().post('/api/commendations').set('Idempotency-Key', 'k-conferral-replay').send(body).expect(201);
      const again = await t.http().post('/api/commendations').set('Idempotency-Key', 'k-conferral-replay').send(body).expect(200);
      expect(again.body).toEqual(first.body);
    });

    it('lets exactly one of two concurrent decisions for one achievement through (one 201, one 422)', async () => {
      const head = await logHead(t);
      const one = { ...cstdBo, id: 'qd-race-a', achievementId: 'ach-race-2026' };
      const two = { ...cstdBo, id: 'qd-race-b', achievementId: 'ach-race-2026', form: 'certificate-of-merit', authority: 'unit-head', title: null };
      const answers = await Promise.all([t.http().post('/api/commendations').send(one), t.http().post('/api/commendations').send(two)]);
      expect(answers.map((a) => a.status).sort()).toEqual([201, 422]);
      const won = answers.find((a) => a.status === 201)!;
      const lost = answers.find((a) => a.status === 422)!;
      expect(lost.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(lost.body).toMatchObject({
        code: 'achievement-already-awarded',
        achievementId: 'ach-race-2026',
        firstCommendationId: won.body.streamId.replace('commendation:', ''),
      });
      // Only the winner's event was written.
      expect(await logHead(t)).toBe(won.body.position);
      await expectNothingWrittenSince(t, won.body.position);
      const events = await t.http().get(`/api/events?after=${head}&limit=1000`).expect(200);
      expect(events.body.events.map((e: { streamId: string }) => e.streamId)).toEqual([won.body.streamId]);
    });
  });
});
