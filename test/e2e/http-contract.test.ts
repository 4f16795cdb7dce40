import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from '../support/app.js';
import { storeKinds } from '../support/databases.js';
import { campaign, units } from '../support/fixtures.js';
import { expectNothingWrittenSince, expectRefusal, logHead } from '../support/refusals.js';
import { expectWritten } from '../support/writes.js';

const C = campaign.id;
const scoreEntries = (unitId: string) => `/api/campaigns/${C}/units/${unitId}/score-entries`;
const achievement = (points: number) => ({ kind: 'achievement', criterionId: 'c4-1', points, period: '2026-07', source: 'self-assessment', reason: 'Tự chấm' });

interface LogEvent {
  position: number;
  version: number;
  streamId: string;
  type: string;
  metadata: Record<string, unknown>;
}

describe.each(storeKinds('http contract'))('HTTP contract (%s store)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp(kind);
    for (const unit of Object.values(units)) await t.http().post('/api/units').send(unit).expect(201);
    await t.http().post('/api/campaigns').send(campaign).expect(201);
  });
  afterAll(async () => t?.close());

  describe('Idempotency-Key', () => {
    const unit = { id: 'ca-bac-lieu', name: 'Công an tỉnh Bạc Liêu', kind: 'province', parentId: 'bo-cong-an' };

    it('replays the first answer (200, identical body and ETag) and writes nothing new', async () => {
      const first = await t.http().post('/api/units').set('Idempotency-Key', 'dang-ky-bac-lieu-1').send(unit);
      expectWritten(first, 'unit:ca-bac-lieu', 1);
      const head = await logHead(t);
      const again = await t.http().post('/api/units').set('Idempotency-Key', 'dang-ky-bac-lieu-1').send(unit);
      expectWritten(again, 'unit:ca-bac-lieu', 1, 200);
      expect(again.body).toEqual(first.body);
      // Key order does not change the request: still a replay.
      const reordered = await t
        .http()
        .post('/api/units')
        .set('Idempotency-Key', 'dang-ky-bac-lieu-1')
        .send({ parentId: unit.parentId, kind: unit.kind, name: unit.name, id: unit.id });
      expect(reordered.status).toBe(200);
      expect(reordered.body).toEqual(first.body);
      await expectNothingWrittenSince(t, head);
    });

    it('replays a score entry with its server-assigned entryId', async () => {
      const first = await t.http().post(scoreEntries('ca-bac-lieu')).set('Idempotency-Key', 'cham-diem-bl-1').send(achievement(1)).expect(201);
      const head = await logHead(t);
      const again = await t.http().post(scoreEntries('ca-bac-lieu')).set('Idempotency-Key', 'cham-diem-bl-1').send(achievement(1)).expect(200);
      expect(again.body).toEqual(first.body);
      expect(again.body.entryId).toBe(first.body.entryId);
      await expectNothingWrittenSince(t, head);
    });

    it('answers parallel retries with the same key once (one 201, the rest 200 replays, one event)', async () => {
      const head = await logHead(t);
      const body = { id: 'ca-ca-mau', name: 'Công an tỉnh Cà Mau', kind: 'province', parentId: 'bo-cong-an' };
      const results = await Promise.all(Array.from({ length: 6 }, () => t.http().post('/api/units').set('Idempotency-Key', 'dang-ky-ca-mau').send(body)));
      expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
      for (const r of results) expect(r.body).toEqual(results[0].body);
      const after = await t.http().get(`/api/events?after=${head}`).expect(200);
      expect(after.body.events.map((e: LogEvent) => e.streamId)).toEqual(['unit:ca-ca-mau']);
    });

    it('refuses the same key with a different body or path (422 idempotency-key-reused)', async () => {
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post('/api/units')
            .set('Idempotency-Key', 'dang-ky-bac-lieu-1')
            .send({ ...unit, name: 'Tên khác' }),
        422,
        'idempotency-key-reused',
        'Idempotency-Key',
      );
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post('/api/officers')
            .set('Idempotency-Key', 'dang-ky-bac-lieu-1')
            .send({ id: 'nguyen-van-an', fullName: 'Nguyễn Văn An', unitId: 'ca-bac-lieu' }),
        422,
        'idempotency-key-reused',
      );
    });

    it('refuses an over-long key (400 naming Idempotency-Key)', async () => {
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post('/api/units')
            .set('Idempotency-Key', 'k'.repeat(201))
            .send({ ...unit, id: 'ca-x' }),
        400,
        'invalid-request',
        'Idempotency-Key',
      );
    });
  });

  describe('If-Match', () => {
    it('writes when the version matches (201), answers 409 version-conflict with currentVersion when stale', async () => {
      await t.http().post('/api/units').send({ id: 'ca-hai-duong', name: 'Công an tỉnh Hải Dương', kind: 'province', parentId: 'bo-cong-an' }).expect(201);
      await t.http().post('/api/units').send({ id: 'pc02-hai-duong', name: 'Phòng Cảnh sát hình sự', kind: 'division', parentId: 'ca-hai-duong' }).expect(201);
      const moved = await t.http().post('/api/units/pc02-hai-duong/moves').set('If-Match', '"1"').send({ parentId: 'ca-hai-phong', effectiveOn: '2025-07-01' });
      expectWritten(moved, 'unit:pc02-hai-duong', 2);
      const res = await expectRefusal(
        t,
        () => t.http().post('/api/units/pc02-hai-duong/moves').set('If-Match', '"1"').send({ parentId: 'ca-hai-duong', effectiveOn: '2025-08-01' }),
        409,
        'version-conflict',
      );
      expect(res.body).toMatchObject({ currentVersion: 2, streamId: 'unit:pc02-hai-duong' });
      // A weak tag or a bare number holding the current version is accepted.
      expectWritten(
        await t.http().post('/api/units/pc02-hai-duong/moves').set('If-Match', 'W/"2"').send({ parentId: 'ca-hai-duong', effectiveOn: '2025-08-01' }),
        'unit:pc02-hai-duong',
        3,
      );
    });

    it('refuses a malformed If-Match (400 naming If-Match)', async () => {
      await expectRefusal(
        t,
        () => t.http().post('/api/units/ca-hai-duong/moves').set('If-Match', 'version-3').send({ parentId: 'ca-hai-phong', effectiveOn: '2025-07-01' }),
        400,
        'invalid-request',
        'If-Match',
      );
      await expectRefusal(
        t,
        () => t.http().post('/api/units/ca-hai-duong/moves').set('If-Match', '*').send({ parentId: 'ca-hai-phong', effectiveOn: '2025-07-01' }),
        400,
        'invalid-request',
        'If-Match',
      );
    });
  });

  describe('the actor', () => {
    it('is the authenticated account, never what X-Actor claims', async () => {
      await t
        .http()
        .post('/api/officers')
        .set('X-Actor', 'can-bo-thi-dua-bca')
        .send({ id: 'tran-thi-binh', fullName: 'Trần Thị Bình', unitId: 'ca-hai-phong' })
        .expect(201);
      const named = await t.http().get('/api/streams/officer:tran-thi-binh').expect(200);
      expect(named.body.events[0].metadata).toMatchObject({
        actor: 'admin',
        actorName: 'Quản trị hệ thống',
        commandId: expect.any(String),
        correlationId: expect.any(String),
      });
    });
  });

  describe('errors as problem+json', () => {
    it('answers a malformed JSON body with 400 problem+json', async () => {
      await expectRefusal(t, () => t.http().post('/api/units').set('Content-Type', 'application/json').send('{"id": "ca-x",'), 400, 'malformed-json');
    });

    it('refuses a body that is not JSON with 415, writing nothing', async () => {
      await expectRefusal(
        t,
        () => t.http().post('/api/units').set('Content-Type', 'text/plain').send('id=ca-x'),
        415,
        'unsupported-media-type',
        'Content-Type',
      );
    });

    it('answers an unknown route with 404 problem+json', async () => {
      await expectRefusal(t, () => t.http().get('/api/khong-co'), 404, 'route-not-found');
      await expectRefusal(t, () => t.http().post('/api/units/ca-hai-phong/khong-co').send({}), 404, 'route-not-found');
    });
  });

  describe('reading the log', () => {
    it('pages GET /api/events with after and limit, in position order', async () => {
      const all: LogEvent[] = (await t.http().get('/api/events?after=0&limit=1000').expect(200)).body.events;
      expect(all.length).toBeGreaterThan(8);
      expect(all.map((e) => e.position)).toEqual([...all.map((e) => e.position)].sort((a, b) => a - b));
      const page1 = await t.http().get('/api/events?limit=3').expect(200);
      expect(page1.body.events.map((e: LogEvent) => e.position)).toEqual(all.slice(0, 3).map((e) => e.position));
      expect(page1.body.next).toBe(all[2].position);
      const page2 = await t.http().get(`/api/events?after=${page1.body.next}&limit=3`).expect(200);
      expect(page2.body.events.map((e: LogEvent) => e.position)).toEqual(all.slice(3, 6).map((e) => e.position));
      const end = await t
        .http()
        .get(`/api/events?after=${all.at(-1)!.position}`)
        .expect(200);
      expect(end.body).toEqual({ events: [], next: null });
      expect(all.find((e: { streamId: string }) => !e.streamId.startsWith('account:'))).toEqual(
        expect.objectContaining({
          id: expect.any(String),
          streamId: 'unit:bo-cong-an',
          version: 1,
          type: 'UnitRegistered',
          schemaVersion: expect.any(Number),
          data: expect.any(Object),
          metadata: expect.any(Object),
          recordedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        }),
      );
    });

    it('refuses bad paging parameters (400 naming each)', async () => {
      await expectRefusal(t, () => t.http().get('/api/events?limit=1001'), 400, 'invalid-request', 'limit');
      await expectRefusal(t, () => t.http().get('/api/events?limit=0'), 400, 'invalid-request', 'limit');
      await expectRefusal(t, () => t.http().get('/api/events?after=-1'), 400, 'invalid-request', 'after');
      await expectRefusal(t, () => t.http().get('/api/events?after=abc'), 400, 'invalid-request', 'after');
    });

    it('reads one stream: 404 when unknown, fromVersion, direction=backward, ETag', async () => {
      await expectRefusal(t, () => t.http().get('/api/streams/unit:ca-khong-co'), 404, 'stream-not-found');
      const whole = await t.http().get('/api/streams/unit:pc02-hai-duong').expect(200);
      expect(whole.headers.etag).toBe('"3"');
      expect(whole.body.version).toBe(3);
      expect(whole.body.events.map((e: LogEvent) => e.version)).toEqual([1, 2, 3]);
      const from2 = await t.http().get('/api/streams/unit:pc02-hai-duong?fromVersion=2').expect(200);
      expect(from2.body.events.map((e: LogEvent) => e.version)).toEqual([2, 3]);
      const backward = await t.http().get('/api/streams/unit:pc02-hai-duong?direction=backward').expect(200);
      expect(backward.body.events.map((e: LogEvent) => e.version)).toEqual([3, 2, 1]);
      const backwardFrom2 = await t.http().get('/api/streams/unit:pc02-hai-duong?direction=backward&fromVersion=2&limit=1').expect(200);
      expect(backwardFrom2.body.events.map((e: LogEvent) => e.version)).toEqual([2]);
      await expectRefusal(t, () => t.http().get('/api/streams/unit:pc02-hai-duong?direction=sideways'), 400, 'invalid-request', 'direction');
      await expectRefusal(t, () => t.http().get('/api/streams/unit:pc02-hai-duong?fromVersion=0'), 400, 'invalid-request', 'fromVersion');
    });
  });

  describe('health and documentation', () => {
    it('GET /health answers 200 { status: "ok" }', async () => {
      const res = await t.http().get('/health').expect(200);
      expect(res.body).toMatchObject({ status: 'ok' });
    });

    it('GET /api/openapi.json lists every write path of docs/api.md', async () => {
      const res = await t.http().get('/api/openapi.json').expect(200);
      const paths = res.body.paths as Record<string, Record<string, unknown>>;
      const writes: [string, string][] = [
        ['post', '/api/units'],
        ['post', '/api/units/{id}/moves'],
        ['post', '/api/officers'],
        ['post', '/api/campaigns'],
        ['post', '/api/campaigns/{id}/phases'],
        ['post', '/api/campaigns/{id}/phases/{phaseId}/close'],
        ['post', '/api/campaigns/{id}/close'],
        ['post', '/api/campaigns/{id}/clusters'],
        ['post', '/api/campaigns/{id}/clusters/{clusterId}/members'],
        ['delete', '/api/campaigns/{id}/clusters/{clusterId}/members/{unitId}'],
        ['post', '/api/campaigns/{id}/pledges'],
        ['post', '/api/campaigns/{id}/units/{unitId}/score-entries'],
        ['post', '/api/campaigns/{id}/units/{unitId}/score-entries/{entryId}/reversal'],
        ['post', '/api/campaigns/{id}/units/{unitId}/score-entries/{entryId}/correction'],
        ['post', '/api/commendations'],
        ['post', '/api/commendations/{id}/revocation'],
      ];
      for (const [method, path] of writes) expect({ path, method, documented: Boolean(paths[path]?.[method]) }).toEqual({ path, method, documented: true });
      expect(paths['/api/events']?.get).toBeDefined();
      expect(paths['/api/streams/{streamId}']?.get).toBeDefined();
    });

    it('GET /api/docs answers 200 HTML', async () => {
      const res = await t.http().get('/api/docs').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toMatch(/swagger/i);
    });
  });

  describe('concurrency', () => {
    it('10 parallel score entries to one unit without If-Match all succeed; versions 1..10 all present', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          t
            .http()
            .post(scoreEntries('ca-can-tho'))
            .send({ ...achievement(1), reason: `Song song ${i}` }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
      expect(results.map((r) => r.body.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      const stream = await t.http().get(`/api/streams/scorecard:${C}:ca-can-tho`).expect(200);
      expect(stream.body.events.map((e: LogEvent) => e.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(new Set(results.map((r) => r.body.entryId)).size).toBe(10);
    });

    it('10 parallel writes with the same If-Match: exactly one 201, the others 409, one event written', async () => {
      await t.http().post(scoreEntries('ca-soc-trang')).send(achievement(1)).expect(201);
      const head = await logHead(t);
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          t
            .http()
            .post(scoreEntries('ca-soc-trang'))
            .set('If-Match', '"1"')
            .send({ ...achievement(1), reason: `Cùng phiên bản ${i}` }),
        ),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([201, ...Array(9).fill(409)]);
      for (const r of results.filter((x) => x.status === 409)) {
        expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(r.body).toMatchObject({ code: 'version-conflict', currentVersion: 2 });
      }
      const after = await t.http().get(`/api/events?after=${head}`).expect(200);
      expect(after.body.events.map((e: LogEvent) => [e.streamId, e.version])).toEqual([[`scorecard:${C}:ca-soc-trang`, 2]]);
    });
  });
});
