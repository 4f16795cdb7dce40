import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from '../http/auth/access.guard.js';
import { RateLimits } from '../http/auth/rate-limits.js';
import { AccountsController } from './accounts/accounts.controller.js';
import { ChangeAccountHandler } from './accounts/accounts.handlers.js';
import { AdminBootstrap } from './accounts/admin-bootstrap.js';
import { CqrsModule } from '@nestjs/cqrs';
import { IdentityModule } from '../identity/identity.module.js';
import { StreamsModule } from '../streams/streams.module.js';
import { RankingPublisher } from './campaigns/ranking-publisher.js';
import { CampaignsController } from './campaigns/campaigns.controller.js';
import { campaignHandlers } from './campaigns/campaigns.handlers.js';
import { CommendationsController, ConferralParametersController } from './commendations/commendations.controller.js';
import { commendationHandlers } from './commendations/commendations.handlers.js';
import { RegistryController } from './registry/registry.controller.js';
import { registryHandlers } from './registry/registry.handlers.js';
import { ProposalsController, ScoresController, VetoesController } from './scores/scores.controller.js';
import { ChangeScoreHandler } from './scores/scores.handlers.js';
import { LedgerWriter } from './shared/ledger-writer.js';

/**
 * The write side: controllers turn requests into commands; handlers load, decide and append. What
 * it needs of the read side (eligibility facts, rankings) comes through the ports of src/ledger,
 * provided by the read side's module.
 */
@Module({
  imports: [CqrsModule, StreamsModule, IdentityModule],
  controllers: [
    AccountsController,
    RegistryController,
    CampaignsController,
    ScoresController,
    VetoesController,
    ProposalsController,
    CommendationsController,
    ConferralParametersController,
  ],
  providers: [
    // Every route of the application passes the access guard (deny by default: a route must declare who may call it).
    { provide: APP_GUARD, useClass: AccessGuard },
    RateLimits,
    ChangeAccountHandler,
    AdminBootstrap,
    LedgerWriter,
    RankingPublisher,
    ...registryHandlers,
    ...campaignHandlers,
    ChangeScoreHandler,
    ...commendationHandlers,
  ],
  exports: [RankingPublisher],
})
export class CommandsModule {}
