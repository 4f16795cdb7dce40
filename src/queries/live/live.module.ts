import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { UnitClusterReads } from '../../../projections/campaigns/unit-cluster-reads.js';
import { ReadModelLookups } from '../../../projections/shared/read-model-lookups.js';
import { ETagInterceptor, READ_MODEL_CLOCK } from '../../http/etag.js';
import { IdentityModule } from '../../identity/identity.module.js';
import { QueriesModule } from '../queries.module.js';
import { LiveController } from './live.controller.js';
import { LiveFeed } from './live-feed.js';
import { ReadModelCheckpoints } from './read-model-clock.js';

/**
 * How reads learn that the read models moved: the live stream (`GET /api/live`), and the ETags of
 * every `GET /api/*` (the interceptor, with the read models' checkpoints as its clock).
 */
@Module({
  imports: [QueriesModule, IdentityModule],
  controllers: [LiveController],
  providers: [
    LiveFeed,
    UnitClusterReads,
    ReadModelLookups,
    { provide: READ_MODEL_CLOCK, useClass: ReadModelCheckpoints },
    { provide: APP_INTERCEPTOR, useClass: ETagInterceptor },
  ],
})
export class LiveModule {}
