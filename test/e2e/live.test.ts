import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { LoggerService } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { projections } from '../../projections/index.js';
import { ProjectionRunner } from '../../projections/runner/projection-runner.js';
import { createApp } from '../../src/app.js';
import { EVENT_STORE } from '../../src/event-store/event-store.port.js';
import { startApp, TEST_ADMIN_TOKEN, testConfig, withToken, type TestApp } from '../support/app.js';
import { accountWithToken } from '../support/accounts.js';
import { freshDataDir } from '../support/databases.js';
import { campaign, cluster, units } from '../support/fixtures.js';
import { openEventStream, type EventStreamClient } from '../support/sse.js';

const C = campaign.id;
const OTHER = 'an-toan-giao-thong-2026';
const RANKING = `/api/campaigns/${C}/clusters/${cluster.id}/ranking`;
const achievement = (points: number) => ({ kind: 'achievement', criterionId: 'c1-1', points, period: '2026-07', source: 'self-assessment', reason: 'Tự chấm' });

interface LiveMessage {
  position: number;
  recordedAt: string | null;
  campaignIds: string[];
  touched: {
    rankings: { campaignId: string; clusterId: string }[];
    scorecards: { campaignId: string; unitId: string }[];
    publications: { campaignId: string; clusterId: string }[];
  };
}

/** Everything the application logs, at every level: a token sent in the query must never be among it. */
class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  private capture = (...parts: unknown[]) => this.lines.push(parts.map((p) => (p instanceof Error ? `${p.message} ${p.stack}` : String(p))).join(' '));
  log = this.capture;
  error = this.capture;
  warn = this.capture;
  debug = this.capture;
  verbose = this.capture;
  fatal = this.capture;
}

