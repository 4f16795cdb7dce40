import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from '../support/app.js';
import { storeKinds } from '../support/databases.js';
import { campaign, phase, units } from '../support/fixtures.js';
import { expectRefusal } from '../support/refusals.js';
import { expectWritten } from '../support/writes.js';

const officer = { id: 'nguyen-van-an', fullName: 'Nguyễn Văn An', rank: 'Thiếu tá', unitId: 'ca-hai-phong' };

/**
 * Bằng khen của Bộ trưởng for Công an thành phố Hải Phòng, for a campaign's phase (a diploma's
 * title is free text; flags and titles have their own rules: conferral-rules, eligibility).
 */
const flag = {
  id: 'qd-1234-2026-bca',
  form: 'diploma-of-merit',
  authority: 'minister',
  recipient: { kind: 'collective', id: 'ca-hai-phong' },
  title: 'Bằng khen của Bộ trưởng Bộ Công an',
  campaignId: campaign.id,
  phaseId: phase.id,
  decisionNo: '1234/QĐ-BCA',
  decidedOn: '2026-11-20',
  achievementPeriod: { from: '2026-01-01', to: '2026-12-31' },
  amountVnd: 80000000,
};
/** Bằng khen của Bộ trưởng for an officer. */
const meritCertificate = {
  id: 'qd-567-2026-bca',
  form: 'certificate-of-merit',
  authority: 'minister',
  recipient: { kind: 'individual', id: 'nguyen-van-an' },
  decisionNo: '567/QĐ-BCA',
  decidedOn: '2026-09-02',
};
const revocation = { ground: 'false-declaration', reason: 'Kê khai không trung thực thành tích', decisionNo: '88/QĐ-BCA', decidedOn: '2026-11-25' };

