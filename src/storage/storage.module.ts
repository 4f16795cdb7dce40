import { Global, Inject, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { projections } from '../../projections/index.js';
import { ProjectionRunner } from '../../projections/runner/projection-runner.js';
import { LEDGER_CONFIG, type LedgerConfig } from '../config.js';
import { EVENT_STORE } from '../event-store/event-store.port.js';
import { openStorage, type Storage } from './storage.js';

const STORAGE = Symbol('Storage');

/**
 * The log and the read models: PostgreSQL when DATABASE_URL is set, else the embedded PGlite.
 * Runs the projections in this process unless PROJECTIONS=off (then other workers do).
 */
@Global()
@Module({
  providers: [
    { provide: STORAGE, inject: [LEDGER_CONFIG], useFactory: (config: LedgerConfig) => openStorage(config) },
    { provide: EVENT_STORE, inject: [STORAGE], useFactory: (storage: Storage) => storage.store },
    { provide: DataSource, inject: [STORAGE], useFactory: (storage: Storage) => storage.dataSource },
    {
      provide: ProjectionRunner,
      inject: [STORAGE],
      useFactory: (storage: Storage) => {
        // Messages only (never an error object: TypeORM's carry the failing SQL and its parameters).
        const logger = new Logger('Projections');
        return new ProjectionRunner(storage.store, storage.dataSource, projections, { logger });
      },
    },
  ],
  exports: [EVENT_STORE, DataSource, ProjectionRunner],
})
export class StorageModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(STORAGE) private readonly storage: Storage,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly runner: ProjectionRunner,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.projections) await this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
    await this.storage.close();
  }
}
