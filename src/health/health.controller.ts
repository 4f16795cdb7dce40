import { Public } from '../http/auth/access.decorator.js';
import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { projections } from '../../projections/index.js';
import { readCheckpointRows } from '../../projections/runner/failure.js';
import { LEDGER_CONFIG, type LedgerConfig } from '../config.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';

@ApiTags('Health')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * Liveness (`status`, the HTTP status): the event store answers; 503 only when it does not.
   * Readiness (`readiness`): `degraded` while a projection is failed, naming it and where
   * (`checks.projections.failed`): writes and the other read models carry on, so the answer stays
   * 200 and a liveness probe does not restart a process a restart would not mend. The error itself
   * is in GET /api/projections (signed in).
   */
  @Get()
  @ApiOperation({ summary: 'Liveness and readiness: the event store answers; which projection, if any, is failed' })
  async health(@Res({ passthrough: true }) res: Response) {
    const store = this.config.databaseUrl ? 'postgresql' : 'embedded';
    let headPosition: number;
    try {
      headPosition = await this.store.headPosition();
    } catch (error) {
      res.status(503);
      return {
        status: 'error',
        liveness: 'error',
        readiness: 'not-ready',
        checks: { eventStore: { status: 'down', kind: store, error: (error as Error).message } },
      };
    }
    let failed: { name: string; failedAt: number; checkpoint: number; since: string }[] = [];
    let projectionsCheck: Record<string, unknown>;
    try {
      const rows = await readCheckpointRows(
        this.dataSource.manager,
        projections.map((p) => p.name),
      );
      failed = [...rows].flatMap(([name, row]) =>
        row.failure ? [{ name, failedAt: row.failure.position, checkpoint: row.position, since: row.failure.at }] : [],
      );
      projectionsCheck = { status: failed.length > 0 ? 'failed' : 'up', failed };
    } catch {
      projectionsCheck = { status: 'unknown', failed };
    }
    return {
      status: 'ok',
      liveness: 'ok',
      readiness: failed.length > 0 ? 'degraded' : 'ready',
      checks: { eventStore: { status: 'up', kind: store, headPosition }, projections: projectionsCheck },
    };
  }
}
