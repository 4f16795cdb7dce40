import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from '../support/app.js';
import { storeKinds } from '../support/databases.js';
import { campaign, cluster, units } from '../support/fixtures.js';

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
    write(`/api/campaigns/${C}/units/${unitId}/score-entries`, { source: 'self-assessment', reason: 'Tự chấm', ...body });
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
      measure: '%',
      target: 5,
      actual: 4.15,
      percent: 83,
    });
    expect(res.body.rows[1]).toMatchObject({ description: null, measure: null });
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
