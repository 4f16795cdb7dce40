import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from '../support/app.js';
import { storeKinds } from '../support/databases.js';
import { campaign, cluster, units } from '../support/fixtures.js';
import { expectRefusal, logHead } from '../support/refusals.js';

/**
 * Issue 13, a compensating event for every mistake: a phase, a publication, a revocation, a
 * decision's number, date or recipient. Each test checks the original stays in the log and the
 * reads change.
 */
describe.each(storeKinds('compensations'))('compensating events (%s store)', (kind) => {
  let t: TestApp;
  const stream = async (id: string) => (await t.http().get(`/api/streams/${id}`).expect(200)).body.events as { type: string; data: Record<string, unknown> }[];
  const officers = [
    { id: 'nguyen-van-an', fullName: 'Nguyễn Văn An', rank: 'Thiếu tá', unitId: 'ca-hai-phong' },
    { id: 'tran-thi-binh', fullName: 'Trần Thị Bình', rank: 'Đại úy', unitId: 'ca-can-tho' },
  ];
  // A campaign of the years to come: its phases have not started whatever today is.
  const later = { ...campaign, id: 'vi-an-ninh-to-quoc-2099', title: 'Phong trào thi đua năm 2099', startsOn: '2099-01-01', endsOn: '2099-12-31' };

  beforeAll(async () => {
    t = await startApp(kind);
    for (const unit of Object.values(units)) await t.http().post('/api/units').send(unit).expect(201);
    for (const officer of officers) await t.http().post('/api/officers').send(officer).expect(201);
    await t.http().post('/api/campaigns').send(campaign).expect(201);
    await t.http().post('/api/campaigns').send(later).expect(201);
    await t.http().post(`/api/campaigns/${campaign.id}/clusters`).send(cluster).expect(201);
  });
  afterAll(async () => t?.close());

  describe('a phase created by mistake (PhaseWithdrawn)', () => {
    const phases = `/api/campaigns/${later.id}/phases`;

    it('withdraws a phase that has not started: PhaseAdded stays, the phase takes nothing more', async () => {
      await t.http().post(phases).send({ id: 'dot-nham', name: 'Đợt tạo nhầm', startsOn: '2099-03-01', endsOn: '2099-04-30' }).expect(201);
      const res = await t.http().post(`${phases}/dot-nham/withdrawal`).send({ reason: 'Tạo nhầm: trùng đợt cao điểm' }).expect(201);
      expect(res.body).toMatchObject({ streamId: `campaign:${later.id}`, version: 3 });
      const events = await stream(`campaign:${later.id}`);
      expect(events.map((e) => e.type)).toEqual(['CampaignLaunched', 'PhaseAdded', 'PhaseWithdrawn']);
      expect(events[2].data).toEqual({
        campaignId: later.id,
        phaseId: 'dot-nham',
        reason: 'Tạo nhầm: trùng đợt cao điểm',
        withdrawnOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      });
      // Decisions that name it now refuse it; its id is not reused.
      await expectRefusal(
        t,
        () => t.http().post(`/api/campaigns/${later.id}/clusters/cum-9/rankings/publications`).send({ period: '2099-03', phaseId: 'dot-nham' }),
        422,
        'phase-not-found',
      );
      await expectRefusal(
        t,
        () => t.http().post(phases).send({ id: 'dot-nham', name: 'Lại', startsOn: '2099-05-01', endsOn: '2099-05-31' }),
        409,
        'already-exists',
      );
      await expectRefusal(t, () => t.http().post(`${phases}/dot-nham/withdrawal`).send({ reason: 'Lần nữa' }), 422, 'phase-withdrawn');
    });

    it('refuses a phase that has started (422 phase-started), an unknown one (404), a missing reason (400)', async () => {
      await t
        .http()
        .post(`/api/campaigns/${campaign.id}/phases`)
        .send({ id: 'dot-dau-nam', name: 'Đợt đầu năm 2026', startsOn: '2026-01-01', endsOn: '2026-03-31' })
        .expect(201);
      const refused = await expectRefusal(
        t,
        () => t.http().post(`/api/campaigns/${campaign.id}/phases/dot-dau-nam/withdrawal`).send({ reason: 'Nhầm' }),
        422,
        'phase-started',
      );
      expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(['phaseId']);
      await expectRefusal(t, () => t.http().post(`${phases}/khong-co/withdrawal`).send({ reason: 'Nhầm' }), 404, 'phase-not-found');
      await expectRefusal(t, () => t.http().post(`${phases}/dot-nham/withdrawal`).send({}), 400, 'invalid-request', ['reason']);
    });
  });

  describe('a publication withdrawn or superseded (PublicationWithdrawn)', () => {
    const base = `/api/campaigns/${campaign.id}/clusters/cum-9/rankings/publications`;

    it('withdraws a publication, superseded by a later one: both stay listed, the first marked', async () => {
      await logHead(t);
      await t.http().post(base).send({ id: 'thang-06', period: '2026-06' }).expect(201);
      await t.http().post(base).send({ id: 'thang-06-lan-2', period: '2026-06' }).expect(201);
      const res = await t
        .http()
        .post(`${base}/thang-06/withdrawal`)
        .send({ reason: 'Công bố trước khi kiểm tra chéo', supersededBy: 'thang-06-lan-2' })
        .expect(201);
      const events = await stream(`cluster:${campaign.id}:cum-9`);
      expect(events.map((e) => e.type)).toEqual(['ClusterFormed', 'RankingPublished', 'RankingPublished', 'PublicationWithdrawn']);
      const list = await t.http().get(`${base}?minPosition=${res.body.position}`).expect(200);
      expect(list.body.publications.map((p: { publicationId: string; withdrawal: unknown }) => [p.publicationId, p.withdrawal])).toEqual([
        [
          'thang-06',
          {
            reason: 'Công bố trước khi kiểm tra chéo',
            supersededBy: 'thang-06-lan-2',
            position: res.body.position,
            withdrawnAt: expect.any(String),
            withdrawnBy: 'admin',
          },
        ],
        ['thang-06-lan-2', null],
      ]);
      expect(list.body.publications[0].rows).toHaveLength(3);
    });

    it('refuses one withdrawn already, an unknown successor, itself, an unknown publication (404)', async () => {
      await expectRefusal(t, () => t.http().post(`${base}/thang-06/withdrawal`).send({ reason: 'Lần nữa' }), 422, 'publication-withdrawn');
      await expectRefusal(
        t,
        () => t.http().post(`${base}/thang-06-lan-2/withdrawal`).send({ reason: 'x', supersededBy: 'khong-co' }),
        422,
        'publication-not-found',
      );
      await expectRefusal(
        t,
        () => t.http().post(`${base}/thang-06-lan-2/withdrawal`).send({ reason: 'x', supersededBy: 'thang-06-lan-2' }),
        422,
        'supersedes-itself',
      );
      await expectRefusal(t, () => t.http().post(`${base}/khong-co/withdrawal`).send({ reason: 'x' }), 404, 'publication-not-found');
    });
  });

  describe('a revocation annulled (RevocationAnnulled)', () => {
    const decision = {
      id: 'qd-77-2026-bca',
      form: 'certificate-of-merit',
      authority: 'minister',
      recipient: { kind: 'individual', id: 'nguyen-van-an' },
      achievementId: 'pha-an-77',
      decisionNo: '77/QĐ-BCA',
      decidedOn: '2026-09-02',
      amountVnd: 1_800_000,
    };

    it('puts the decision in force again: the revocation stays in the log, the register counts it again, the achievement stays claimed', async () => {
      await t.http().post('/api/commendations').send(decision).expect(201);
      await t
        .http()
        .post(`/api/commendations/${decision.id}/revocation`)
        .send({ ground: 'false-declaration', reason: 'Kê khai sai', decisionNo: '88/QĐ-BCA', decidedOn: '2026-09-10' })
        .expect(201);
      const revoked = await t
        .http()
        .get(`/api/commendations/register?unitId=ca-hai-phong&minPosition=${await logHead(t)}`)
        .expect(200);
      expect(revoked.body.total).toEqual({ count: 0, amountVnd: 0 });

      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post(`/api/commendations/${decision.id}/revocation/annulment`)
            .send({ reason: 'x', decisionNo: '95', decidedOn: '2026-09-11', authority: 'province' }),
        422,
        'authority-too-low',
      );
      const res = await t
        .http()
        .post(`/api/commendations/${decision.id}/revocation/annulment`)
        .send({ reason: 'Kết luận thanh tra: kê khai đúng', decisionNo: '95/QĐ-BCA', decidedOn: '2026-09-20' })
        .expect(201);
      expect((await stream(`commendation:${decision.id}`)).map((e) => e.type)).toEqual(['CommendationRecorded', 'CommendationRevoked', 'RevocationAnnulled']);
      const one = await t.http().get(`/api/commendations/${decision.id}?minPosition=${res.body.position}`).expect(200);
      expect(one.body).toMatchObject({
        status: 'active',
        revocation: null,
        annulledRevocations: [
          {
            decisionNo: '95/QĐ-BCA',
            decidedOn: '2026-09-20',
            annulledRevocationNo: '88/QĐ-BCA',
            authority: 'minister',
            reason: 'Kết luận thanh tra: kê khai đúng',
          },
        ],
      });
      const register = await t.http().get(`/api/commendations/register?unitId=ca-hai-phong&minPosition=${res.body.position}`).expect(200);
      expect(register.body.total).toEqual({ count: 1, amountVnd: 1_800_000 });
      // One achievement, one award: still held by this decision.
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post('/api/commendations')
            .send({ ...decision, id: 'qd-78-2026-bca' }),
        422,
        'achievement-already-awarded',
      );
      await expectRefusal(
        t,
        () => t.http().post(`/api/commendations/${decision.id}/revocation/annulment`).send({ reason: 'x', decisionNo: '96', decidedOn: '2026-09-21' }),
        422,
        'not-revoked',
      );
    });
  });

  describe("a decision's number, date or recipient corrected (CommendationCorrected)", () => {
    const decision = {
      id: 'qd-91-2026-bca',
      form: 'certificate-of-merit',
      authority: 'minister',
      recipient: { kind: 'individual', id: 'nguyen-van-an' },
      decisionNo: '91/QĐ-BCA',
      decidedOn: '2026-10-02',
      amountVnd: 900_000,
    };

    it('corrects the number and date: the register and the decision show the correction with what it was', async () => {
      await t.http().post('/api/commendations').send(decision).expect(201);
      const res = await t
        .http()
        .post(`/api/commendations/${decision.id}/correction`)
        .send({ reason: 'Ghi nhầm số và ngày', decisionNo: '19/QĐ-BCA', decidedOn: '2026-10-01' })
        .expect(201);
      const events = await stream(`commendation:${decision.id}`);
      expect(events.map((e) => e.type)).toEqual(['CommendationRecorded', 'CommendationCorrected']);
      expect(events[0].data).toMatchObject({ decisionNo: '91/QĐ-BCA', decidedOn: '2026-10-02' });
      expect(events[1].data).toEqual({
        commendationId: decision.id,
        reason: 'Ghi nhầm số và ngày',
        changes: { decisionNo: '19/QĐ-BCA', decidedOn: '2026-10-01' },
        previous: { decisionNo: '91/QĐ-BCA', decidedOn: '2026-10-02' },
      });
      const one = await t.http().get(`/api/commendations/${decision.id}?minPosition=${res.body.position}`).expect(200);
      expect(one.body).toMatchObject({
        decisionNo: '19/QĐ-BCA',
        decidedOn: '2026-10-01',
        corrected: true,
        corrections: [{ reason: 'Ghi nhầm số và ngày', changes: { decisionNo: '19/QĐ-BCA' }, previous: { decisionNo: '91/QĐ-BCA' }, actor: 'admin' }],
      });
    });

    it('corrects the recipient: the register counts it under the new unit; a recipient that does not exist is refused', async () => {
      const before = await t
        .http()
        .get(`/api/commendations/register?unitId=ca-can-tho&minPosition=${await logHead(t)}`)
        .expect(200);
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post(`/api/commendations/${decision.id}/correction`)
            .send({ reason: 'x', recipient: { kind: 'individual', id: 'khong-co' } }),
        422,
        'officer-not-found',
      );
      const res = await t
        .http()
        .post(`/api/commendations/${decision.id}/correction`)
        .send({ reason: 'Nhầm người', recipient: { kind: 'individual', id: 'tran-thi-binh' } })
        .expect(201);
      const after = await t.http().get(`/api/commendations/register?unitId=ca-can-tho&minPosition=${res.body.position}`).expect(200);
      expect(after.body.total.count).toBe(before.body.total.count + 1);
      expect(after.body.total.amountVnd).toBe(before.body.total.amountVnd + 900_000);
      const one = await t.http().get(`/api/commendations/${decision.id}?minPosition=${res.body.position}`).expect(200);
      expect(one.body.recipient).toEqual({ kind: 'individual', id: 'tran-thi-binh' });
      expect(one.body.corrections).toHaveLength(2);
      expect(one.body.corrections[1]).toMatchObject({ changes: { recipient: { id: 'tran-thi-binh' } }, previous: { recipient: { id: 'nguyen-van-an' } } });
    });

    it('refuses a correction that changes nothing (422), without a reason (400), of an unknown decision (404)', async () => {
      await expectRefusal(
        t,
        () => t.http().post(`/api/commendations/${decision.id}/correction`).send({ reason: 'x', decisionNo: '19/QĐ-BCA' }),
        422,
        'nothing-to-correct',
      );
      await expectRefusal(t, () => t.http().post(`/api/commendations/${decision.id}/correction`).send({ decisionNo: '20/QĐ-BCA' }), 400, 'invalid-request', [
        'reason',
      ]);
      await expectRefusal(
        t,
        () => t.http().post('/api/commendations/khong-co/correction').send({ reason: 'x', decisionNo: '1' }),
        404,
        'commendation-not-found',
      );
    });
  });
});
