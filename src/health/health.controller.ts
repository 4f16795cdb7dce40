import { Public } from '../http/auth/access.decorator.js';
import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { LEDGER_CONFIG, type LedgerConfig } from '../config.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';

@ApiTags('Health')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness and readiness: the event store answers' })
  async health(@Res({ passthrough: true }) res: Response) {
    const store = this.config.databaseUrl ? 'postgresql' : 'embedded';
    try {
      const headPosition = await this.store.headPosition();
      return { status: 'ok', checks: { eventStore: { status: 'up', kind: store, headPosition } } };
    } catch (error) {
      res.status(503);
      return { status: 'error', checks: { eventStore: { status: 'down', kind: store, error: (error as Error).message } } };
    }
  }
}
