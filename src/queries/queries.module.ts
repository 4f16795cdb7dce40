import { Module } from '@nestjs/common';
import { LogController } from './log/log.controller.js';
import { ProjectionsController } from './projections.controller.js';
import { ScoreQueriesController } from './scores/scores.controller.js';
import { ScoreReads } from './scores/score-reads.service.js';
import { ReadPositions } from './shared/read-position.service.js';

/** The read side: endpoints over the read models (and the raw log for auditors). */
@Module({
  controllers: [LogController, ScoreQueriesController, ProjectionsController],
  providers: [ReadPositions, ScoreReads],
})
export class QueriesModule {}
