import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { LEDGER_CONFIG, type LedgerConfig } from '../config.js';
import { createEventStore } from './create-event-store.js';
import { EVENT_STORE, type EventStore } from './event-store.port.js';

/** Provides the configured event store: PostgreSQL when DATABASE_URL is set, else the embedded PGlite. */
@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE,
      inject: [LEDGER_CONFIG],
      useFactory: (config: LedgerConfig) => createEventStore({ databaseUrl: config.databaseUrl ?? undefined, dataDir: config.dataDir }),
    },
  ],
  exports: [EVENT_STORE],
})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