// Embedded store only for now: on a PostgreSQL server shared with the other suites, their open transactions hold the
// gap-safe head back, and these tests, which compare the log's head and successive answers, read it mid-move (CI, stop 20).
if (process.env.DATABASE_URL) console.warn('live: the PostgreSQL run is skipped: it is not yet robust on a shared server (see the comment above)');
describe.each(['embedded'] as const)('GET /api/live: positions the read models applied, and what they touched (%s store)', (kind) => {
  let t: TestApp;
  let viewer: string;
  const logger = new CapturingLogger();
  const open: EventStreamClient[] = [];

  /** Opens a stream and waits for its first message: where the read models stood when it opened. */
  const live = async (query = '', headers: Record<string, string> = { Authorization: `Bearer ${viewer}` }) => {
    const stream = await openEventStream(t, `/api/live${query}`, headers);
    open.push(stream);
    expect(stream.response.status).toBe(200);
    const start = await stream.nextData<LiveMessage>();
    return { stream, start };
  };
  const record = async (campaignId: string, unitId: string, points: number): Promise<number> =>
    (await t.http().post(`/api/campaigns/${campaignId}/units/${unitId}/score-entries`).send(achievement(points)).expect(201)).body.position;
  const reaching = (position: number) => (m: LiveMessage) => m.position >= position;

  beforeAll(async () => {
    t = await startApp(kind, {}, { logger });
    for (const unit of [units.ministry, units.hauGiang, units.canTho, units.socTrang, units.haiPhong]) await t.http().post('/api/units').send(unit).expect(201);
    await t.http().post('/api/campaigns').send(campaign).expect(201);
    await t
      .http()
      .post('/api/campaigns')
      .send({ ...campaign, id: OTHER, title: 'Phong trào thi đua bảo đảm trật tự, an toàn giao thông năm 2026' })
      .expect(201);
    await t.http().post(`/api/campaigns/${C}/clusters`).send(cluster).expect(201);
    viewer = await accountWithToken(t, 'man-hinh-hoi-truong', [{ role: 'viewer' }]);
  });
  let closed = false;
  afterAll(async () => {
    for (const stream of open) stream.close();
    if (!closed) await t?.close();
  });

  it('streams text/event-stream, without an ETag; the first message is where the read models stand', async () => {
    const head = await record(C, 'ca-soc-trang', 1);
    const { stream, start } = await live();
    expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.response.headers.get('etag')).toBeNull();
    expect(start.position).toBeGreaterThanOrEqual(head);
    expect(start).toMatchObject({ campaignIds: [], touched: { rankings: [], scorecards: [], publications: [] } });
    expect(start.recordedAt).toEqual(expect.any(String));
  });

  it('announces a score once the read models applied it, naming the ranking and the scorecard; a read made then sees it', async () => {
    const { stream } = await live(`?campaignId=${C}&clusterId=${cluster.id}`);
    const before = (await t.as(viewer).get(RANKING).expect(200)).body.rows.find((r: { unitId: string }) => r.unitId === 'ca-can-tho').total;
    const position = await record(C, 'ca-can-tho', 7.5);
    const message = await stream.nextData<LiveMessage>(reaching(position));
    expect(message.position).toBe(position);
    expect(message.campaignIds).toEqual([C]);
    expect(message.touched.rankings).toEqual([{ campaignId: C, clusterId: cluster.id }]);
    expect(message.touched.scorecards).toEqual([{ campaignId: C, unitId: 'ca-can-tho' }]);
    // No minPosition: the message itself says the read models have applied the position.
    const after = await t.as(viewer).get(RANKING).expect(200);
    expect(after.body.asOf.position).toBeGreaterThanOrEqual(position);
    expect(after.body.rows.find((r: { unitId: string }) => r.unitId === 'ca-can-tho').total).toBe(before + 7.5);
  });

  it('gives each message the SSE fields event: position and id: <position>', async () => {
    const { stream } = await live(`?campaignId=${C}`);
    const position = await record(C, 'ca-hau-giang', 1);
    for (;;) {
      const event = await stream.next();
      if (event.data === undefined) continue;
      const data = JSON.parse(event.data) as LiveMessage;
      if (data.position < position) continue;
      expect([event.event, event.id]).toEqual(['position', String(position)]);
      break;
    }
  });

  it('filters by campaign: a score in another campaign is not announced there, and is on an unfiltered stream', async () => {
    const { stream: ours } = await live(`?campaignId=${C}`);
    const { stream: cluster9 } = await live(`?campaignId=${C}&clusterId=${cluster.id}`);
    const { stream: everything } = await live();
    const elsewhere = await record(OTHER, 'ca-hai-phong', 3);
    const here = await record(C, 'ca-soc-trang', 2);
    // Messages come in position order: the first one after the other campaign's write is ours.
    expect((await ours.nextData<LiveMessage>(reaching(elsewhere))).position).toBe(here);
    expect((await cluster9.nextData<LiveMessage>(reaching(elsewhere))).position).toBe(here);
    // (Both writes may come in one message, when the read models applied them in one batch.)
    const seen = await everything.nextData<LiveMessage>(reaching(elsewhere));
    expect(seen.campaignIds).toContain(OTHER);
    expect(seen.touched.scorecards).toContainEqual({ campaignId: OTHER, unitId: 'ca-hai-phong' });
    expect(seen.touched.rankings).not.toContainEqual(expect.objectContaining({ campaignId: OTHER }));
  });

  it('filters by cluster: a unit of no cluster of the campaign is left out of the cluster stream, kept in the campaign stream', async () => {
    const { stream: cluster9 } = await live(`?campaignId=${C}&clusterId=${cluster.id}`);
    const { stream: campaignStream } = await live(`?campaignId=${C}`);
    const outside = await record(C, 'ca-hai-phong', 1);
    const inside = await record(C, 'ca-can-tho', 1);
    expect((await campaignStream.nextData<LiveMessage>(reaching(outside))).touched.scorecards).toContainEqual({ campaignId: C, unitId: 'ca-hai-phong' });
    const ofCluster = await cluster9.nextData<LiveMessage>(reaching(outside));
    expect(ofCluster.position).toBe(inside);
    expect(ofCluster.touched.scorecards).toEqual([{ campaignId: C, unitId: 'ca-can-tho' }]);
  });

  it("announces what changes a ranking without a score: a member added, a member's rename, a publication", async () => {
    const { stream } = await live(`?campaignId=${C}&clusterId=${cluster.id}`);
    const added = await t
      .http()
      .post(`/api/campaigns/${C}/clusters/${cluster.id}/members`)
      .send({ unitId: 'ca-hai-phong', effectiveOn: '2026-01-01' })
      .expect(201);
    expect((await stream.nextData<LiveMessage>(reaching(added.body.position))).touched.rankings).toEqual([{ campaignId: C, clusterId: cluster.id }]);
    const renamed = await t
      .http()
      .post('/api/units/ca-soc-trang/renames')
      .send({ name: 'Công an tỉnh Sóc Trăng (mới)', effectiveOn: '2026-02-01' })
      .expect(201);
    const rename = await stream.nextData<LiveMessage>(reaching(renamed.body.position));
    expect(rename.touched.rankings).toEqual([{ campaignId: C, clusterId: cluster.id }]);
    expect(rename.touched.scorecards).toEqual([{ campaignId: C, unitId: 'ca-soc-trang' }]);
    const published = await t.http().post(`/api/campaigns/${C}/clusters/${cluster.id}/rankings/publications`).send({ period: '2026-07' }).expect(201);
    expect((await stream.nextData<LiveMessage>(reaching(published.body.position))).touched.publications).toEqual([{ campaignId: C, clusterId: cluster.id }]);
  });

  it("announces a merged unit's back-dated score on its successor's scorecard and its clusters' rankings too (docs/domain.md §5)", async () => {
    const { stream } = await live(`?campaignId=${C}`);
    await t.http().post('/api/units').send({ id: 'ca-hai-duong', name: 'Công an tỉnh Hải Dương', kind: 'province', parentId: 'bo-cong-an' }).expect(201);
    const merged = await t.http().post('/api/units/ca-hai-duong/merge').send({ successorId: 'ca-can-tho', effectiveOn: '2026-07-01' }).expect(201);
    const merge = await stream.nextData<LiveMessage>(reaching(merged.body.position));
    expect(merge.touched.rankings).toEqual([{ campaignId: C, clusterId: cluster.id }]);
    expect(merge.touched.scorecards).toContainEqual({ campaignId: C, unitId: 'ca-can-tho' });
    const june = await t
      .http()
      .post(`/api/campaigns/${C}/units/ca-hai-duong/score-entries`)
      .send({ ...achievement(2), period: '2026-06' })
      .expect(201);
    const score = await stream.nextData<LiveMessage>(reaching(june.body.position));
    expect(score.touched.scorecards).toEqual([
      { campaignId: C, unitId: 'ca-hai-duong' },
      { campaignId: C, unitId: 'ca-can-tho' },
    ]);
    expect(score.touched.rankings).toEqual([{ campaignId: C, clusterId: cluster.id }]);
  });

  describe('who may open it', () => {
    it('401 without a token, and with a token that is not valid (problem+json)', async () => {
      const anonymous = await openEventStream(t, '/api/live');
      expect(anonymous.response.status).toBe(401);
      expect(anonymous.response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await anonymous.response.json()).toMatchObject({ code: 'unauthenticated' });
      const wrong = await openEventStream(t, '/api/live?access_token=not-a-token-0123456789');
      expect(wrong.response.status).toBe(401);
    });

    it('takes the token as ?access_token= (an EventSource cannot send headers), and never logs it', async () => {
      const { stream, start } = await live(`?campaignId=${C}&access_token=${encodeURIComponent(viewer)}`, {});
      expect(start.position).toBeGreaterThan(0);
      const position = await record(C, 'ca-can-tho', 1);
      expect((await stream.nextData<LiveMessage>(reaching(position))).position).toBe(position);
      expect(logger.lines.filter((line) => line.includes(viewer) || line.includes(TEST_ADMIN_TOKEN))).toEqual([]);
    });

    it('refuses the token in both places at once, and access_token on any other route', async () => {
      const both = await openEventStream(t, `/api/live?access_token=${viewer}`, { Authorization: `Bearer ${viewer}` });
      expect(both.response.status).toBe(400);
      expect(await both.response.json()).toMatchObject({ code: 'invalid-request', errors: [{ field: 'access_token' }] });
      const ranking = await t.anonymous().get(`${RANKING}?access_token=${viewer}`);
      expect([ranking.status, ranking.body.code]).toEqual([401, 'unauthenticated']);
    });
  });

  describe('bad filters', () => {
    it('400 for a cluster without its campaign or a malformed id, 404 for an unknown campaign or cluster', async () => {
      const answers = await Promise.all(
        [`?clusterId=${cluster.id}`, '?campaignId=Not%20An%20Id', '?campaignId=khong-co', `?campaignId=${C}&clusterId=khong-co`, '?unknown=1'].map(
          async (query) => {
            const res = await openEventStream(t, `/api/live${query}`, { Authorization: `Bearer ${viewer}` });
            const body = (await res.response.json()) as { code: string; errors?: { field: string }[] };
            return [res.response.status, body.code, body.errors?.[0]?.field ?? null];
          },
        ),
      );
      expect(answers).toEqual([
        [400, 'invalid-request', 'clusterId'],
        [400, 'invalid-request', 'campaignId'],
        [404, 'campaign-not-found', null],
        [404, 'cluster-not-found', null],
        [400, 'invalid-request', 'unknown'],
      ]);
    });
  });

  // Last: it shuts the application down.
  it('ends every open stream when the application shuts down (enableShutdownHooks: on SIGTERM too)', async () => {
    await live();
    const ended = open.map((s) => s.ended());
    closed = true;
    await t.close();
    expect(await Promise.all(ended)).toEqual(ended.map(() => true));
  });
});

