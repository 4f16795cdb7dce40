import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { freshDataDir } from '../support/databases.js';
import { listen, TEST_ADMIN_TOKEN, withToken } from '../support/app.js';

describe('the embedded store keeps its data across restarts', () => {
  it('serves after a restart what was written before it, idempotency keys included', async () => {
    const data = freshDataDir('ledger-restart');
    try {
      const first = await listen(null, data.dir);
      const unit = { id: 'bo-cong-an', name: 'Bộ Công an', kind: 'ministry' };
      const written = await withToken(request(first.getHttpServer()), TEST_ADMIN_TOKEN).post('/api/units').set('Idempotency-Key', 'k-1').send(unit).expect(201);
      await first.close();

      const second = await listen(null, data.dir);
      const stream = await withToken(request(second.getHttpServer()), TEST_ADMIN_TOKEN).get('/api/streams/unit:bo-cong-an').expect(200);
      expect(stream.body.events).toHaveLength(1);
      expect(stream.body.events[0].data).toMatchObject({ unitId: 'bo-cong-an', name: 'Bộ Công an' });
      const replay = await withToken(request(second.getHttpServer()), TEST_ADMIN_TOKEN).post('/api/units').set('Idempotency-Key', 'k-1').send(unit).expect(200);
      expect(replay.body).toEqual(written.body);
      await second.close();
    } finally {
      data.remove();
    }
  });
});
