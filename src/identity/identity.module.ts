import { Module } from '@nestjs/common';
import { StreamsModule } from '../streams/streams.module.js';
import { AccessFacts } from './access-facts.js';
import { AccountDirectory } from './account-directory.js';

/** Who a request's caller is, and where the request acts: what the access guard asks, read from the log as it stands now. */
@Module({
  imports: [StreamsModule],
  providers: [AccountDirectory, AccessFacts],
  exports: [AccountDirectory, AccessFacts],
})
export class IdentityModule {}
