import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from '../support/app.js';
import { storeKinds } from '../support/databases.js';
import { campaign, cluster, units } from '../support/fixtures.js';
import { expectRefusal } from '../support/refusals.js';

// docs/domain.md §6 rules 3 (flags), 4 (title chains), 6 (quotas), 7 (revocation, recovery, review), over HTTP.
describe.each(storeKinds('eligibility'))('conferral eligibility (%s store)', (kind) => {
  let t: TestApp;
  const officer = { id: 'hp-tran-van-binh', fullName: 'Trần Văn Bình', rank: 'Trung tá', unitId: 'ca-hai-phong' };
  const flag = (id: string, code: string, unitId: string) => ({
    id,
    form: 'emulation-flag',
    authority: code === 'co-thi-dua-chinh-phu' ? 'prime-minister' : 'minister',
    recipient: { kind: 'collective', id: unitId },
    title: code,
    campaignId: campaign.id,
    decisionNo: `${id}/QĐ`,
    decidedOn: '2026-11-30',
  });
  const title = (code: string, year: number, extra: Record<string, unknown> = {}) => ({
    id: `qd-${code}-${year}`,
    form: 'emulation-title',
    authority: code === 'chien-si-thi-dua-bo' ? 'minister' : 'unit-head',
    recipient: { kind: 'individual', id: officer.id },
    title: code,
    decisionNo: `${year}/QĐ`,
    decidedOn: `${year}-11-20`,
    achievementPeriod: { from: `${year}-01-01`, to: `${year}-12-31` },
    ...extra,
  });
  const post = (body: Record<string, unknown>) => () => t.http().post('/api/commendations').send(body);

  beforeAll(async () => {
    t = await startApp(kind);
    for (const u of Object.values(units)) await t.http().post('/api/units').send(u).expect(201);
    await t.http().post('/api/officers').send(officer).expect(201);
    await t.http().post('/api/campaigns').send(campaign).expect(201);
    await t.http().post(`/api/campaigns/${campaign.id}/clusters`).send(cluster).expect(201);
    const entry = (unitId: string, points: number) =>
      t
        .http()
        .post(`/api/campaigns/${campaign.id}/units/${unitId}/score-entries`)
        .send({ kind: 'achievement', criterionId: 'c1-1', points, period: '2026-07', source: 'self-assessment', reason: 'Tự chấm' })
        .expect(201);
    await entry('ca-hau-giang', 100);
    await entry('ca-can-tho', 90);
    await entry('ca-soc-trang', 80);
  });
  afterAll(async () => t?.close());

  describe('rule 3: flags', () => {
    it('refuses a Government flag before the final ranking is published', async () => {
      await expectRefusal(t, post(flag('qd-cp-early', 'co-thi-dua-chinh-phu', 'ca-hau-giang')), 422, 'final-ranking-not-published', 'campaignId');
    });

    it('after closing: only the leader gets the Government flag, never under a veto; Ministry flags within the share', async () => {
      await t.http().post(`/api/campaigns/${campaign.id}/close`).send({}).expect(201);
      for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
        const res = await t.http().get(`/api/campaigns/${campaign.id}/clusters/cum-9/rankings/publications`).expect(200);
        if (res.body.publications.some((p: { final: boolean; phaseId: string | null }) => p.final && p.phaseId === null)) break;
      }
      const params = await t.http().post('/api/conferral-parameters').send({ year: 2026, ministryFlagShare: '0.34' }).expect(201);
      expect((await t.http().get('/api/conferral-parameters/2026').expect(200)).body).toEqual({
        year: 2026,
        governmentFlagTopK: 1,
        governmentFlagsPerCluster: 1,
        ministryFlagShare: '0.34',
        cstdcsShareOfCstt: '0.15',
      });
      expect(params.body.year).toBe(2026);

      const second = await expectRefusal(t, post(flag('qd-cp-ct', 'co-thi-dua-chinh-phu', 'ca-can-tho')), 422, 'flag-rank-too-low', 'recipient.id');
      expect(second.body).toMatchObject({ rank: 2, topK: 1, clusterId: 'cum-9' });
      // The flag named in words is the same flag, under the same rules.
      const words = { ...flag('qd-cp-ct', 'co-thi-dua-chinh-phu', 'ca-can-tho'), title: 'Cờ thi đua của Chính phủ' };
      await expectRefusal(t, post(words), 422, 'flag-rank-too-low', 'recipient.id');
      await expectRefusal(t, post({ ...words, authority: 'minister' }), 422, 'authority-too-low', 'authority');

      const veto = { reason: 'Để xảy ra vụ việc phức tạp', decisionNo: '125/QĐ-BCA', decidedOn: '2026-11-29' };
      await t.http().post(`/api/campaigns/${campaign.id}/units/ca-hau-giang/vetoes`).send(veto).expect(201);
      await expectRefusal(t, post(flag('qd-cp-hg', 'co-thi-dua-chinh-phu', 'ca-hau-giang')), 422, 'unit-vetoed', 'recipient.id');
      await expectRefusal(
        t,
        post({ ...flag('qd-cp-hg', 'co-thi-dua-chinh-phu', 'ca-hau-giang'), title: ' Cờ thi đua của Chính phủ ' }),
        422,
        'unit-vetoed',
        'recipient.id',
      );
      await t
        .http()
        .post(`/api/campaigns/${campaign.id}/units/ca-hau-giang/vetoes/lift`)
        .send({ ...veto, decisionNo: '130/QĐ-BCA' })
        .expect(201);
      await t
        .http()
        .post('/api/commendations')
        .send(flag('qd-cp-hg', 'co-thi-dua-chinh-phu', 'ca-hau-giang'))
        .expect(201);

      // 0.34 of 3 members: 1 Ministry flag.
      await t
        .http()
        .post('/api/commendations')
        .send(flag('qd-bo-ct', 'co-thi-dua-bo', 'ca-can-tho'))
        .expect(201);
      const full = await expectRefusal(t, post(flag('qd-bo-st', 'co-thi-dua-bo', 'ca-soc-trang')), 422, 'quota-exceeded', 'title');
      expect(full.body).toMatchObject({ limit: 1, inForce: 1, members: 3 });
      await expectRefusal(
        t,
        post({ ...flag('qd-bo-st', 'co-thi-dua-bo', 'ca-soc-trang'), title: 'Cờ thi đua của Bộ Công an' }),
        422,
        'quota-exceeded',
        'title',
      );
    });
  });

  describe('rule 4 and 6: title chains and quotas', () => {
    it('refuses CSTĐ Bộ without the 3 preceding CSTĐCS, listing the missing years', async () => {
      const res = await expectRefusal(t, post(title('chien-si-thi-dua-bo', 2026)), 422, 'title-chain-incomplete', 'title');
      expect(res.body.missing).toEqual([{ requirement: 'title', title: 'chien-si-thi-dua-co-so', years: [2023, 2024, 2025] }]);
    });

    it('refuses CSTĐCS without CSTT and initiative, and beyond the quota of the unit', async () => {
      const res = await expectRefusal(t, post(title('chien-si-thi-dua-co-so', 2022)), 422, 'title-chain-incomplete', 'title');
      expect(res.body.missing.map((m: { requirement: string }) => m.requirement)).toEqual(['title', 'recognised-initiative']);
      await t.http().post('/api/commendations').send(title('chien-si-tien-tien', 2022)).expect(201);
      // One CSTT holder in the unit: 15% of 1 is 0.
      const quota = await expectRefusal(t, post(title('chien-si-thi-dua-co-so', 2022, { initiativeRef: 'SK-1/2022' })), 422, 'quota-exceeded', 'title');
      expect(quota.body).toMatchObject({ unitId: 'ca-hai-phong', year: 2022, limit: 0, csttHolders: 1 });
    });

    it('grants CSTĐ Bộ on a complete chain; revoking a link puts it on the review list until upheld; recovery is recorded', async () => {
      for (const year of [2023, 2024, 2025]) {
        await t.http().post('/api/conferral-parameters').send({ year, cstdcsShareOfCstt: '1' }).expect(201);
        await t.http().post('/api/commendations').send(title('chien-si-tien-tien', year)).expect(201);
        await t
          .http()
          .post('/api/commendations')
          .send(title('chien-si-thi-dua-co-so', year, { initiativeRef: `SK-${year}`, amountVnd: 2_340_000 }))
          .expect(201);
      }
      const granted = await t.http().post('/api/commendations').send(title('chien-si-thi-dua-bo', 2026)).expect(201);
      const decision = await t.http().get(`/api/commendations/qd-chien-si-thi-dua-bo-2026?minPosition=${granted.body.position}`).expect(200);
      expect(decision.body.restsOn).toEqual(['qd-chien-si-thi-dua-co-so-2023', 'qd-chien-si-thi-dua-co-so-2024', 'qd-chien-si-thi-dua-co-so-2025']);

      const revoked = await t
        .http()
        .post('/api/commendations/qd-chien-si-thi-dua-co-so-2024/revocation')
        .send({ ground: 'standard-not-met', reason: 'Sáng kiến không được công nhận', decisionNo: '77/QĐ-CATP', decidedOn: '2026-11-25' })
        .expect(201);
      const reviews = await t.http().get(`/api/commendations/reviews?minPosition=${revoked.body.position}`).expect(200);
      expect(reviews.body.reviews).toEqual([
        expect.objectContaining({
          commendationId: 'qd-chien-si-thi-dua-bo-2026',
          status: 'active',
          revokedBasis: [expect.objectContaining({ commendationId: 'qd-chien-si-thi-dua-co-so-2024', ground: 'standard-not-met', decisionNo: '77/QĐ-CATP' })],
        }),
      ]);

      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post('/api/commendations/qd-chien-si-thi-dua-co-so-2024/recovery')
            .send({ objectRecovered: true, amountVnd: 3_000_000, recordedOn: '2026-11-26' }),
        422,
        'recovery-exceeds-award',
        'amountVnd',
      );
      const recovered = await t
        .http()
        .post('/api/commendations/qd-chien-si-thi-dua-co-so-2024/recovery')
        .send({ objectRecovered: true, amountVnd: 2_000_000, recordedOn: '2026-11-26', note: 'Biên bản 12/BB' })
        .expect(201);
      const after = await t.http().get(`/api/commendations/qd-chien-si-thi-dua-co-so-2024?minPosition=${recovered.body.position}`).expect(200);
      expect(after.body.revocation).toMatchObject({
        authority: 'unit-head',
        ground: 'standard-not-met',
        recovery: { objectRecovered: true, amountVnd: 2_000_000, outstandingVnd: 340_000 },
      });

      await expectRefusal(
        t,
        () => t.http().post('/api/commendations/qd-chien-si-thi-dua-tien-tien-2023/review').send({ outcome: 'upheld', reason: 'x' }),
        404,
        'commendation-not-found',
      );
      await expectRefusal(
        t,
        () => t.http().post('/api/commendations/qd-chien-si-tien-tien-2023/review').send({ outcome: 'upheld', reason: 'x' }),
        422,
        'not-under-review',
      );
      const upheld = await t
        .http()
        .post('/api/commendations/qd-chien-si-thi-dua-bo-2026/review')
        .send({ outcome: 'upheld', reason: 'Hội đồng xét lại: giữ nguyên' })
        .expect(201);
      expect((await t.http().get(`/api/commendations/reviews?minPosition=${upheld.body.position}`).expect(200)).body.reviews).toEqual([]);
    });

    it('validates parameters and recovery bodies (400 naming the field), writing nothing', async () => {
      await expectRefusal(
        t,
        () => t.http().post('/api/conferral-parameters').send({ year: 2026, ministryFlagShare: '1.5' }),
        400,
        'invalid-request',
        'ministryFlagShare',
      );
      await expectRefusal(
        t,
        () => t.http().post('/api/commendations/qd-chien-si-thi-dua-co-so-2024/recovery').send({ amountVnd: -1, recordedOn: 'x' }),
        400,
        'invalid-request',
        ['objectRecovered', 'amountVnd', 'recordedOn'],
      );
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post('/api/commendations/qd-chien-si-thi-dua-bo-2026/revocation')
            .send({ ground: 'forged-documents', reason: 'x', decisionNo: '1', decidedOn: '2026-11-27', authority: 'province' }),
        422,
        'authority-too-low',
        'authority',
      );
    });
  });
});
