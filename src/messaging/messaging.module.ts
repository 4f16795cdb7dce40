import {
  Controller,
  Get,
  Inject,
  Injectable,
  Module,
  Optional,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import type { LedgerConfig } from '../config.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { Authorize, SIGNED_IN } from '../http/auth/access.decorator.js';
import { KafkaRelay } from './kafka-relay.js';

@ApiTags('Health')
@Controller('api/projections/relay')
@Authorize({ roles: SIGNED_IN })
export class RelayController {
  constructor(@Optional() @Inject(KafkaRelay) private readonly relay: KafkaRelay | null) {}

  @Get()
  @ApiOperation({ summary: 'The Kafka relay: topic, checkpoint, lag (events, seconds), status; `enabled: false` without KAFKA_BROKERS' })
  async report() {
    return this.relay ? { enabled: true, ...(await this.relay.report()) } : { enabled: false };
  }
}

/** Starts the relay with the application and stops it before the storage closes. */
@Injectable()
export class RelayLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(private readonly relay: KafkaRelay) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}

/** Kafka: the relay runs in the API process when KAFKA_BROKERS is set; its status endpoint always answers. */
@Module({})
export class MessagingModule {
  static forRoot(config: LedgerConfig): DynamicModule {
    const kafka = config.kafka ?? null;
    return {
      module: MessagingModule,
      controllers: [RelayController],
      providers: kafka
        ? [
            {
              provide: KafkaRelay,
              inject: [EVENT_STORE, DataSource],
              useFactory: (store: EventStore, dataSource: DataSource) => new KafkaRelay(store, dataSource, kafka),
            },
            RelayLifecycle,
          ]
        : [],
    };
  }
}
