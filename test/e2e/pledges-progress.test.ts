import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from '../support/app.js';
import { storeKinds } from '../support/databases.js';
import { campaign, cluster, units } from '../support/fixtures.js';
import { expectRefusal } from '../support/refusals.js';

const C = campaign.id;
type Progress = { pledgeId: string; unitId: string; criterionId: string; target: number; actual: number; percent: number };
const brief = (rows: Progress[]) => rows.map((r) => [r.unitId, r.pledgeId, r.criterionId, r.target, r.actual, r.percent]);

describe.each(storeKinds('pledge progress'))('pledge progress (%s store)', (kind) => {
  let t: TestApp;
  let last = 0;
  const write = (path: string, body: Record<string, unknown>) =>
    t
      .http()
      .post(path)
      .send(body)
      .expect(201)
      .then((res) => (last = res.body.position));
  const entry = (unitId: string, body: Record<string, unknown>) =>
    write(`/api/campaigns/${C}/units/${unitId}/score-entries`, { period: '2026-07', source: 'self-assessment', reason: 'Tự chấm', ...body });
  const progress = (query = '') => t.http().get(`/api/campaigns/${C}/pledges/progress?minPosition=${last}${query}`);

  beforeAll(async () => {
    t = await startApp(kind);
    for (const unit of Object.values(units)) await t.http().post('/api/units').send(unit).expect(201);
    await t.http().post('/api/campaigns').send(campaign).expect(201);
    await t.http().post(`/api/campaigns/${C}/clusters`).send(cluster).expect(201);
    await write(`/api/campaigns/${C}/pledges`, {
      id: 'giao-uoc-ca-hau-giang',
      unitId: 'ca-hau-giang',
      signedOn: '2026-02-15',
      targets: [
        { criterionId: 'c2-1', description: 'Kéo giảm tội phạm về trật tự xã hội', target: 5, measure: '%' },
        { criterionId: 'c2-2', description: 'Điều tra khám phá án rất nghiêm trọng', target: '95.5', measure: '%' },
      ],
    });
    await write(`/api/campaigns/${C}/pledges`, {
      id: 'giao-uoc-ca-can-tho',
      unitId: 'ca-can-tho',
      signedOn: '2026-02-15',
      targets: [{ criterionId: 'c2-1', target: 80 }],
    });
    await write(`/api/campaigns/${C}/pledges`, {
      id: 'giao-uoc-ca-soc-trang',
      unitId: 'ca-soc-trang',
      signedOn: '2026-02-16',
      targets: [{ criterionId: 'c3-1', target: 10, measure: 'vụ' }],
    });
    await write(`/api/campaigns/${C}/pledges`, {
      id: 'giao-uoc-ca-hai-phong',
      unitId: 'ca-hai-phong',
      signedOn: '2026-02-20',
      targets: [{ criterionId: 'c1-1', target: 100 }],
    });

    // Hậu Giang, c2-1: 3 + 1.65 − 0.5 = 4.15 of 5 (83%); a reversed entry, a bonus and another criterion do not count.
    await entry('ca-hau-giang', { entryId: 'hg-1', kind: 'achievement', criterionId: 'c2-1', points: 3 });
    await entry('ca-hau-giang', { entryId: 'hg-2', kind: 'adjustment', criterionId: 'c2-1', points: '1.65', source: 'cross-inspection' });
    await entry('ca-hau-giang', { entryId: 'hg-3', kind: 'adjustment', criterionId: 'c2-1', points: -0.5, source: 'cross-inspection' });
    await entry('ca-hau-giang', { entryId: 'hg-4', kind: 'achievement', criterionId: 'c2-1', points: 2 });
    await write(`/api/campaigns/${C}/units/ca-hau-giang/score-entries/hg-4/reversal`, { reason: 'Nhập trùng' });
    await entry('ca-hau-giang', { entryId: 'hg-5', kind: 'bonus', points: 5, source: 'ministry' });
    await entry('ca-hau-giang', { entryId: 'hg-6', kind: 'achievement', criterionId: 'c1-1', points: 50 });
    // c2-2: 79.3 of 95.5 = 83.0366…%
    await entry('ca-hau-giang', { entryId: 'hg-7', kind: 'achievement', criterionId: 'c2-2', points: '79.3' });
    // Cần Thơ, c2-1: 80.72 of 80 = 100.9%
    await entry('ca-can-tho', { entryId: 'ct-1', kind: 'achievement', criterionId: 'c2-1', points: '80.72' });
    // Sóc Trăng, c3-1: 2.5 of 10; a correction to 3.3 replaces it
    await entry('ca-soc-trang', { entryId: 'st-1', kind: 'achievement', criterionId: 'c3-1', points: '2.5' });
    await write(`/api/campaigns/${C}/units/ca-soc-trang/score-entries/st-1/correction`, { points: '3.3', reason: 'Kiểm tra chéo' });
  });
  afterAll(async () => t?.close());

  it('reports target, actual and percent for every pledge target of the campaign', async () => {
    const res = await progress().expect(200);
    expect(brief(res.body.rows)).toEqual([
      ['ca-can-tho', 'giao-uoc-ca-can-tho', 'c2-1', 80, 80.72, 100.9],
      ['ca-hai-phong', 'giao-uoc-ca-hai-phong', 'c1-1', 100, 0, 0],
      ['ca-hau-giang', 'giao-uoc-ca-hau-giang', 'c2-1', 5, 4.15, 83],
      ['ca-hau-giang', 'giao-uoc-ca-hau-giang', 'c2-2', 95.5, 79.3, 83.04],
      ['ca-soc-trang', 'giao-uoc-ca-soc-trang', 'c3-1', 10, 3.3, 33],
    ]);
    expect(res.body.rows[2]).toEqual({
      pledgeId: 'giao-uoc-ca-hau-giang',
      unitId: 'ca-hau-giang',
      criterionId: 'c2-1',
      description: 'Kéo giảm tội phạm về trật tự xã hội',
      // No measure (a label only, as before measures): held against points on the criterion.
      signatory: { kind: 'unit', id: 'ca-hau-giang' },
      measure: null,
      direction: null,
      unit: '%',
      basis: 'points',
      target: 5,
      actual: 4.15,
      percent: 83,
      met: false,
      period: null,
      evidence: [],
    });
    expect(res.body.rows[1]).toMatchObject({ description: null, measure: null, unit: null });
    expect(res.body.asOf.position).toBeGreaterThanOrEqual(last);
  });

  it('filters by unit, and by a cluster’s current members', async () => {
    const one = await progress('&unitId=ca-can-tho').expect(200);
    expect(brief(one.body.rows)).toEqual([['ca-can-tho', 'giao-uoc-ca-can-tho', 'c2-1', 80, 80.72, 100.9]]);
    const noPledge = await progress('&unitId=bo-cong-an').expect(200);
    expect(noPledge.body.rows).toEqual([]);

    const members = await progress('&clusterId=cum-9').expect(200);
    expect(members.body.rows.map((r: Progress) => r.unitId)).toEqual(['ca-can-tho', 'ca-hau-giang', 'ca-hau-giang', 'ca-soc-trang']);
    const removed = await t.http().delete(`/api/campaigns/${C}/clusters/cum-9/members/ca-soc-trang`).expect(201);
    last = removed.body.position;
    const after = await progress('&clusterId=cum-9').expect(200);
    expect(after.body.rows.map((r: Progress) => r.unitId)).toEqual(['ca-can-tho', 'ca-hau-giang', 'ca-hau-giang']);
    const both = await progress('&clusterId=cum-9&unitId=ca-hau-giang').expect(200);
    expect(both.body.rows.map((r: Progress) => r.criterionId)).toEqual(['c2-1', 'c2-2']);
  });

  it('answers 404 for an unknown campaign, cluster or unit, 400 for a malformed id', async () => {
    expect((await t.http().get('/api/campaigns/khong-co/pledges/progress').expect(404)).body.code).toBe('campaign-not-found');
    expect((await progress('&clusterId=cum-99').expect(404)).body.code).toBe('cluster-not-found');
    expect((await progress('&unitId=ca-khong-co').expect(404)).body.code).toBe('unit-not-found');
    const bad = await progress('&clusterId=Cum%209').expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['clusterId']);
  });
});

