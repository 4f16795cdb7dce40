import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Controller, Get, Module, Query } from '@nestjs/common';
import { APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { AnswersFromReadModels, ETagInterceptor, READ_MODEL_CLOCK, strongETag, type ReadModelClock } from '../../../src/http/etag.js';

/** Read models that move when the test says so; the reads count how often they are really made. */
const clock = { checkpoints: [10, 10], moveDuringRead: false };
const reads = { fromReadModels: 0, other: 0 };
const testClock: ReadModelClock = {
  now: async () => ({ fingerprint: clock.checkpoints.join(','), position: Math.min(...clock.checkpoints) }),
};

@Controller('api')
class ReadsController {
  @AnswersFromReadModels()
  @Get('ranking')
  ranking(@Query('asOf') asOf?: string) {
    reads.fromReadModels++;
    if (clock.moveDuringRead) clock.checkpoints = clock.checkpoints.map((c) => c + 1);
    return { asOf: asOf ?? Math.min(...clock.checkpoints), rows: [] };
  }

  @Get('other')
  other() {
    reads.other++;
    return { checkpoints: clock.checkpoints };
  }
}

@Module({
  controllers: [ReadsController],
  providers: [
    { provide: READ_MODEL_CLOCK, useValue: testClock },
    { provide: APP_INTERCEPTOR, useClass: ETagInterceptor },
  ],
})
class ReadsModule {}

/**
 * The 304 of a read that answers from the read models alone (`AnswersFromReadModels`) is given
 * without reading while no read model has moved; any move, or a read the models moved under, reads
 * again. The tag itself is always the hash of the body (test/e2e/etag.test.ts holds the HTTP contract).
 */
describe('ETagInterceptor: 304 without reading while the read models stand still', () => {
  let app: NestExpressApplication;
  const get = (path: string, etag?: string) => {
    const req = request(app.getHttpServer()).get(path);
    return etag ? req.set('If-None-Match', etag) : req;
  };

  beforeAll(async () => {
    app = await NestFactory.create<NestExpressApplication>(ReadsModule, { logger: false });
    app.set('etag', false);
    await app.init();
  });
  afterAll(async () => app?.close());
  beforeEach(() => {
    clock.checkpoints = [10, 10];
    clock.moveDuringRead = false;
    reads.fromReadModels = 0;
    reads.other = 0;
  });

  it('tags the body with its hash, then answers 304 without reading while the checkpoints stay', async () => {
    const first = await get('/api/ranking').expect(200);
    expect(first.headers.etag).toBe(strongETag(JSON.stringify({ asOf: 10, rows: [] })));
    await get('/api/ranking', first.headers.etag).expect(304);
    await get('/api/ranking', `W/${first.headers.etag}`).expect(304);
    await get('/api/ranking?minPosition=10', first.headers.etag).expect(304);
    expect(reads.fromReadModels).toBe(1);
  });

  it('reads again once any read model moved (even to the same body), or for a later minPosition or any asOf', async () => {
    // This handler answers the same body each time, so each is a 304 by its hash: what counts is that it read.
    const first = await get('/api/ranking').expect(200);
    await get('/api/ranking?minPosition=11', first.headers.etag).expect(304);
    await get('/api/ranking?asOf=10', strongETag(JSON.stringify({ asOf: '10', rows: [] }))).expect(304);
    expect(reads.fromReadModels).toBe(3);
    clock.checkpoints = [10, 11];
    const moved = await get('/api/ranking', first.headers.etag).expect(304);
    expect(moved.headers.etag).toBe(first.headers.etag);
    expect(reads.fromReadModels).toBe(4);
  });

  it('does not remember an answer read while the read models moved under it', async () => {
    clock.moveDuringRead = true;
    const first = await get('/api/ranking').expect(200);
    clock.moveDuringRead = false;
    // The same body again (a 304 by its hash), but read: the remembered tag was not kept.
    await get('/api/ranking', first.headers.etag).expect(304);
    expect(reads.fromReadModels).toBe(2);
  });

  it('reads every time on a route not marked, answering 304 from the hash of what it read', async () => {
    const first = await get('/api/other').expect(200);
    await get('/api/other', first.headers.etag).expect(304);
    expect(reads.other).toBe(2);
  });
});
