import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ETagInterceptor, READ_MODEL_CLOCK } from '../../http/etag.js';
import { ReadModelCheckpoints } from './read-model-clock.js';

/** How reads learn that the read models moved: the ETags of every `GET /api/*` (the interceptor, with the read models' checkpoints as its clock). */
@Module({
  providers: [
    { provide: READ_MODEL_CLOCK, useClass: ReadModelCheckpoints },
    { provide: APP_INTERCEPTOR, useClass: ETagInterceptor },
  ],
})
export class LiveModule {}
