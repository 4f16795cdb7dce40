import { ConferralParametersReads } from './commendations/conferral-parameters.reads.js';
import { ProposalReads } from '../../projections/scores/proposal-reads.js';
import { ProposalQueriesController } from './scores/proposals.controller.js';
import { Module } from '@nestjs/common';
import { StreamsModule } from '../streams/streams.module.js';
import { AccountReads } from './accounts/account-reads.js';
import { AccountQueriesController } from './accounts/accounts.controller.js';
import { CommendationReads } from '../../projections/commendations/commendation-reads.js';
import { CommendationQueriesController, ConferralParametersQueriesController } from './commendations/commendations.controller.js';
import { LogController } from './log/log.controller.js';
import { PledgeReads } from '../../projections/campaigns/pledge-reads.js';
import { PledgeQueriesController } from './pledges/pledges.controller.js';
import { ProjectionsController } from './projections.controller.js';
import { UnitReads } from '../../projections/registry/unit-reads.js';
import { OfficerQueriesController, UnitQueriesController } from './registry/units.controller.js';
import { PublicationReads } from '../../projections/campaigns/publication-reads.js';
import { PublicationsController } from './scores/publications.controller.js';
import { ScoreQueriesController } from './scores/scores.controller.js';
import { ScoreReads } from '../../projections/scores/score-reads.js';
import { ReadModelLookups } from '../../projections/shared/read-model-lookups.js';
import { ReadPositions } from './shared/read-position.service.js';
import { VocabulariesController } from './vocabularies.controller.js';
import { CampaignLists } from '../../projections/campaigns/campaign-lists.js';
import { CommendationLists } from '../../projections/commendations/commendation-lists.js';
import { RegistryLists } from '../../projections/registry/registry-lists.js';
import { CampaignQueriesController } from './campaigns/campaigns.controller.js';

/** The read side: endpoints over the read models (and the raw log for auditors). */
@Module({
  imports: [StreamsModule],
  controllers: [
    AccountQueriesController,
    CampaignQueriesController,
    ProposalQueriesController,
    PublicationsController,
    LogController,
    ScoreQueriesController,
    ProjectionsController,
    CommendationQueriesController,
    ConferralParametersQueriesController,
    PledgeQueriesController,
    UnitQueriesController,
    OfficerQueriesController,
    VocabulariesController,
  ],
  providers: [
    AccountReads,
    ProposalReads,
    ConferralParametersReads,
    ReadModelLookups,
    PublicationReads,
    ReadPositions,
    ScoreReads,
    CommendationReads,
    PledgeReads,
    UnitReads,
    RegistryLists,
    CampaignLists,
    CommendationLists,
  ],
  exports: [ReadPositions, ScoreReads, UnitReads],
})
export class QueriesModule {}
