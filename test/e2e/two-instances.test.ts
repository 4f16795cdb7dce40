import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { listen, TEST_ADMIN_TOKEN, withToken } from '../support/app.js';
import { freshDataDir, freshDatabase } from '../support/databases.js';
import { campaign, units } from '../support/fixtures.js';
import { expectRefusal } from '../support/refusals.js';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port.js';

const C = campaign.id;
const entries = (unitId: string) => `/api/campaigns/${C}/units/${unitId}/score-entries`;
const achievement = (criterionId: string, points: number) => ({
  kind: 'achievement',
  criterionId,
  points,
  period: '2026-07',
  source: 'self-assessment',
  reason: 'Tự chấm',
});

/**
 * Two API processes on one PostgreSQL database. Each keeps the states it folded from streams; a
 * write must still decide on what the other one wrote meanwhile (its scorecard, the campaign).
 */
const suite = process.env.DATABASE_URL ? describe : describe.skip;
if (!process.env.DATABASE_URL) console.warn('two instances: skipped: DATABASE_URL is not set');

suite('two API instances on one database', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const dataDir = freshDataDir('ledger-two');
  let a: NestExpressApplication;
  let b: NestExpressApplication;
  const httpA = () => withToken(request(a.getHttpServer()), TEST_ADMIN_TOKEN);
  const httpB = () => withToken(request(b.getHttpServer()), TEST_ADMIN_TOKEN);

  beforeAll(async () => {
    database = await freshDatabase('ledger_two');
    a = await listen(database.url, dataDir.dir);
    b = await listen(database.url, dataDir.dir);
    for (const unit of Object.values(units)) await httpA().post('/api/units').send(unit).expect(201);
    await httpA().post('/api/campaigns').send(campaign).expect(201);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
    dataDir.remove();
  });

  it('decides on the entries the other instance recorded since', async () => {
    await httpA().post(entries('ca-can-tho')).send(achievement('c1-1', 10)).expect(201);
    const recordedByB = await httpB().post(entries('ca-can-tho')).send(achievement('c1-1', 20)).expect(201);
    await httpA()
      .post(`${entries('ca-can-tho')}/${recordedByB.body.entryId}/reversal`)
      .send({ reason: 'Ghi nhầm' })
      .expect(201);
    // 10 left on c1-1 (max 120): 111 more would exceed it, as B's entries count.
    await httpB().post(entries('ca-can-tho')).send(achievement('c1-1', 100)).expect(201);
    const t = { http: httpA, app: a, store: a.get<EventStore>(EVENT_STORE), close: async () => undefined };
    await expectRefusal(t, () => httpA().post(entries('ca-can-tho')).send(achievement('c1-1', 11)), 422, 'criterion-max-exceeded', 'points');
    await httpA().post(entries('ca-can-tho')).send(achievement('c1-1', 10)).expect(201);
  });

  it('takes an If-Match version the other instance wrote', async () => {
    await httpA().post(entries('ca-soc-trang')).send(achievement('c2-1', 1)).expect(201);
    const byB = await httpB().post(entries('ca-soc-trang')).send(achievement('c2-1', 1)).expect(201);
    expect(byB.body.version).toBe(2);
    await httpA().post(entries('ca-soc-trang')).set('If-Match', '"2"').send(achievement('c2-1', 1)).expect(201);
  });

  it('refuses a score entry once the other instance closed the campaign', async () => {
    await httpA().post(entries('ca-hau-giang')).send(achievement('c3-1', 5)).expect(201);
    await httpB().post(`/api/campaigns/${C}/close`).send({}).expect(201);
    const t = { http: httpA, app: a, store: a.get<EventStore>(EVENT_STORE), close: async () => undefined };
    await expectRefusal(t, () => httpA().post(entries('ca-hau-giang')).send(achievement('c3-1', 5)), 422, 'campaign-closed');
  });
});
