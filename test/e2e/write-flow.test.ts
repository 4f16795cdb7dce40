import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from '../support/app.js';
import { storeKinds } from '../support/databases.js';
import { campaign, cluster, phase, units } from '../support/fixtures.js';

describe.each(storeKinds('write flow'))('a campaign from registration to scores (%s store)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp(kind);
  });
  afterAll(async () => t?.close());

  it('registers units, launches a campaign, forms a cluster and records exact scores', async () => {
    for (const unit of Object.values(units)) {
      const res = await t.http().post('/api/units').send(unit).expect(201);
      expect(res.body).toMatchObject({ streamId: `unit:${unit.id}`, version: 1 });
      expect(res.headers.etag).toBe('"1"');
    }
    await t.http().post('/api/campaigns').send(campaign).expect(201);
    await t.http().post(`/api/campaigns/${campaign.id}/phases`).send(phase).expect(201);
    await t.http().post(`/api/campaigns/${campaign.id}/clusters`).send(cluster).expect(201);

    const base = `/api/campaigns/${campaign.id}/units/ca-hau-giang/score-entries`;
    const first = await t
      .http()
      .post(base)
      .send({ kind: 'achievement', criterionId: 'c2-1', points: 0.1, period: '2026-07', source: 'self-assessment', reason: 'Tự chấm tháng 1' })
      .expect(201);
    const second = await t
      .http()
      .post(base)
      .send({
        entryId: 'hg-t2-c2-1',
        kind: 'achievement',
        criterionId: 'c2-1',
        points: '0.2',
        period: '2026-07',
        source: 'self-assessment',
        reason: 'Tự chấm tháng 2',
      })
      .expect(201);
    expect(first.body.entryId).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.body).toMatchObject({ streamId: `scorecard:${campaign.id}:ca-hau-giang`, version: 2, entryId: 'hg-t2-c2-1' });
    expect(second.body.position).toBeGreaterThan(first.body.position);

    const stream = await t.http().get(`/api/streams/scorecard:${campaign.id}:ca-hau-giang`).expect(200);
    expect(stream.body.events.map((e: { data: { points: string } }) => e.data.points)).toEqual(['0.1', '0.2']);
    expect(stream.body.events[0].metadata).toMatchObject({ actor: 'admin', actorName: 'Quản trị hệ thống' });

    // 99.7 more brings the criterion exactly to its maximum of 100; one hundredth more is refused.
    await t
      .http()
      .post(base)
      .send({ kind: 'achievement', criterionId: 'c2-1', points: '99.7', period: '2026-07', source: 'cross-inspection', reason: 'Kiểm tra chéo' })
      .expect(201);
    const over = await t
      .http()
      .post(base)
      .send({ kind: 'achievement', criterionId: 'c2-1', points: 0.01, period: '2026-07', source: 'self-assessment', reason: 'x' })
      .expect(422);
    expect(over.headers['content-type']).toContain('application/problem+json');
    expect(over.body).toMatchObject({ status: 422, code: 'criterion-max-exceeded', max: 100, total: 100.01 });
  });

  it('keeps data across a restart of the store', async () => {
    const events = await t.http().get('/api/events?limit=1000').expect(200);
    expect(events.body.events.length).toBeGreaterThan(5);
    expect(events.body.events.map((e: { position: number }) => e.position)).toEqual(
      [...events.body.events.map((e: { position: number }) => e.position)].sort((a, b) => a - b),
    );
  });
});
