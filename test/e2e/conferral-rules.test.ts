import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from '../support/app.js';
import { storeKinds } from '../support/databases.js';
import { units } from '../support/fixtures.js';
import { expectNothingWrittenSince, expectRefusal, logHead } from '../support/refusals.js';
import { expectWritten } from '../support/writes.js';

/** Conferral rules of domain.md §6: rule 1 (one achievement, one award) and rule 2 (authority). */
const officer = { id: 'tran-van-binh', fullName: 'Trần Văn Bình', rank: 'Trung tá', unitId: 'ca-hai-phong' };

/** A Minister's Diploma of Merit for an officer (no title chain: rule 1 alone is at stake). */
const cstdBo = {
  id: 'qd-bk-bo-2026', form: 'diploma-of-merit', authority: 'minister', recipient: { kind: 'individual', id: officer.id },
  title: 'Bằng khen của Bộ trưởng Bộ Công an', decisionNo: '2001/QĐ-BCA', decidedOn: '2026-12-22', achievementId: 'bk-bo-tran-van-binh-2026',
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
      const res = await expectRefusal(t, record({
        id: 'qd-co-cp-bca', form: 'emulation-flag', authority: 'minister', recipient: { kind: 'collective', id: 'ca-hai-phong' },
        title: 'co-thi-dua-chinh-phu', decisionNo: '9/QĐ-BCA', decidedOn: '2026-12-28',
      }), 422, 'authority-too-low', 'authority');
      expect(res.body).toMatchObject({ requiredAuthority: 'prime-minister', titleCode: 'co-thi-dua-chinh-phu', basis: expect.stringContaining('06/2022/QH15') });
      expect(res.body.detail).toMatch(/prime-minister/);
      await t.http().get('/api/streams/commendation:qd-co-cp-bca').expect(404);
    });

    it('refuses an order signed by the Prime Minister, a CSTĐ Bộ by a unit head, a Diploma of Merit by a unit head', async () => {
      const base = { recipient: { kind: 'individual', id: officer.id }, decisionNo: '10/QĐ', decidedOn: '2026-06-01' };
      await expectRefusal(t, record({ ...base, id: 'qd-order-ttg', form: 'order', authority: 'prime-minister' }), 422, 'authority-too-low', 'authority');
      await expectRefusal(t, record({ ...base, id: 'qd-cstd-gd', form: 'emulation-title', authority: 'unit-head', title: 'chien-si-thi-dua-bo' }), 422, 'authority-too-low', 'authority');
      const diploma = await expectRefusal(t, record({ ...base, id: 'qd-bk-gd', form: 'diploma-of-merit', authority: 'unit-head' }), 422, 'authority-too-low', 'authority');
      expect(diploma.body.requiredAuthority).toBe('province');
    });

    it('judges a 2016 decision by the law then in force', async () => {
      const res = await expectRefusal(t, record({
        id: 'qd-hc-2016', form: 'order', authority: 'minister', recipient: { kind: 'collective', id: 'ca-hai-phong' }, decisionNo: '1/QĐ-2016', decidedOn: '2016-12-15',
      }), 422, 'authority-too-low', 'authority');
      expect(res.body.basis).toMatch(/15\/2003\/QH11/);
    });

    it('accepts the required authority, a higher one, and a free-text title judged by its form', async () => {
      const base = { recipient: { kind: 'individual', id: officer.id }, decidedOn: '2026-06-01' };
      expectWritten(await t.http().post('/api/commendations').send({ ...base, id: 'qd-gk-gd', form: 'certificate-of-merit', authority: 'unit-head', decisionNo: '11/QĐ-CATP' }), 'commendation:qd-gk-gd', 1);
      expectWritten(await t.http().post('/api/commendations').send({ ...base, id: 'qd-gk-bt', form: 'certificate-of-merit', authority: 'minister', decisionNo: '12/QĐ-BCA' }), 'commendation:qd-gk-bt', 1);
      expectWritten(await t.http().post('/api/commendations').send({ ...base, id: 'qd-cstt', form: 'emulation-title', authority: 'unit-head', title: 'Chiến sĩ tiên tiến năm 2026', decisionNo: '13/QĐ-CATP' }), 'commendation:qd-cstt', 1);
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
      await t.http().post(`/api/commendations/${cstdBo.id}/revocation`)
        .send({ ground: 'unlawful-approval', reason: 'Sai thẩm quyền', decisionNo: '3/QĐ-BCA', decidedOn: '2027-01-10' }).expect(201);
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
      expect(lost.body).toMatchObject({ code: 'achievement-already-awarded', achievementId: 'ach-race-2026', firstCommendationId: won.body.streamId.replace('commendation:', '') });
      // Only the winner's event was written.
      expect(await logHead(t)).toBe(won.body.position);
      await expectNothingWrittenSince(t, won.body.position);
      const events = await t.http().get(`/api/events?after=${head}&limit=1000`).expect(200);
      expect(events.body.events.map((e: { streamId: string }) => e.streamId)).toEqual([won.body.streamId]);
    });
  });
});
