import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startApp, type TestApp } from '../support/app.js';

// The relay's status endpoint answers whether or not Kafka is configured (the Kafka suite covers it on).
let t: TestApp;
beforeAll(async () => {
  t = await startApp('embedded');
});
afterAll(async () => t?.close());

it('GET /api/projections/relay says the relay is off without KAFKA_BROKERS', async () => {
  const res = await t.http().get('/api/projections/relay').expect(200);
  expect(res.body).toEqual({ enabled: false });
});
