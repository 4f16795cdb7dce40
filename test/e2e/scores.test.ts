import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from '../support/app.js';
import { storeKinds } from '../support/databases.js';
import { campaign, phase, units } from '../support/fixtures.js';
import { expectRefusal } from '../support/refusals.js';
import { expectWritten } from '../support/writes.js';

const C = campaign.id;
const CLOSED = 'vi-an-ninh-to-quoc-2025';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const entries = (unitId: string, campaignId = C) => `/api/campaigns/${campaignId}/units/${unitId}/score-entries`;
const stream = (unitId: string) => `scorecard:${C}:${unitId}`;
const achievement = (criterionId: string, points: unknown, extra: Record<string, unknown> = {}) => ({
  kind: 'achievement',
  criterionId,
  points,
  source: 'self-assessment',
  reason: 'Tự chấm',
  ...extra,
});

interface StreamEvent {
  type: string;
  version: number;
  position: number;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

describe.each(storeKinds('scores'))('score entries (%s store)', (kind) => {
  let t: TestApp;
  const events = async (unitId: string): Promise<StreamEvent[]> =>
    (
      await t
        .http()
        .get(`/api/streams/${stream(unitId)}`)
        .expect(200)
    ).body.events;

  beforeAll(async () => {
    t = await startApp(kind);
    for (const unit of Object.values(units)) await t.http().post('/api/units').send(unit).expect(201);
    await t.http().post('/api/campaigns').send(campaign).expect(201);
    await t.http().post(`/api/campaigns/${C}/phases`).send(phase).expect(201);
    await t.http().post(`/api/campaigns/${C}/phases`).send({ id: 'dot-quy-1', name: 'Quý I', startsOn: '2026-01-01', endsOn: '2026-03-31' }).expect(201);
    await t.http().post(`/api/campaigns/${C}/phases/dot-quy-1/close`).send({}).expect(201);
    await t
      .http()
      .post('/api/campaigns')
      .send({ ...campaign, id: CLOSED, startsOn: '2025-01-01', endsOn: '2025-12-31' })
      .expect(201);
    await t.http().post(`/api/campaigns/${CLOSED}/close`).send({}).expect(201);
  });
  afterAll(async () => t?.close());

  describe('recording', () => {
    it('records an achievement with a server-assigned entryId (201, UUID v7)', async () => {
      const res = await t
        .http()
        .post(entries('ca-hau-giang'))
        .send(achievement('c1-1', 10, { phaseId: phase.id, evidence: ['BC-12/CAHG'] }));
      expectWritten(res, stream('ca-hau-giang'), 1);
      expect(res.body.entryId).toMatch(UUID);
      const [event] = await events('ca-hau-giang');
      expect(event).toMatchObject({
        type: 'ScoreEntryRecorded',
        version: 1,
        data: {
          campaignId: C,
          unitId: 'ca-hau-giang',
          entryId: res.body.entryId,
          kind: 'achievement',
          criterionId: 'c1-1',
          points: '10',
          phaseId: phase.id,
          source: 'self-assessment',
          evidence: ['BC-12/CAHG'],
          replaces: null,
        },
      });
    });

    it('records an adjustment, a bonus and a penalty, echoing client entryIds', async () => {
      const adj = await t
        .http()
        .post(entries('ca-hau-giang'))
        .send({ entryId: 'hg-adj-1', kind: 'adjustment', criterionId: 'c1-1', points: '-2.5', source: 'cross-inspection', reason: 'Kiểm tra chéo trừ điểm' });
      expectWritten(adj, stream('ca-hau-giang'), 2);
      expect(adj.body.entryId).toBe('hg-adj-1');
      const bonus = await t
        .http()
        .post(entries('ca-hau-giang'))
        .send({ entryId: 'hg-bonus-1', kind: 'bonus', points: 5, source: 'ministry', reason: 'Chuyên đề xuất sắc' });
      expectWritten(bonus, stream('ca-hau-giang'), 3);
      expect(bonus.body.entryId).toBe('hg-bonus-1');
      const penalty = await t
        .http()
        .post(entries('ca-hau-giang'))
        .send({ entryId: 'hg-penalty-1', kind: 'penalty', points: 3, source: 'cluster', reason: 'Báo cáo chậm' });
      expectWritten(penalty, stream('ca-hau-giang'), 4);
      expect(penalty.body.entryId).toBe('hg-penalty-1');
      const data = (await events('ca-hau-giang')).map((e) => e.data);
      expect(data.slice(1).map((d) => [d.kind, d.criterionId, d.points, d.evidence])).toEqual([
        ['adjustment', 'c1-1', '-2.5', []],
        ['bonus', null, '5', []],
        ['penalty', null, '3', []],
      ]);
    });

    it('refuses points with three decimals or as an object (400 naming points)', async () => {
      await expectRefusal(t, () => t.http().post(entries('ca-hau-giang')).send(achievement('c1-1', '1.234')), 400, 'invalid-request', 'points');
      await expectRefusal(t, () => t.http().post(entries('ca-hau-giang')).send(achievement('c1-1', 1.234)), 400, 'invalid-request', 'points');
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post(entries('ca-hau-giang'))
            .send(achievement('c1-1', { value: 1 })),
        400,
        'invalid-request',
        'points',
      );
      await expectRefusal(t, () => t.http().post(entries('ca-hau-giang')).send(achievement('c1-1', '1e2')), 400, 'invalid-request', 'points');
    });

    it('names every bad field (400)', async () => {
      await expectRefusal(
        t,
        () => t.http().post(entries('ca-hau-giang')).send({ entryId: 'Bad Id', kind: 'reward', points: null, source: 'rumour', evidence: 'BC-1' }),
        400,
        'invalid-request',
        ['entryId', 'kind', 'points', 'source', 'reason', 'evidence'],
      );
      await expectRefusal(
        t,
        () => t.http().post('/api/campaigns/Bad%20Id/units/ca-hau-giang/score-entries').send(achievement('c1-1', 1)),
        400,
        'invalid-request',
        'id',
      );
    });

    it('answers 404 for an unknown campaign or unit', async () => {
      await expectRefusal(t, () => t.http().post(entries('ca-hau-giang', 'khong-co')).send(achievement('c1-1', 1)), 404, 'campaign-not-found');
      await expectRefusal(t, () => t.http().post(entries('ca-khong-co')).send(achievement('c1-1', 1)), 404, 'unit-not-found');
    });
  });

  describe('rules (422)', () => {
    const post = (body: Record<string, unknown>) => () => t.http().post(entries('ca-can-tho')).send(body);

    it('criterion-required: achievement and adjustment need a criterion', async () => {
      await expectRefusal(t, post({ kind: 'achievement', points: 1, source: 'self-assessment', reason: 'x' }), 422, 'criterion-required', 'criterionId');
      await expectRefusal(t, post({ kind: 'adjustment', points: 1, source: 'self-assessment', reason: 'x' }), 422, 'criterion-required', 'criterionId');
    });

    it('criterion-not-allowed: bonus and penalty have none', async () => {
      await expectRefusal(
        t,
        post({ kind: 'bonus', criterionId: 'c1-1', points: 1, source: 'ministry', reason: 'x' }),
        422,
        'criterion-not-allowed',
        'criterionId',
      );
      await expectRefusal(
        t,
        post({ kind: 'penalty', criterionId: 'c1-1', points: 1, source: 'ministry', reason: 'x' }),
        422,
        'criterion-not-allowed',
        'criterionId',
      );
    });

    it('criterion-not-found naming criterionId', async () => {
      await expectRefusal(t, post(achievement('c9-9', 1)), 422, 'criterion-not-found', 'criterionId');
    });

    it('invalid-points-sign: achievement, bonus, penalty ≤ 0; adjustment 0', async () => {
      await expectRefusal(t, post(achievement('c1-1', 0)), 422, 'invalid-points-sign', 'points');
      await expectRefusal(t, post(achievement('c1-1', -1)), 422, 'invalid-points-sign', 'points');
      await expectRefusal(
        t,
        post({ kind: 'adjustment', criterionId: 'c1-1', points: '0.00', source: 'self-assessment', reason: 'x' }),
        422,
        'invalid-points-sign',
        'points',
      );
      await expectRefusal(t, post({ kind: 'bonus', points: -5, source: 'ministry', reason: 'x' }), 422, 'invalid-points-sign', 'points');
      await expectRefusal(t, post({ kind: 'penalty', points: 0, source: 'ministry', reason: 'x' }), 422, 'invalid-points-sign', 'points');
    });

    it('criterion-max-exceeded, with the total and the maximum', async () => {
      const res = await expectRefusal(t, post(achievement('c2-1', '100.01')), 422, 'criterion-max-exceeded', 'points');
      expect(res.body).toMatchObject({ criterionId: 'c2-1', total: 100.01, max: 100 });
    });

    it('criterion-below-zero', async () => {
      const res = await expectRefusal(
        t,
        post({ kind: 'adjustment', criterionId: 'c2-1', points: -0.01, source: 'cross-inspection', reason: 'x' }),
        422,
        'criterion-below-zero',
        'points',
      );
      expect(res.body).toMatchObject({ criterionId: 'c2-1', total: -0.01 });
    });

    it('bonus-cap-exceeded', async () => {
      await t.http().post(entries('ca-can-tho')).send({ kind: 'bonus', points: 49.99, source: 'ministry', reason: 'Thưởng' }).expect(201);
      const res = await expectRefusal(t, post({ kind: 'bonus', points: 0.02, source: 'ministry', reason: 'x' }), 422, 'bonus-cap-exceeded', 'points');
      expect(res.body).toMatchObject({ bonus: 50.01, cap: 50 });
      await t.http().post(entries('ca-can-tho')).send({ kind: 'bonus', points: 0.01, source: 'ministry', reason: 'Đủ trần' }).expect(201);
    });

    it('phase-not-found naming phaseId; phase-closed', async () => {
      await expectRefusal(t, post(achievement('c1-1', 1, { phaseId: 'dot-khong-co' })), 422, 'phase-not-found', 'phaseId');
      await expectRefusal(t, post(achievement('c1-1', 1, { phaseId: 'dot-quy-1' })), 422, 'phase-closed', 'phaseId');
    });

    it('campaign-closed', async () => {
      await expectRefusal(t, () => t.http().post(entries('ca-can-tho', CLOSED)).send(achievement('c1-1', 1)), 422, 'campaign-closed');
    });

    it('entry-already-recorded for a reused client entryId', async () => {
      await t
        .http()
        .post(entries('ca-can-tho'))
        .send(achievement('c1-1', 1, { entryId: 'ct-1' }))
        .expect(201);
      await expectRefusal(t, post(achievement('c1-1', 1, { entryId: 'ct-1' })), 422, 'entry-already-recorded', 'entryId');
      await expectRefusal(t, post(achievement('c1-2', 2, { entryId: 'ct-1' })), 422, 'entry-already-recorded', 'entryId');
    });
  });

  describe('reversal and correction', () => {
    const base = entries('ca-soc-trang');

    it('reverses an entry (201); a second reversal is 422 entry-already-reversed; an unknown entry 404', async () => {
      await t
        .http()
        .post(base)
        .send(achievement('c1-1', 20, { entryId: 'st-c1-1' }))
        .expect(201);
      const res = await t.http().post(`${base}/st-c1-1/reversal`).send({ reason: 'Nhập trùng' });
      expectWritten(res, stream('ca-soc-trang'), 2);
      expect(res.body.entryId).toBe('st-c1-1');
      expect((await events('ca-soc-trang'))[1]).toMatchObject({
        type: 'ScoreEntryReversed',
        data: { entryId: 'st-c1-1', reason: 'Nhập trùng', correctedBy: null },
      });
      await expectRefusal(t, () => t.http().post(`${base}/st-c1-1/reversal`).send({ reason: 'Lần nữa' }), 422, 'entry-already-reversed', 'entryId');
      await expectRefusal(t, () => t.http().post(`${base}/st-khong-co/reversal`).send({ reason: 'x' }), 404, 'score-entry-not-found');
      await expectRefusal(t, () => t.http().post(`${base}/st-c1-1/reversal`).send({}), 400, 'invalid-request', 'reason');
    });

    it('refuses a reversal that would take a criterion below zero, or touch a closed phase', async () => {
      await t
        .http()
        .post(base)
        .send(achievement('c3-1', 10, { entryId: 'st-c3-1' }))
        .expect(201);
      await t
        .http()
        .post(base)
        .send({ kind: 'adjustment', criterionId: 'c3-1', points: -6, source: 'cross-inspection', reason: 'Trừ', entryId: 'st-c3-1-adj' })
        .expect(201);
      await expectRefusal(t, () => t.http().post(`${base}/st-c3-1/reversal`).send({ reason: 'x' }), 422, 'criterion-below-zero', 'points');

      await t.http().post(`/api/campaigns/${C}/phases`).send({ id: 'dot-thang-6', name: 'Tháng 6', startsOn: '2026-06-01', endsOn: '2026-06-30' }).expect(201);
      await t
        .http()
        .post(base)
        .send(achievement('c5-1', 5, { entryId: 'st-c5-1', phaseId: 'dot-thang-6' }))
        .expect(201);
      await t.http().post(`/api/campaigns/${C}/phases/dot-thang-6/close`).send({}).expect(201);
      await expectRefusal(t, () => t.http().post(`${base}/st-c5-1/reversal`).send({ reason: 'x' }), 422, 'phase-closed', 'entryId');
      await expectRefusal(t, () => t.http().post(`${base}/st-c5-1/correction`).send({ points: 4, reason: 'x' }), 422, 'phase-closed', 'entryId');
    });

    it('corrects an entry: reversal + replacement in one append (version +2, consecutive positions)', async () => {
      const recorded = await t
        .http()
        .post(base)
        .send(achievement('c2-2', 40, { entryId: 'st-c2-2', evidence: ['BC-7/CAST'] }))
        .expect(201);
      const before = recorded.body.version as number;
      const res = await t.http().post(`${base}/st-c2-2/correction`).send({ points: '35.5', reason: 'Kiểm tra chéo xác định lại' });
      expectWritten(res, stream('ca-soc-trang'), before + 2);
      expect(res.body.entryId).toBe('st-c2-2');
      expect(res.body.replacementEntryId).toMatch(UUID);

      const [reversed, replacement] = (await events('ca-soc-trang')).slice(-2);
      expect(reversed).toMatchObject({
        type: 'ScoreEntryReversed',
        version: before + 1,
        data: { entryId: 'st-c2-2', correctedBy: res.body.replacementEntryId },
      });
      expect(replacement).toMatchObject({
        type: 'ScoreEntryRecorded',
        version: before + 2,
        data: {
          entryId: res.body.replacementEntryId,
          replaces: 'st-c2-2',
          kind: 'achievement',
          criterionId: 'c2-2',
          points: '35.5',
          evidence: ['BC-7/CAST'],
          source: 'self-assessment',
        },
      });
      expect(replacement.position).toBe(reversed.position + 1);
      expect(res.body.position).toBe(replacement.position);
      expect(replacement.metadata.commandId).toBe(reversed.metadata.commandId);
      expect(reversed.metadata.actor).toBe('admin');
      // Nothing else in the global log between the two.
      const log = await t
        .http()
        .get(`/api/events?after=${reversed.position - 1}&limit=2`)
        .expect(200);
      expect(log.body.events.map((e: StreamEvent) => e.type)).toEqual(['ScoreEntryReversed', 'ScoreEntryRecorded']);
    });

    it('refuses corrections that break a rule, writing neither half', async () => {
      await expectRefusal(t, () => t.http().post(`${base}/st-c2-2/correction`).send({ points: 1, reason: 'x' }), 422, 'entry-already-reversed', 'entryId');
      await t
        .http()
        .post(base)
        .send(achievement('c4-1', 150, { entryId: 'st-c4-1' }))
        .expect(201);
      await expectRefusal(t, () => t.http().post(`${base}/st-c4-1/correction`).send({ points: 200.01, reason: 'x' }), 422, 'criterion-max-exceeded', 'points');
      await expectRefusal(t, () => t.http().post(`${base}/st-c4-1/correction`).send({ points: 0, reason: 'x' }), 422, 'invalid-points-sign', 'points');
      await expectRefusal(t, () => t.http().post(`${base}/st-khong-co/correction`).send({ points: 1, reason: 'x' }), 404, 'score-entry-not-found');
      await expectRefusal(t, () => t.http().post(`${base}/st-c4-1/correction`).send({ points: '1.001', reason: 'x' }), 400, 'invalid-request', 'points');
    });
  });

  describe('exactness', () => {
    it('records 0.1 + 0.2 and reads them back as "0.1", "0.2"; 99.7 more reaches exactly 100', async () => {
      const base = entries('ca-hai-phong');
      await t.http().post(base).send(achievement('c2-1', 0.1)).expect(201);
      await t.http().post(base).send(achievement('c2-1', '0.2')).expect(201);
      expect((await events('ca-hai-phong')).map((e) => e.data.points)).toEqual(['0.1', '0.2']);
      await t.http().post(base).send(achievement('c2-1', 99.7)).expect(201);
      const res = await expectRefusal(t, () => t.http().post(base).send(achievement('c2-1', '0.01')), 422, 'criterion-max-exceeded', 'points');
      expect(res.body).toMatchObject({ total: 100.01, max: 100 });
      // Trailing zeros and whitespace are normalised; the value is exact.
      await t.http().post(base).send({ kind: 'adjustment', criterionId: 'c2-1', points: ' -0.30 ', source: 'ministry', reason: 'x' }).expect(201);
      expect((await events('ca-hai-phong')).at(-1)?.data.points).toBe('-0.3');
    });
  });
});