/** Issue 13: pledges as users keep them: officers pledge too, measured targets, actuals reported by month. */
describe.each(storeKinds('measured pledges'))('measured pledges and reported actuals (%s store)', (kind) => {
  let t: TestApp;
  const pledges = `/api/campaigns/${C}/pledges`;
  const officer = { id: 'nguyen-van-an', fullName: 'Nguyễn Văn An', rank: 'Thiếu tá', unitId: 'ca-hau-giang' };
  const report = (pledgeId: string, body: Record<string, unknown>) =>
    t
      .http()
      .post(`${pledges}/${pledgeId}/actuals`)
      .send({ unitId: 'ca-hau-giang', ...body });
  const rowsOf = async (position: number) =>
    (await t.http().get(`${pledges}/progress?unitId=ca-hau-giang&minPosition=${position}`).expect(200)).body.rows as Record<string, unknown>[];

  let signedAt = 0;

  beforeAll(async () => {
    t = await startApp(kind);
    for (const unit of Object.values(units)) await t.http().post('/api/units').send(unit).expect(201);
    await t.http().post('/api/officers').send(officer).expect(201);
    await t.http().post('/api/campaigns').send(campaign).expect(201);
    const signed = await t
      .http()
      .post(pledges)
      .send({
        id: 'giao-uoc-hg',
        unitId: 'ca-hau-giang',
        signedOn: '2026-02-15',
        targets: [
          { criterionId: 'c2-1', description: 'Kéo giảm tội phạm về trật tự xã hội ≥ 5%', target: 5, measure: 'percent', direction: 'reduce-by', unit: '%' },
          { criterionId: 'c2-2', description: 'Điều tra khám phá án rất nghiêm trọng ≥ 95%', target: 95, measure: 'percent' },
          { criterionId: 'c3-1', description: 'Tai nạn giao thông không quá 12 vụ', target: 12, measure: 'count', direction: 'at-most', unit: 'vụ' },
          { criterionId: 'c5-1', description: 'Xây dựng mô hình "Camera an ninh"', target: 1, measure: 'yes-no' },
        ],
      })
      .expect(201);
    signedAt = signed.body.position;
  });
  afterAll(async () => t?.close());

  it('holds each target against the actual in its own measure: crime down 6.2% against ≥ 5% is met, 124%', async () => {
    const none = await rowsOf(signedAt);
    expect(none.map((r) => [r.criterionId, r.basis, r.actual, r.percent, r.met])).toEqual([
      ['c2-1', 'reported', null, null, false],
      ['c2-2', 'reported', null, null, false],
      ['c3-1', 'reported', null, null, false],
      ['c5-1', 'reported', null, null, false],
    ]);
    await report('giao-uoc-hg', { criterionId: 'c2-1', period: '2026-05', value: '4.1', evidence: ['BC-05/CAHG'] }).expect(201);
    await report('giao-uoc-hg', { criterionId: 'c2-1', period: '2026-06', value: '6.2', evidence: ['BC-06/CAHG-PV01'] }).expect(201);
    await report('giao-uoc-hg', { criterionId: 'c2-2', period: '2026-06', value: '93.1' }).expect(201);
    await report('giao-uoc-hg', { criterionId: 'c3-1', period: '2026-06', value: 9 }).expect(201);
    const last = await report('giao-uoc-hg', { criterionId: 'c5-1', period: '2026-06', value: 1 }).expect(201);
    const rows = await rowsOf(last.body.position);
    expect(rows.map((r) => [r.criterionId, r.measure, r.direction, r.target, r.actual, r.percent, r.met, r.period])).toEqual([
      ['c2-1', 'percent', 'reduce-by', 5, 6.2, 124, true, '2026-06'],
      ['c2-2', 'percent', 'at-least', 95, 93.1, 98, false, '2026-06'],
      ['c3-1', 'count', 'at-most', 12, 9, 133.33, true, '2026-06'],
      ['c5-1', 'yes-no', 'at-least', 1, 1, 100, true, '2026-06'],
    ]);
    expect(rows[0]).toMatchObject({ unit: '%', evidence: ['BC-06/CAHG-PV01'], signatory: { kind: 'unit', id: 'ca-hau-giang' } });
    // A month reported again corrects it: the later report stands, both stay in the log.
    const again = await report('giao-uoc-hg', { criterionId: 'c2-1', period: '2026-06', value: '4.8', evidence: ['BC-06b/CAHG'] }).expect(201);
    expect((await rowsOf(again.body.position))[0]).toMatchObject({ actual: 4.8, percent: 96, met: false });
    const stream = await t.http().get(`/api/streams/pledge:${C}:giao-uoc-hg`).expect(200);
    expect(stream.body.events.map((e: { type: string }) => e.type)).toEqual(['PledgeSigned', ...Array(6).fill('PledgeActualReported')]);
  });

  it('lets an officer pledge, under the unit the officer serves in', async () => {
    const signed = await t
      .http()
      .post(pledges)
      .send({
        id: 'dang-ky-nguyen-van-an',
        unitId: 'ca-hau-giang',
        officerId: officer.id,
        signedOn: '2026-02-20',
        targets: [{ criterionId: 'c4-1', target: 1, measure: 'yes-no' }],
      })
      .expect(201);
    const rows = await rowsOf(signed.body.position);
    expect(rows.find((r) => r.pledgeId === 'dang-ky-nguyen-van-an')).toMatchObject({ signatory: { kind: 'officer', id: officer.id }, unitId: 'ca-hau-giang' });
    await expectRefusal(
      t,
      () =>
        t
          .http()
          .post(pledges)
          .send({
            id: 'p2',
            unitId: 'ca-can-tho',
            officerId: officer.id,
            signedOn: '2026-02-20',
            targets: [{ criterionId: 'c4-1', target: 1, measure: 'yes-no' }],
          }),
      422,
      'officer-not-in-unit',
      'unitId',
    );
    await expectRefusal(
      t,
      () =>
        t
          .http()
          .post(pledges)
          .send({
            id: 'p3',
            unitId: 'ca-hau-giang',
            officerId: 'khong-co',
            signedOn: '2026-02-20',
            targets: [{ criterionId: 'c4-1', target: 1, measure: 'yes-no' }],
          }),
      422,
      'officer-not-found',
      'officerId',
    );
  });

  it('refuses reports that do not fit, writing nothing', async () => {
    await expectRefusal(t, () => report('giao-uoc-hg', { criterionId: 'c2-2', period: '2027-01', value: 90 }), 422, 'period-outside-campaign', 'period');
    await expectRefusal(t, () => report('giao-uoc-hg', { criterionId: 'c2-2', period: '2026-13', value: 90 }), 400, 'invalid-request', 'period');
    await expectRefusal(t, () => report('giao-uoc-hg', { criterionId: 'c1-1', period: '2026-06', value: 90 }), 422, 'target-not-found', 'criterionId');
    await expectRefusal(t, () => report('giao-uoc-hg', { criterionId: 'c2-2', period: '2026-06', value: -1 }), 422, 'invalid-value', 'value');
    await expectRefusal(t, () => report('giao-uoc-hg', { criterionId: 'c5-1', period: '2026-06', value: 2 }), 422, 'invalid-value', 'value');
    await expectRefusal(
      t,
      () => report('giao-uoc-hg', { criterionId: 'c2-2', period: '2026-06', value: 90, unitId: 'ca-can-tho' }),
      422,
      'not-the-pledge-unit',
      'unitId',
    );
    await expectRefusal(t, () => report('khong-co', { criterionId: 'c2-2', period: '2026-06', value: 90 }), 404, 'pledge-not-found');
    // A reduction may be negative: crime rose.
    await report('giao-uoc-hg', { criterionId: 'c2-1', period: '2026-07', value: '-1.5' }).expect(201);
  });

  it('reads a pledge without measures as before: points on the criterion, its label kept', async () => {
    const signed = await t
      .http()
      .post(pledges)
      .send({ id: 'giao-uoc-cu', unitId: 'ca-hau-giang', signedOn: '2026-02-15', targets: [{ criterionId: 'c6-1', target: 80, measure: 'điểm' }] })
      .expect(201);
    const stream = await t.http().get(`/api/streams/pledge:${C}:giao-uoc-cu`).expect(200);
    expect(stream.body.events[0]).toMatchObject({ schemaVersion: 2, data: { targets: [{ measure: null, direction: null, unitLabel: 'điểm' }] } });
    const row = (await rowsOf(signed.body.position)).find((r) => r.pledgeId === 'giao-uoc-cu');
    expect(row).toMatchObject({ basis: 'points', measure: null, unit: 'điểm', target: 80, actual: 0, percent: 0 });
    await expectRefusal(t, () => report('giao-uoc-cu', { criterionId: 'c6-1', period: '2026-06', value: 1 }), 422, 'target-measured-by-points', 'criterionId');
  });
});
