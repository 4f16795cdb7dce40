import { Module } from '@nestjs/common';
import { CommandsModule } from '../commands/commands.module.js';
import { QueriesModule } from '../queries/queries.module.js';
import { FinalRankingsPolicy } from './final-rankings.policy.js';

/** Policies: consumers of the log that issue commands when events happen (policies → commands, never the reverse). */
@Module({
  imports: [CommandsModule, QueriesModule],
  providers: [FinalRankingsPolicy],
  exports: [FinalRankingsPolicy],
})
export class PoliciesModule {}
