import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from '../support/app.js';
import { storeKinds } from '../support/databases.js';
import { campaign, cluster, phase, units } from '../support/fixtures.js';
import { expectRefusal, logHead } from '../support/refusals.js';

type Publication = { publicationId: string; final: boolean; phaseId: string | null; rows: { unitId: string; rank: number; total: number }[] };

describe.each(storeKinds('publications'))('published rankings (%s store)', (kind) => {
  let t: TestApp;
  const base = `/api/campaigns/${campaign.id}/clusters/cum-9/rankings/publications`;
  const entry = (unitId: string, body: Record<string, unknown>) =>
    t
      .http()
      .post(`/api/campaigns/${campaign.id}/units/${unitId}/score-entries`)
      .send({ kind: 'achievement', period: '2026-07', source: 'self-assessment', reason: 'Tự chấm', ...body })
      .expect(201);
  const publications = async (count: number): Promise<Publication[]> => {
    for (const deadline = Date.now() + 10_000; ; await new Promise((r) => setTimeout(r, 50))) {
      const res = await t.http().get(base).expect(200);
      if (res.body.publications.length >= count || Date.now() > deadline) return res.body.publications;
    }
  };

  beforeAll(async () => {
    t = await startApp(kind);
    for (const unit of Object.values(units)) await t.http().post('/api/units').send(unit).expect(201);
    await t.http().post('/api/campaigns').send(campaign).expect(201);
    await t.http().post(`/api/campaigns/${campaign.id}/phases`).send(phase).expect(201);
    await t.http().post(`/api/campaigns/${campaign.id}/clusters`).send(cluster).expect(201);
    await entry('ca-hau-giang', { entryId: 'hg-07', criterionId: 'c1-1', points: 100 });
    await entry('ca-can-tho', { criterionId: 'c1-1', points: 90, phaseId: phase.id });
  });
  afterAll(async () => t?.close());

  it('publishes the ranking as it stands, then shows what changed since and which events changed it', async () => {
    // "As it stands" is the settled log: wait until the entries above are deliverable (another
    // suite's open transaction on a shared PostgreSQL server can hold the gap-safe head back).
    await logHead(t);
    const published = await t.http().post(base).send({ id: 'thang-07', period: '2026-07' }).expect(201);
    expect(published.body).toMatchObject({ streamId: `cluster:${campaign.id}:cum-9`, publicationId: 'thang-07', reflectsPosition: expect.any(Number) });
    const later = await entry('ca-soc-trang', { criterionId: 'c2-1', points: 100 });

    const comparison = await t.http().get(`${base}/thang-07/comparison?minPosition=${later.body.position}`).expect(200);
    // The publication states its period and both clocks: the log as recorded at reflectsPosition, the months through July.
    expect(comparison.body.publication).toMatchObject({
      period: '2026-07',
      clocks: { asOf: published.body.reflectsPosition, through: '2026-07' },
    });
    expect(comparison.body.publication.rows.map((r: { unitId: string; rank: number }) => [r.unitId, r.rank])).toEqual([
      ['ca-hau-giang', 1],
      ['ca-can-tho', 2],
      ['ca-soc-trang', 3],
    ]);
    expect(comparison.body.publication.publishedBy).toBe('admin');
    // Sóc Trăng ties Hậu Giang at 100 (both rank 1, unchanged for Hậu Giang); Cần Thơ drops to 3.
    expect(comparison.body.changes).toEqual([
      expect.objectContaining({ unitId: 'ca-can-tho', publishedRank: 2, currentRank: 3, publishedTotal: 90, currentTotal: 90 }),
      expect.objectContaining({ unitId: 'ca-soc-trang', publishedRank: 3, currentRank: 1, publishedTotal: 0, currentTotal: 100 }),
    ]);
    expect(comparison.body.events.map((e: { unitId: string; position: number }) => [e.unitId, e.position])).toEqual([['ca-soc-trang', later.body.position]]);
  });

  it('compares a monthly publication for its period only: a correction to July shows, an August entry does not', async () => {
    const august = await entry('ca-hau-giang', { criterionId: 'c1-2', points: 10, period: '2026-08' });
    const corrected = await t
      .http()
      .post(`/api/campaigns/${campaign.id}/units/ca-hau-giang/score-entries/hg-07/correction`)
      .send({ points: 95, reason: 'Kiểm tra chéo' })
      .expect(201);
    const head = Math.max(august.body.position, corrected.body.position);
    const comparison = await t.http().get(`${base}/thang-07/comparison?minPosition=${head}`).expect(200);
    expect(comparison.body.current.rows.map((r: { unitId: string; total: number }) => [r.unitId, r.total])).toEqual([
      ['ca-soc-trang', 100],
      ['ca-hau-giang', 95],
      ['ca-can-tho', 90],
    ]);
    const events = comparison.body.events.map((e: { unitId: string; type: string; period: string }) => [e.unitId, e.type, e.period]);
    expect(events).toEqual([
      ['ca-soc-trang', 'ScoreEntryRecorded', '2026-07'],
      ['ca-hau-giang', 'ScoreEntryReversed', '2026-07'],
      ['ca-hau-giang', 'ScoreEntryRecorded', '2026-07'],
    ]);
    expect(comparison.body.changes.find((c: { unitId: string }) => c.unitId === 'ca-hau-giang')).toMatchObject({ publishedTotal: 100, currentTotal: 95 });
    // A publication for August counts the months through August.
    const aug = await t.http().post(base).send({ id: 'thang-08', period: '2026-08' }).expect(201);
    const listed = (await t.http().get(`${base}?minPosition=${aug.body.position}`).expect(200)).body.publications as (Publication & { clocks: unknown })[];
    const thang08 = listed.find((p) => p.publicationId === 'thang-08')!;
    expect(thang08.clocks).toEqual({ asOf: aug.body.reflectsPosition, through: '2026-08' });
    expect(thang08.rows.find((r) => r.unitId === 'ca-hau-giang')?.total).toBe(105);
  });

  it('publishes the final ranking when a phase closes, and when the campaign closes', async () => {
    await t.http().post(`/api/campaigns/${campaign.id}/phases/${phase.id}/close`).send({}).expect(201);
    const afterPhase = await publications(3);
    const phaseFinal = afterPhase.find((p) => p.final && p.phaseId === phase.id)!;
    expect(phaseFinal.rows.map((r) => [r.unitId, r.rank, r.total])).toEqual([
      ['ca-can-tho', 1, 90],
      ['ca-hau-giang', 2, 0],
      ['ca-soc-trang', 2, 0],
    ]);

    await t.http().post(`/api/campaigns/${campaign.id}/close`).send({}).expect(201);
    const all = await publications(4);
    expect(all.filter((p) => p.final).map((p) => p.publicationId)).toEqual([`final-${phase.id}`, 'final-campaign']);
    // A final ranking counts every month.
    expect(all.find((p) => p.publicationId === 'final-campaign')!.rows.find((r) => r.unitId === 'ca-hau-giang')?.total).toBe(105);
  });

  it('refuses unknown clusters and phases, a reused id and bad fields, writing nothing; 404 for an unknown publication', async () => {
    await expectRefusal(
      t,
      () => t.http().post(`/api/campaigns/${campaign.id}/clusters/cum-99/rankings/publications`).send({ period: '2026-07' }),
      404,
      'cluster-not-found',
    );
    await expectRefusal(t, () => t.http().post(base).send({ period: '2026-07', phaseId: 'dot-khong-co' }), 422, 'phase-not-found', 'phaseId');
    await expectRefusal(t, () => t.http().post(base).send({ id: 'thang-07', period: '2026-07' }), 409, 'already-exists');
    await expectRefusal(t, () => t.http().post(base).send({ period: '' }), 400, 'invalid-request', 'period');
    await t.http().get(`${base}/khong-co/comparison`).expect(404);
  });
});
