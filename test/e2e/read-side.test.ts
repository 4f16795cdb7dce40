import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from '../support/app.js';
import { storeKinds } from '../support/databases.js';
import { campaign, cluster, phase, units } from '../support/fixtures.js';

type Row = { rank: number; unitId: string; total: number; bonus: number; penalty: number; groups: Record<string, number> };

describe.each(storeKinds('read side'))('rankings, scorecards, audit trail and replay (%s store)', (kind) => {
  let t: TestApp;
  let last = 0;
  const entry = (unitId: string, body: Record<string, unknown>) =>
    t
      .http()
      .post(`/api/campaigns/${campaign.id}/units/${unitId}/score-entries`)
      .send({ period: '2026-07', source: 'self-assessment', reason: 'Tự chấm', ...body })
      .expect(201)
      .then((res) => (last = res.body.position));

  beforeAll(async () => {
    t = await startApp(kind);
    for (const unit of Object.values(units)) await t.http().post('/api/units').send(unit).expect(201);
    await t.http().post('/api/campaigns').send(campaign).expect(201);
    await t.http().post(`/api/campaigns/${campaign.id}/phases`).send(phase).expect(201);
    await t.http().post(`/api/campaigns/${campaign.id}/clusters`).send(cluster).expect(201);
    await entry('ca-hau-giang', { entryId: 'hg-1', kind: 'achievement', criterionId: 'c1-1', points: 120 });
    await entry('ca-hau-giang', { entryId: 'hg-2', kind: 'achievement', criterionId: 'c1-2', points: 80 });
    await entry('ca-can-tho', { entryId: 'ct-1', kind: 'achievement', criterionId: 'c1-1', points: 120 });
    await entry('ca-can-tho', { entryId: 'ct-2', kind: 'achievement', criterionId: 'c1-2', points: 80, phaseId: phase.id });
    await entry('ca-soc-trang', { entryId: 'st-1', kind: 'achievement', criterionId: 'c2-1', points: 0.1 });
    await entry('ca-soc-trang', { entryId: 'st-2', kind: 'achievement', criterionId: 'c2-1', points: 0.2 });
  });
  afterAll(async () => t?.close());

  it('ranks a cluster: total desc, then bonus, then penalty; exact ties share a rank', async () => {
    const res = await t.http().get(`/api/campaigns/${campaign.id}/clusters/cum-9/ranking?minPosition=${last}`).expect(200);
    expect(res.body.asOf.position).toBeGreaterThanOrEqual(last);
    expect(res.body.rows.map((r: Row) => [r.rank, r.unitId, r.total])).toEqual([
      [1, 'ca-can-tho', 200],
      [1, 'ca-hau-giang', 200],
      [3, 'ca-soc-trang', 0.3],
    ]);
    expect(res.body.rows[0]).toMatchObject({ unitName: 'Công an thành phố Cần Thơ', groups: { g1: 200, g2: 0 } });

    const bonus = await entry('ca-hau-giang', { kind: 'bonus', points: 5, source: 'ministry' });
    const after = await t.http().get(`/api/campaigns/${campaign.id}/clusters/cum-9/ranking?minPosition=${bonus}`).expect(200);
    expect(after.body.rows.map((r: Row) => [r.rank, r.unitId, r.total, r.bonus])).toEqual([
      [1, 'ca-hau-giang', 205, 5],
      [2, 'ca-can-tho', 200, 0],
      [3, 'ca-soc-trang', 0.3, 0],
    ]);
  });

  it('ranks on one phase, and as of an earlier position', async () => {
    const byPhase = await t.http().get(`/api/campaigns/${campaign.id}/clusters/cum-9/ranking?phaseId=${phase.id}&minPosition=${last}`).expect(200);
    expect(byPhase.body.rows.map((r: Row) => [r.rank, r.unitId, r.total])).toEqual([
      [1, 'ca-can-tho', 80],
      [2, 'ca-hau-giang', 0],
      [2, 'ca-soc-trang', 0],
    ]);
    const events = await t.http().get('/api/events?limit=1000').expect(200);
    const firstScore = events.body.events.find((e: { type: string }) => e.type === 'ScoreEntryRecorded').position;
    const early = await t.http().get(`/api/campaigns/${campaign.id}/clusters/cum-9/ranking?asOf=${firstScore}`).expect(200);
    expect(early.body.asOf.position).toBe(firstScore);
    expect(early.body.rows.map((r: Row) => [r.rank, r.unitId, r.total])).toEqual([
      [1, 'ca-hau-giang', 120],
      [2, 'ca-can-tho', 0],
      [2, 'ca-soc-trang', 0],
    ]);
  });

  it('answers a ranking as of a position the log has not reached yet with what is there, and later with what came', async () => {
    const ahead = last + 1000;
    const path = `/api/campaigns/${campaign.id}/clusters/cum-9/ranking?asOf=${ahead}`;
    const totals = (res: { body: { rows: Row[] } }) => Object.fromEntries(res.body.rows.map((r) => [r.unitId, r.total]));
    const before = await t.http().get(path).expect(200);
    expect(before.body.asOf.position).toBe(ahead);
    const moreBonus = await entry('ca-can-tho', { kind: 'bonus', points: 1, source: 'ministry' });
    await t.http().get(`/api/campaigns/${campaign.id}/clusters/cum-9/ranking?minPosition=${moreBonus}`).expect(200);
    const after = await t.http().get(path).expect(200);
    expect(totals(after)['ca-can-tho']).toBeCloseTo(totals(before)['ca-can-tho'] + 1, 5);
  });

  it('shows a scorecard with raw and capped points, exactly', async () => {
    const res = await t.http().get(`/api/campaigns/${campaign.id}/units/ca-soc-trang/scorecard?minPosition=${last}`).expect(200);
    expect(res.body.total).toBe(0.3);
    expect(res.body.criteria.find((c: { criterionId: string }) => c.criterionId === 'c2-1')).toMatchObject({ raw: 0.3, capped: 0.3, max: 100 });
    expect(res.body.bonus).toEqual({ raw: 0, counted: 0, cap: 50 });
  });

  it('keeps an audit trail with actor, delta, running total and what a correction compensates', async () => {
    const corrected = await t
      .http()
      .post(`/api/campaigns/${campaign.id}/units/ca-soc-trang/score-entries/st-2/correction`)
      .send({ points: 0.25, reason: 'Kiểm tra chéo' })
      .expect(201);
    const res = await t.http().get(`/api/campaigns/${campaign.id}/units/ca-soc-trang/audit?minPosition=${corrected.body.position}`).expect(200);
    expect(
      res.body.events.map((e: { type: string; delta: number; runningTotal: number; compensates?: string }) => [
        e.type,
        e.delta,
        e.runningTotal,
        e.compensates ?? null,
      ]),
    ).toEqual([
      ['ScoreEntryRecorded', 0.1, 0.1, null],
      ['ScoreEntryRecorded', 0.2, 0.3, null],
      ['ScoreEntryReversed', -0.2, 0.1, 'st-2'],
      ['ScoreEntryRecorded', 0.25, 0.35, 'st-2'],
    ]);
    expect(res.body.events[0]).toMatchObject({ actor: 'admin', source: 'self-assessment', criterionId: 'c2-1', reason: 'Tự chấm' });
  });

  it('ends paging: following `next` through the log and an audit trail stops with next null', async () => {
    const follow = async (path: (after: number) => string) => {
      const seen: number[] = [];
      let after = 0;
      for (let pages = 0; pages < 1000; pages++) {
        const page = await t.http().get(path(after)).expect(200);
        seen.push(...page.body.events.map((e: { position: number }) => e.position));
        if (page.body.next === null) return { seen, pages: pages + 1 };
        expect(page.body.next).toBe(seen.at(-1));
        after = page.body.next;
      }
      throw new Error('paging never ended');
    };
    const all: number[] = (await t.http().get('/api/events?limit=1000').expect(200)).body.events.map((e: { position: number }) => e.position);
    const log = await follow((after) => `/api/events?after=${after}&limit=3`);
    expect(log.seen).toEqual(all);
    expect(log.pages).toBe(Math.ceil(all.length / 3));
    const exact = await t
      .http()
      .get(`/api/events?after=${all.at(-4)}&limit=3`)
      .expect(200);
    expect(exact.body).toMatchObject({ next: null });
    expect(exact.body.events).toHaveLength(3);
    const empty = await t
      .http()
      .get(`/api/events?after=${all.at(-1)}`)
      .expect(200);
    expect(empty.body).toEqual({ events: [], next: null });

    const audit = `/api/campaigns/${campaign.id}/units/ca-soc-trang/audit`;
    const trail: number[] = (
      await t
        .http()
        .get(`${audit}?minPosition=${all.at(-1)}`)
        .expect(200)
    ).body.events.map((e: { position: number }) => e.position);
    expect(trail.length).toBeGreaterThanOrEqual(2);
    for (const limit of [1, 2, trail.length, trail.length + 1]) {
      const paged = await follow((after) => `${audit}?after=${after}&limit=${limit}`);
      expect(paged.seen).toEqual(trail);
      expect(paged.pages).toBe(Math.max(1, Math.ceil(trail.length / limit)));
    }
  });

  it('replays the fold step by step', async () => {
    const res = await t.http().get(`/api/campaigns/${campaign.id}/units/ca-soc-trang/replay?minPosition=${last}`).expect(200);
    expect(res.body.steps.map((s: { scorecard: { total: number } }) => s.scorecard.total)).toEqual([0.1, 0.3, 0.1, 0.35]);
  });

  it('answers 404 for unknown campaigns, clusters, units and phases, 400 for a bad asOf', async () => {
    await t.http().get('/api/campaigns/khong-co/clusters/cum-9/ranking').expect(404);
    await t.http().get(`/api/campaigns/${campaign.id}/clusters/cum-99/ranking`).expect(404);
    await t.http().get(`/api/campaigns/${campaign.id}/units/ca-khong-co/scorecard`).expect(404);
    await t.http().get(`/api/campaigns/${campaign.id}/clusters/cum-9/ranking?phaseId=dot-x`).expect(404);
    const bad = await t.http().get(`/api/campaigns/${campaign.id}/clusters/cum-9/ranking?asOf=hom-qua`).expect(400);
    expect(bad.body.errors[0].field).toBe('asOf');
  });

  it('answers 404 and 400 on the scorecard, audit and replay reads too', async () => {
    const base = `/api/campaigns/${campaign.id}/units`;
    for (const read of ['scorecard', 'audit', 'replay']) {
      const unknownUnit = await t.http().get(`${base}/ca-khong-co/${read}`).expect(404);
      expect(unknownUnit.body.code).toBe('unit-not-found');
      const unknownCampaign = await t.http().get(`/api/campaigns/khong-co/units/ca-hau-giang/${read}`).expect(404);
      expect(unknownCampaign.body.code).toBe('campaign-not-found');
    }
    for (const [query, field] of [
      ['scorecard?phaseId=Dot%201', 'phaseId'],
      ['audit?limit=0', 'limit'],
      ['audit?after=-1', 'after'],
      ['replay?asOf=mai', 'asOf'],
      ['scorecard?minPosition=x', 'minPosition'],
    ]) {
      const res = await t.http().get(`${base}/ca-hau-giang/${query}`).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    await t.http().get(`${base}/ca-hau-giang/scorecard?phaseId=dot-khong-co`).expect(404);
  });

  it('answers 503 with Retry-After when minPosition is not reached in time', async () => {
    const res = await t.http().get(`/api/campaigns/${campaign.id}/clusters/cum-9/ranking?minPosition=999999999`).expect(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.body.code).toBe('read-model-behind');
  }, 15000);

  it('reports each projection with checkpoint, lag and status', async () => {
    const res = await t.http().get('/api/projections').expect(200);
    expect(res.body.projections.map((p: { name: string }) => p.name)).toEqual(['registry', 'campaigns', 'scores', 'commendations']);
    for (const p of res.body.projections)
      expect(p).toMatchObject({ checkpoint: expect.any(Number), lag: { events: expect.any(Number), seconds: expect.any(Number) }, status: 'live' });
  });
});
