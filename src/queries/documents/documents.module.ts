import { Module } from '@nestjs/common';
import { PublicationReads } from '../../../projections/campaigns/publication-reads.js';
import { CommendationReads } from '../../../projections/commendations/commendation-reads.js';
import { ReadModelLookups } from '../../../projections/shared/read-model-lookups.js';
import { IntegrityModule } from '../../integrity/integrity.module.js';
import { QueriesModule } from '../queries.module.js';
import { DocumentSources } from './document-sources.js';
import { DocumentsController } from './documents.controller.js';

/** Printed documents: PDFs of the read side's reads, with the integrity chain's checkpoints. */
@Module({
  imports: [QueriesModule, IntegrityModule],
  controllers: [DocumentsController],
  providers: [DocumentSources, CommendationReads, PublicationReads, ReadModelLookups],
})
export class DocumentsModule {}
