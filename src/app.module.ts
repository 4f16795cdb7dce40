import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CommandsModule } from './commands/commands.module.js';
import { LEDGER_CONFIG, type LedgerConfig } from './config.js';
import { HealthController } from './health/health.controller.js';
import { ImportsModule } from './imports/imports.module.js';
import { IntegrityModule } from './integrity/integrity.module.js';
import { LiveModule } from './queries/live/live.module.js';
import { MessagingModule } from './messaging/messaging.module.js';
import { PoliciesModule } from './policies/policies.module.js';
import { QueriesModule } from './queries/queries.module.js';
import { ReadSideModule } from './queries/read-side.module.js';
import { DocumentsModule } from './queries/documents/documents.module.js';
import { StorageModule } from './storage/storage.module.js';

@Module({})
export class AppModule {
  static forRoot(config: LedgerConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        CqrsModule.forRoot(),
        StorageModule,
        CommandsModule,
        ImportsModule,
        PoliciesModule,
        QueriesModule,
        ReadSideModule,
        DocumentsModule,
        LiveModule,
        MessagingModule.forRoot(config),
        IntegrityModule,
      ],
      controllers: [HealthController],
      providers: [{ provide: LEDGER_CONFIG, useValue: config }],
      exports: [LEDGER_CONFIG],
    };
  }
}
