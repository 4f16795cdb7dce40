import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { IdentityModule } from '../identity/identity.module.js';
import { StreamsModule } from '../streams/streams.module.js';
import { ImportEngine } from './import-engine.js';
import { ImportsController } from './imports.controller.js';

/** Spreadsheets in (issue 15): the engine behind `POST /api/imports` and `npm run import`, and the templates. */
@Module({
  imports: [CqrsModule, StreamsModule, IdentityModule],
  controllers: [ImportsController],
  providers: [ImportEngine],
  exports: [ImportEngine],
})
export class ImportsModule {}
