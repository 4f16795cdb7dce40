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
  period: '2026-07',
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
          period: '2026-07',
          source: 'self-assessment',
          evidence: ['BC-12/CAHG'],
          replaces: null,
        },
      });
    });

    it('records an adjustment, a bonus and a penalty, echoing client entryIds', async () => {
      const adj = await t.http().post(entries('ca-hau-giang')).send({
        entryId: 'hg-adj-1',
        kind: 'adjustment',
        criterionId: 'c1-1',
        // As an inspector types it: the Vietnamese decimal comma; stored canonically as "-2.5".
        points: '-2,5',
        period: '2026-07',
        source: 'cross-inspection',
        reason: 'Kiểm tra chéo trừ điểm',
      });
      expectWritten(adj, stream('ca-hau-giang'), 2);
      expect(adj.body.entryId).toBe('hg-adj-1');
      const bonus = await t
        .http()
        .post(entries('ca-hau-giang'))
        .send({ entryId: 'hg-bonus-1', kind: 'bonus', points: 5, period: '2026-07', source: 'ministry', reason: 'Chuyên đề xuất sắc' });
      expectWritten(bonus, stream('ca-hau-giang'), 3);
      expect(bonus.body.entryId).toBe('hg-bonus-1');
      const penalty = await t
        .http()
        .post(entries('ca-hau-giang'))
        .send({ entryId: 'hg-penalty-1', kind: 'penalty', points: 3, period: '2026-07', source: 'cluster', reason: 'Báo cáo chậm' });
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
        () =>
          t
            .http()
            .post(entries('ca-hau-giang'))
            .send({ entryId: 'Bad Id', kind: 'reward', points: null, period: '2026-07', source: 'rumour', evidence: 'BC-1' }),
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
      await expectRefusal(
        t,
        post({ kind: 'achievement', points: 1, period: '2026-07', source: 'self-assessment', reason: 'x' }),
        422,
        'criterion-required',
        'criterionId',
      );
      await expectRefusal(
        t,
        post({ kind: 'adjustment', points: 1, period: '2026-07', source: 'self-assessment', reason: 'x' }),
        422,
        'criterion-required',
        'criterionId',
      );
    });

    it('criterion-not-allowed: bonus and penalty have none', async () => {
      await expectRefusal(
        t,
        post({ kind: 'bonus', criterionId: 'c1-1', points: 1, period: '2026-07', source: 'ministry', reason: 'x' }),
        422,
        'criterion-not-allowed',
        'criterionId',
      );
      await expectRefusal(
        t,
        post({ kind: 'penalty', criterionId: 'c1-1', points: 1, period: '2026-07', source: 'ministry', reason: 'x' }),
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
        post({ kind: 'adjustment', criterionId: 'c1-1', points: '0.00', period: '2026-07', source: 'self-assessment', reason: 'x' }),
        422,
        'invalid-points-sign',
        'points',
      );
      await expectRefusal(t, post({ kind: 'bonus', points: -5, period: '2026-07', source: 'ministry', reason: 'x' }), 422, 'invalid-points-sign', 'points');
      await expectRefusal(t, post({ kind: 'penalty', points: 0, period: '2026-07', source: 'ministry', reason: 'x' }), 422, 'invalid-points-sign', 'points');
    });

    it('criterion-max-exceeded, with the total and the maximum', async () => {
      const res = await expectRefusal(t, post(achievement('c2-1', '100.01')), 422, 'criterion-max-exceeded', 'points');
      expect(res.body).toMatchObject({ criterionId: 'c2-1', total: 100.01, max: 100 });
    });

    it('criterion-below-zero', async () => {
      const res = await expectRefusal(
        t,
        post({ kind: 'adjustment', criterionId: 'c2-1', points: -0.01, period: '2026-07', source: 'cross-inspection', reason: 'x' }),
        422,
        'criterion-below-zero',
        'points',
      );
      expect(res.body).toMatchObject({ criterionId: 'c2-1', total: -0.01 });
    });

    it('records bonus beyond the cap and counts it up to the cap: the scorecard shows raw, counted and cap', async () => {
      await t.http().post(entries('ca-can-tho')).send({ kind: 'bonus', points: 49.99, period: '2026-07', source: 'ministry', reason: 'Thưởng' }).expect(201);
      const beyond = await t
        .http()
        .post(entries('ca-can-tho'))
        .send({ kind: 'bonus', points: 0.02, period: '2026-07', source: 'ministry', reason: 'Thưởng thêm' });
      expect(beyond.status).toBe(201);
      const card = await t.http().get(`/api/campaigns/${C}/units/ca-can-tho/scorecard?minPosition=${beyond.body.position}`).expect(200);
      expect(card.body.bonus).toEqual({ raw: 50.01, counted: 50, cap: 50 });
    });

    it('requires a period (YYYY-MM, 400), within the campaign and the phase (422 naming period); occurredOn inside it', async () => {
      const noPeriod: Record<string, unknown> = achievement('c1-1', 1);
      delete noPeriod.period;
      await expectRefusal(t, post(noPeriod), 400, 'invalid-request', 'period');
      await expectRefusal(t, post(achievement('c1-1', 1, { period: '2026-7' })), 400, 'invalid-request', 'period');
      const outside = await expectRefusal(t, post(achievement('c1-1', 1, { period: '2025-12' })), 422, 'period-outside-campaign', 'period');
      expect(outside.body).toMatchObject({ startsOn: campaign.startsOn, endsOn: campaign.endsOn });
      await expectRefusal(t, post(achievement('c1-1', 1, { period: '2026-06', phaseId: phase.id })), 422, 'period-outside-phase', 'period');
      await expectRefusal(t, post(achievement('c1-1', 1, { occurredOn: '2026-08-01' })), 422, 'occurred-outside-period', 'occurredOn');
      await expectRefusal(t, post(achievement('c1-1', 1, { occurredOn: '2026-07-32' })), 400, 'invalid-request', 'occurredOn');
      const res = await t
        .http()
        .post(entries('ca-can-tho'))
        .send(achievement('c1-1', 1, { entryId: 'ct-thang-8', period: '2026-08', occurredOn: '2026-08-14', phaseId: phase.id }))
        .expect(201);
      expect((await events('ca-can-tho')).at(-1)).toMatchObject({ type: 'ScoreEntryRecorded', data: { period: '2026-08', occurredOn: '2026-08-14' } });
      const audit = await t.http().get(`/api/campaigns/${C}/units/ca-can-tho/audit?minPosition=${res.body.position}&limit=1000`).expect(200);
      expect(audit.body.events.at(-1)).toMatchObject({ entryId: 'ct-thang-8', period: '2026-08', occurredOn: '2026-08-14' });
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
        .send({ kind: 'adjustment', criterionId: 'c3-1', points: -6, period: '2026-07', source: 'cross-inspection', reason: 'Trừ', entryId: 'st-c3-1-adj' })
        .expect(201);
      await expectRefusal(t, () => t.http().post(`${base}/st-c3-1/reversal`).send({ reason: 'x' }), 422, 'criterion-below-zero', 'points');

      await t.http().post(`/api/campaigns/${C}/phases`).send({ id: 'dot-thang-6', name: 'Tháng 6', startsOn: '2026-06-01', endsOn: '2026-06-30' }).expect(201);
      await t
        .http()
        .post(base)
        .send(achievement('c5-1', 5, { entryId: 'st-c5-1', phaseId: 'dot-thang-6', period: '2026-06' }))
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
          period: '2026-07',
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

    it('corrects an entry already corrected: the correction chain is followed to the live replacement', async () => {
      const first = (await events('ca-soc-trang')).at(-1)!;
      const res = await t.http().post(`${base}/st-c2-2/correction`).send({ points: 30, reason: 'Sửa lần hai' });
      expectWritten(res, stream('ca-soc-trang'), first.version + 2);
      const [reversed, replacement] = (await events('ca-soc-trang')).slice(-2);
      expect(reversed).toMatchObject({ type: 'ScoreEntryReversed', data: { entryId: first.data.entryId, correctedBy: res.body.replacementEntryId } });
      expect(replacement).toMatchObject({ type: 'ScoreEntryRecorded', data: { points: '30', replaces: first.data.entryId, period: '2026-07' } });
      // A chain that ends in a reversal stays reversed.
      await expectRefusal(t, () => t.http().post(`${base}/st-c1-1/correction`).send({ points: 1, reason: 'x' }), 422, 'entry-already-reversed', 'entryId');
    });

    it('refuses corrections that break a rule, writing neither half', async () => {
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

  describe('two clocks: reads by period (period, through, on) and as recorded (asOf)', () => {
    const P = 'pt-hai-dong-ho-2026';
    const card = (unitId: string, query: string) => t.http().get(`/api/campaigns/${P}/units/${unitId}/scorecard?${query}`).expect(200);
    const ranking = async (query: string) =>
      (await t.http().get(`/api/campaigns/${P}/clusters/cum-2d/ranking?${query}`).expect(200)).body.rows.map(
        (r: { unitId: string; total: number; rank: number }) => [r.unitId, r.total, r.rank],
      );
    let beforeCorrection = 0;
    let head = 0;

    beforeAll(async () => {
      await t
        .http()
        .post('/api/campaigns')
        .send({ ...campaign, id: P })
        .expect(201);
      await t
        .http()
        .post(`/api/campaigns/${P}/clusters`)
        .send({ id: 'cum-2d', name: 'Cụm hai đồng hồ', kind: 'cluster', headUnitId: 'ca-hai-phong', memberUnitIds: ['ca-hai-phong', 'ca-hau-giang'] })
        .expect(201);
      const post = (unitId: string, entryId: string, points: number, period: string) =>
        t
          .http()
          .post(entries(unitId, P))
          .send(achievement('c1-1', points, { entryId, period }))
          .expect(201);
      await post('ca-hai-phong', 'hp-03', 10, '2026-03');
      await post('ca-hai-phong', 'hp-06', 20, '2026-06');
      await post('ca-hau-giang', 'hg-06', 25, '2026-06');
      beforeCorrection = (await post('ca-hau-giang', 'hg-07', 5, '2026-07')).body.position;
      // Recorded in July, for March: a correction of Hải Phòng's March entry.
      head = (
        await t
          .http()
          .post(`${entries('ca-hai-phong', P)}/hp-03/correction`)
          .send({ points: 1, reason: 'Kiểm tra chéo tháng 3' })
          .expect(201)
      ).body.position;
    });

    it('ranks one month (period), cumulatively to a month (through), or on a business date (on)', async () => {
      expect(await ranking(`period=2026-06&minPosition=${head}`)).toEqual([
        ['ca-hau-giang', 25, 1],
        ['ca-hai-phong', 20, 2],
      ]);
      expect(await ranking(`period=2026-03&minPosition=${head}`)).toEqual([
        ['ca-hai-phong', 1, 1],
        ['ca-hau-giang', 0, 2],
      ]);
      expect(await ranking(`through=2026-06&minPosition=${head}`)).toEqual([
        ['ca-hau-giang', 25, 1],
        ['ca-hai-phong', 21, 2],
      ]);
      expect(await ranking(`on=2026-06-30&minPosition=${head}`)).toEqual(await ranking(`through=2026-06&minPosition=${head}`));
      expect(await ranking(`minPosition=${head}`)).toEqual([
        ['ca-hau-giang', 30, 1],
        ['ca-hai-phong', 21, 2],
      ]);
      const res = await t.http().get(`/api/campaigns/${P}/clusters/cum-2d/ranking?on=2026-06-30&minPosition=${head}`).expect(200);
      expect(res.body).toMatchObject({ period: null, through: '2026-06', on: '2026-06-30' });
    });

    it('reads a month as it was known then: on with asOf', async () => {
      // "The ranking for June as it was known" before the March correction was recorded.
      expect(await ranking(`on=2026-06-30&asOf=${beforeCorrection}`)).toEqual([
        ['ca-hai-phong', 30, 1],
        ['ca-hau-giang', 25, 2],
      ]);
      expect((await card('ca-hai-phong', `period=2026-03&asOf=${beforeCorrection}`)).body.total).toBe(10);
      expect((await card('ca-hai-phong', `period=2026-03&minPosition=${head}`)).body.total).toBe(1);
      expect((await card('ca-hai-phong', `through=2026-02&minPosition=${head}`)).body.total).toBe(0);
      const june = await card('ca-hai-phong', `period=2026-06&minPosition=${head}`);
      expect(june.body).toMatchObject({ period: '2026-06', through: null, on: null, total: 20 });
    });

    it('reads an entry recorded before periods existed (schema version 1) for the month it was recorded in (Vietnam time)', async () => {
      const v1 = {
        campaignId: P,
        unitId: 'ca-hau-giang',
        entryId: 'hg-v1',
        kind: 'achievement',
        criterionId: 'c1-2',
        points: '3',
        phaseId: null,
        source: 'self-assessment',
        reason: 'Trước khi có kỳ',
        evidence: [],
        replaces: null,
      };
      const appended = await t.store.append(`scorecard:${P}:ca-hau-giang`, [{ type: 'ScoreEntryRecorded', data: v1 }], {
        expectedVersion: 'any',
        metadata: { actor: 'test:v1', commandId: 'v1-entry', correlationId: 'v1-entry', causationId: null },
      });
      if (appended.replayed) throw new Error('replayed');
      const [stored] = (await t.http().get(`/api/streams/scorecard:${P}:ca-hau-giang?fromVersion=${appended.version}`).expect(200)).body.events;
      expect(stored).toMatchObject({ schemaVersion: 1 });
      expect(stored.data).not.toHaveProperty('period');
      const month = new Date(new Date(stored.recordedAt).getTime() + 7 * 3600_000).toISOString().slice(0, 7);
      const card = await t.http().get(`/api/campaigns/${P}/units/ca-hau-giang/scorecard?period=${month}&minPosition=${appended.position}`).expect(200);
      expect(card.body.criteria.find((c: { criterionId: string }) => c.criterionId === 'c1-2').raw).toBe(3);
      // The decider reads it upcast too: its correction keeps that month.
      const corrected = await t
        .http()
        .post(`${entries('ca-hau-giang', P)}/hg-v1/correction`)
        .send({ points: 2, reason: 'Sửa' })
        .expect(201);
      const [, written] = (
        await t
          .http()
          .get(`/api/streams/scorecard:${P}:ca-hau-giang?fromVersion=${appended.version + 1}`)
          .expect(200)
      ).body.events;
      expect(written).toMatchObject({ schemaVersion: 2, data: { replaces: 'hg-v1', period: month } });
      const after = await t.http().get(`/api/campaigns/${P}/units/ca-hau-giang/scorecard?period=${month}&minPosition=${corrected.body.position}`).expect(200);
      expect(after.body.criteria.find((c: { criterionId: string }) => c.criterionId === 'c1-2').raw).toBe(2);
    });

    it('refuses a malformed period, through or on (400 naming it)', async () => {
      await expectRefusal(t, () => t.http().get(`/api/campaigns/${P}/clusters/cum-2d/ranking?period=2026-13`), 400, 'invalid-request', 'period');
      await expectRefusal(t, () => t.http().get(`/api/campaigns/${P}/units/ca-hai-phong/scorecard?through=06-2026`), 400, 'invalid-request', 'through');
      await expectRefusal(t, () => t.http().get(`/api/campaigns/${P}/units/ca-hai-phong/scorecard?on=2026-02-30`), 400, 'invalid-request', 'on');
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
      await t
        .http()
        .post(base)
        .send({ kind: 'adjustment', criterionId: 'c2-1', points: ' -0.30 ', period: '2026-07', source: 'ministry', reason: 'x' })
        .expect(201);
      expect((await events('ca-hai-phong')).at(-1)?.data.points).toBe('-0.3');
    });
  });
});
