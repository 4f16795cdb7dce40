import { Controller, Get, Inject, Injectable, Logger, Module, Query, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { KeyObject } from 'node:crypto';
import { DataSource } from 'typeorm';
import { LEDGER_CONFIG, type LedgerConfig } from '../config.js';
import { describeError } from '../safe-error.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { Authorize, LOG_READERS } from '../http/auth/access.decorator.js';
import { IntegrityQuery, parseExpect } from './integrity.dto.js';
import { IntegrityProcessor } from './integrity-processor.js';
import { loadOrCreateSigningKey } from './signing-key.js';
import { verifyIntegrity, type SqlQuery } from './verify.js';

const SIGNING_KEY = Symbol('SigningKey');

/** Starts the processor with the application and stops it before the storage closes. */
@Injectable()
export class IntegrityLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(private readonly processor: IntegrityProcessor) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.processor.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.processor.stop();
  }
}

@ApiTags('Kiểm tra toàn vẹn (integrity)')
@Controller('api/integrity')
export class IntegrityController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly processor: IntegrityProcessor,
    @Inject(SIGNING_KEY) private readonly key: KeyObject,
  ) {}

  @Get()
  @Authorize({ roles: LOG_READERS })
  @ApiOperation({
    summary: "Verifies the log: recomputes the hash chain from the raw event rows, checks every signed checkpoint with this instance's key",
    description:
      "`status: 'verified'` with the head hash and the last checkpoint, or `status: 'failed'` with `firstFailure` (position, reason, expected, actual). Always 200: the report is the answer. `?expect=<position>:<hash>` also checks hashes kept outside the system.",
  })
  async verify(@Query() query: IntegrityQuery) {
    const report = await verifyIntegrity(sqlQuery(this.dataSource), { keys: [this.key], expect: parseExpect(query.expect) });
    const { status, chainedThrough, lastError } = this.processor.report();
    return { ...report, processor: { status, chainedThrough, lastError } };
  }
}

export function sqlQuery(dataSource: DataSource): SqlQuery {
  return (sql, params) => dataSource.query(sql, params);
}

/**
 * The tamper-evident log: the hash chain and signed checkpoints, extended in this process (always,
 * whatever PROJECTIONS says: several processes on one database write the same links), and the
 * verification endpoint.
 */
@Module({
  controllers: [IntegrityController],
  providers: [
    {
      provide: SIGNING_KEY,
      inject: [LEDGER_CONFIG],
      useFactory: (config: LedgerConfig) => {
        const { key, created } = loadOrCreateSigningKey(config.signingKeyFile);
        if (created) new Logger('Integrity').log(`generated the checkpoint signing key ${config.signingKeyFile}: back it up`);
        return key;
      },
    },
    {
      provide: IntegrityProcessor,
      inject: [EVENT_STORE, DataSource, SIGNING_KEY],
      useFactory: (store: EventStore, dataSource: DataSource, key: KeyObject) => {
        const logger = new Logger('Integrity');
        return new IntegrityProcessor(store, sqlQuery(dataSource), key, { logger, onError: (error) => logger.error(describeError(error)) });
      },
    },
    IntegrityLifecycle,
  ],
  exports: [IntegrityProcessor],
})
export class IntegrityModule {}
