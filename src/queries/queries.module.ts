import { ConferralParametersReads } from './commendations/conferral-parameters.reads.js';
import { ProposalQueriesController, ProposalReads } from './scores/proposals.controller.js';
import { Module } from '@nestjs/common';
import { AccountQueriesController } from './accounts/accounts.controller.js';
import { CommendationReads } from './commendations/commendation-reads.service.js';
import { CommendationQueriesController, ConferralParametersQueriesController } from './commendations/commendations.controller.js';
import { LogController } from './log/log.controller.js';
import { PledgeReads } from './pledges/pledge-reads.service.js';
import { PledgeQueriesController } from './pledges/pledges.controller.js';
import { ProjectionsController } from './projections.controller.js';
import { UnitReads } from './registry/unit-reads.service.js';
import { UnitQueriesController } from './registry/units.controller.js';
import { PublicationReads, PublicationsController } from './scores/publications.controller.js';
import { ScoreQueriesController } from './scores/scores.controller.js';
import { ScoreReads } from './scores/score-reads.service.js';
import { ReadModelLookups } from './shared/read-model-lookups.js';
import { ReadPositions } from './shared/read-position.service.js';
import { VocabulariesController } from './vocabularies.controller.js';

/** The read side: endpoints over the read models (and the raw log for auditors). */
@Module({
  controllers: [
    AccountQueriesController,
    ProposalQueriesController,
    PublicationsController,
    LogController,
    ScoreQueriesController,
    ProjectionsController,
    CommendationQueriesController,
    ConferralParametersQueriesController,
    PledgeQueriesController,
    UnitQueriesController,
    VocabulariesController,
  ],
  providers: [
    ProposalReads,
    ConferralParametersReads,
    ReadModelLookups,
    PublicationReads,
    ReadPositions,
    ScoreReads,
    CommendationReads,
    PledgeReads,
    UnitReads,
  ],
  exports: [ReadPositions, ScoreReads, ConferralParametersReads],
})
export class QueriesModule {}