describe.each(storeKinds('commendations'))('commendations (%s store)', (kind) => {
  let t: TestApp;
  const record = (body: Record<string, unknown>) => () => t.http().post('/api/commendations').send(body);
  const other = (overrides: Record<string, unknown>) => ({ ...flag, id: 'qd-x', ...overrides });

  beforeAll(async () => {
    t = await startApp(kind);
    for (const unit of Object.values(units)) await t.http().post('/api/units').send(unit).expect(201);
    await t.http().post('/api/officers').send(officer).expect(201);
    await t.http().post('/api/campaigns').send(campaign).expect(201);
    await t.http().post(`/api/campaigns/${campaign.id}/phases`).send(phase).expect(201);
  });
  afterAll(async () => t?.close());

  describe('POST /api/commendations', () => {
    it('records a collective commendation (201)', async () => {
      expectWritten(await t.http().post('/api/commendations').send(flag), 'commendation:qd-1234-2026-bca', 1);
      const stream = await t.http().get('/api/streams/commendation:qd-1234-2026-bca').expect(200);
      expect(stream.body.events[0]).toMatchObject({
        type: 'CommendationRecorded',
        data: {
          commendationId: flag.id,
          form: 'diploma-of-merit',
          title: flag.title,
          recipient: flag.recipient,
          campaignId: campaign.id,
          phaseId: phase.id,
          amountVnd: 80000000,
          achievementPeriod: flag.achievementPeriod,
        },
      });
    });

    it('records an individual commendation (201) with optional fields defaulted', async () => {
      expectWritten(await t.http().post('/api/commendations').send(meritCertificate), 'commendation:qd-567-2026-bca', 1);
      const stream = await t.http().get('/api/streams/commendation:qd-567-2026-bca').expect(200);
      expect(stream.body.events[0].data).toMatchObject({
        recipient: { kind: 'individual', id: 'nguyen-van-an' },
        campaignId: null,
        phaseId: null,
        amountVnd: null,
        achievementPeriod: null,
      });
    });

    it('refuses a bad form, authority or recipient kind (400 naming each)', async () => {
      await expectRefusal(t, record(other({ form: 'gold-star' })), 400, 'invalid-request', 'form');
      await expectRefusal(t, record(other({ authority: 'mayor' })), 400, 'invalid-request', 'authority');
      await expectRefusal(t, record(other({ recipient: { kind: 'team', id: 'ca-hai-phong' } })), 400, 'invalid-request', 'recipient.kind');
      await expectRefusal(t, record(other({ form: 'x', authority: 'y', recipient: { kind: 'z', id: 'Bad Id' } })), 400, 'invalid-request', [
        'form',
        'authority',
        'recipient.kind',
        'recipient.id',
      ]);
    });

    it('refuses a missing recipient (400 naming recipient)', async () => {
      await expectRefusal(t, record(other({ recipient: undefined })), 400, 'invalid-request', 'recipient');
      await expectRefusal(t, record(other({ recipient: 'ca-hai-phong' })), 400, 'invalid-request', 'recipient');
    });

    it('refuses a negative or fractional amountVnd (400 naming amountVnd)', async () => {
      await expectRefusal(t, record(other({ amountVnd: -1 })), 400, 'invalid-request', 'amountVnd');
      await expectRefusal(t, record(other({ amountVnd: 1500.5 })), 400, 'invalid-request', 'amountVnd');
      await expectRefusal(t, record(other({ amountVnd: '80000000' })), 400, 'invalid-request', 'amountVnd');
    });

    it('refuses a bad decidedOn or period date (400 naming each)', async () => {
      await expectRefusal(t, record(other({ decidedOn: '2026-02-30' })), 400, 'invalid-request', 'decidedOn');
      await expectRefusal(t, record(other({ decidedOn: '20/12/2026', achievementPeriod: { from: '2026-01-01', to: '2026-31-12' } })), 400, 'invalid-request', [
        'decidedOn',
        'achievementPeriod.to',
      ]);
      await expectRefusal(t, record(other({ decidedOn: '0000-01-01' })), 400, 'invalid-request', 'decidedOn');
    });

    it('refuses a decision dated after today in Vietnam (UTC+7), accepts one dated today (400 naming decidedOn)', async () => {
      const vietnamDay = (offsetDays: number) => new Date(Date.now() + 7 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
      const res = await expectRefusal(
        t,
        record(other({ decidedOn: vietnamDay(1), phaseId: undefined, campaignId: undefined })),
        400,
        'invalid-request',
        'decidedOn',
      );
      expect(res.body.errors[0].message).toContain(vietnamDay(0));
      await expectRefusal(t, record(other({ decidedOn: '2099-01-01' })), 400, 'invalid-request', 'decidedOn');
      expectWritten(
        await t
          .http()
          .post('/api/commendations')
          .send(other({ id: 'qd-hom-nay', decidedOn: vietnamDay(0), phaseId: undefined, campaignId: undefined })),
        'commendation:qd-hom-nay',
        1,
      );
      // A revocation and a recovery are dated today at the latest too.
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post('/api/commendations/qd-hom-nay/revocation')
            .send({ ...revocation, decidedOn: vietnamDay(1) }),
        400,
        'invalid-request',
        'decidedOn',
      );
      await t
        .http()
        .post('/api/commendations/qd-hom-nay/revocation')
        .send({ ...revocation, decidedOn: vietnamDay(0) })
        .expect(201);
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post('/api/commendations/qd-hom-nay/recovery')
            .send({ objectRecovered: true, amountVnd: 0, recordedOn: vietnamDay(1) }),
        400,
        'invalid-request',
        'recordedOn',
      );
    });

    it('refuses an unknown recipient (422 unit-not-found / officer-not-found naming recipient.id)', async () => {
      const unit = await expectRefusal(t, record(other({ recipient: { kind: 'collective', id: 'ca-khong-co' } })), 422, 'unit-not-found', 'recipient.id');
      expect(unit.body.errors[0].field).toBe('recipient.id');
      await expectRefusal(t, record(other({ recipient: { kind: 'individual', id: 'can-bo-khong-co' } })), 422, 'officer-not-found', 'recipient.id');
      // A unit id is not an officer id.
      await expectRefusal(t, record(other({ recipient: { kind: 'individual', id: 'ca-hai-phong' } })), 422, 'officer-not-found', 'recipient.id');
    });

    it('refuses an unknown campaign or phase (422 naming campaignId / phaseId)', async () => {
      await expectRefusal(t, record(other({ campaignId: 'khong-co' })), 422, 'campaign-not-found', 'campaignId');
      await expectRefusal(t, record(other({ phaseId: 'dot-khong-co' })), 422, 'phase-not-found', 'phaseId');
    });

    it('refuses a phaseId without its campaignId (422 campaign-required)', async () => {
      await expectRefusal(t, record(other({ campaignId: undefined })), 422, 'campaign-required', 'campaignId');
    });

    it('refuses an achievement period ending before it starts (422 invalid-period)', async () => {
      await expectRefusal(t, record(other({ achievementPeriod: { from: '2026-12-31', to: '2026-01-01' } })), 422, 'invalid-period', 'achievementPeriod.to');
    });

    it('refuses a second decision with the same id (409 already-exists)', async () => {
      await expectRefusal(t, record({ ...flag, decisionNo: '1235/QĐ-BCA' }), 409, 'already-exists');
    });
  });

  describe('POST /api/commendations/:id/revocation', () => {
    it('revokes (201, version 2); a second revocation is 422 already-revoked', async () => {
      const res = await t.http().post(`/api/commendations/${flag.id}/revocation`).send(revocation);
      expectWritten(res, `commendation:${flag.id}`, 2);
      const stream = await t.http().get(`/api/streams/commendation:${flag.id}?fromVersion=2`).expect(200);
      expect(stream.body.events[0]).toMatchObject({ type: 'CommendationRevoked', data: { commendationId: flag.id, ...revocation } });
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post(`/api/commendations/${flag.id}/revocation`)
            .send({ ...revocation, decisionNo: '89/QĐ-BCA' }),
        422,
        'already-revoked',
      );
    });

    it('answers 404 for an unknown commendation', async () => {
      await expectRefusal(t, () => t.http().post('/api/commendations/qd-khong-co/revocation').send(revocation), 404, 'commendation-not-found');
    });

    it('refuses a revocation dated before the decision (422 revocation-before-decision)', async () => {
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post(`/api/commendations/${meritCertificate.id}/revocation`)
            .send({ ...revocation, decidedOn: '2026-09-01' }),
        422,
        'revocation-before-decision',
        'decidedOn',
      );
    });

    it('refuses a bad ground or missing fields (400 naming each)', async () => {
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post(`/api/commendations/${meritCertificate.id}/revocation`)
            .send({ ...revocation, ground: 'changed-mind' }),
        400,
        'invalid-request',
        'ground',
      );
      await expectRefusal(
        t,
        () => t.http().post(`/api/commendations/${meritCertificate.id}/revocation`).send({ ground: 'forged-documents' }),
        400,
        'invalid-request',
        ['reason', 'decisionNo', 'decidedOn'],
      );
      await expectRefusal(t, () => t.http().post('/api/commendations/QD%20567/revocation').send(revocation), 400, 'invalid-request', 'id');
    });

    it('revokes on the decision day itself (201)', async () => {
      expectWritten(
        await t
          .http()
          .post(`/api/commendations/${meritCertificate.id}/revocation`)
          .send({ ...revocation, ground: 'standard-not-met', decidedOn: meritCertificate.decidedOn }),
        `commendation:${meritCertificate.id}`,
        2,
      );
    });
  });
});
