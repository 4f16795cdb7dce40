import { ConferralParametersReads } from './commendations/conferral-parameters.reads.js';
import { ProposalReads } from '../../projections/scores/proposal-reads.js';
import { ProposalQueriesController } from './scores/proposals.controller.js';
import { Module } from '@nestjs/common';
import { StreamsModule } from '../streams/streams.module.js';
import { AccountQueriesController } from './accounts/accounts.controller.js';
import { CommendationReads } from './commendations/commendation-reads.service.js';
import { CommendationQueriesController, ConferralParametersQueriesController } from './commendations/commendations.controller.js';
import { LogController } from './log/log.controller.js';
import { PledgeReads } from './pledges/pledge-reads.service.js';
import { PledgeQueriesController } from './pledges/pledges.controller.js';
import { ProjectionsController } from './projections.controller.js';
import { UnitReads } from './registry/unit-reads.service.js';
import { UnitQueriesController } from './registry/units.controller.js';
import { PublicationReads } from '../../projections/campaigns/publication-reads.js';
import { ReadLookups } from '../../projections/scores/read-lookups.js';
import { PublicationsController } from './scores/publications.controller.js';
import { ScoreQueriesController } from './scores/scores.controller.js';
import { ScoreReads } from '../../projections/scores/score-reads.js';
import { ReadModelLookups } from './shared/read-model-lookups.js';
import { ReadPositions } from './shared/read-position.service.js';
import { VocabulariesController } from './vocabularies.controller.js';

/** The read side: endpoints over the read models (and the raw log for auditors). */
@Module({
  imports: [StreamsModule],
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
    // The reads in projections/ ask for the lookups by their port.
    { provide: ReadLookups, useFactory: (lookups: ReadModelLookups): ReadLookups => lookups, inject: [ReadModelLookups] },
    PublicationReads,
    ReadPositions,
    ScoreReads,
    CommendationReads,
    PledgeReads,
    UnitReads,
  ],
  exports: [ReadPositions, ScoreReads],
})
export class QueriesModule {}