describe('GET /api/live when workers elsewhere run the projections (PROJECTIONS=off)', () => {
  const dataDir = freshDataDir('ledger-live-off');
  let app: NestExpressApplication;
  let runner: ProjectionRunner;
  const t = () => ({ app, http: () => withToken(request(app.getHttpServer()), TEST_ADMIN_TOKEN) });

  beforeAll(async () => {
    app = await createApp({ ...testConfig(null, dataDir.dir), projections: false }, { logger: false });
    await app.listen(0, '127.0.0.1');
    // The projections, run beside the API rather than by it: what this API process sees is their checkpoints.
    runner = new ProjectionRunner(app.get(EVENT_STORE), app.get(DataSource), projections);
    await runner.start();
    for (const unit of [units.ministry, units.hauGiang, units.canTho, units.socTrang]) await t().http().post('/api/units').send(unit).expect(201);
    await t().http().post('/api/campaigns').send(campaign).expect(201);
    await t().http().post(`/api/campaigns/${C}/clusters`).send(cluster).expect(201);
  });
  afterAll(async () => {
    await runner?.stop();
    await app?.close();
    dataDir.remove();
  });

  it('announces a score once the projector applied it, and a read made then sees it', async () => {
    const stream = await openEventStream(t(), `/api/live?campaignId=${C}`, { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` });
    expect(stream.response.status).toBe(200);
    await stream.nextData();
    const written = await t().http().post(`/api/campaigns/${C}/units/ca-hau-giang/score-entries`).send(achievement(4.5)).expect(201);
    const message = await stream.nextData<LiveMessage>((m) => m.position >= written.body.position);
    expect(message.touched.rankings).toEqual([{ campaignId: C, clusterId: cluster.id }]);
    const ranking = await t().http().get(RANKING).expect(200);
    expect(ranking.body.rows.find((r: { unitId: string }) => r.unitId === 'ca-hau-giang').total).toBe(4.5);
    stream.close();
  });
});
