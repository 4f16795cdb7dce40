import { Authorize, SIGNED_IN } from '../http/auth/access.decorator.js';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { projections } from '../../projections/index.js';
import { ProjectionRunner, readCheckpoints } from '../../projections/runner/projection-runner.js';
import { LEDGER_CONFIG, type LedgerConfig } from '../config.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';

@ApiTags('Health')
@Controller('api/projections')
export class ProjectionsController {
  constructor(
    private readonly runner: ProjectionRunner,
    private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  @Authorize({ roles: SIGNED_IN })
  @Get()
  @ApiOperation({ summary: 'Each projection: checkpoint, lag in events and seconds, status' })
  async list() {
    const head = await this.store.headPosition();
    const checkpoints = await readCheckpoints(this.dataSource.manager, projections);
    const reports = new Map(this.runner.reports().map((r) => [r.name, r]));
    const rows = await Promise.all(projections.map(async (p) => {
      const checkpoint = checkpoints.get(p.name) ?? 0;
      const [oldest] = checkpoint < head ? await this.store.readAll({ after: checkpoint, limit: 1 }) : [];
      const [{ count }]: { count: string }[] = await this.dataSource.query('SELECT count(*) FROM ledger_events WHERE position > $1', [checkpoint]);
      return {
        name: p.name,
        checkpoint,
        lag: { events: Number(count), seconds: oldest ? Math.max(0, (Date.now() - oldest.recordedAt.getTime()) / 1000) : 0 },
        status: this.status(reports.get(p.name)?.status, checkpoint, head),
        lastError: reports.get(p.name)?.lastError ?? null,
      };
    }));
    return { headPosition: head, projections: rows };
  }

  /** Caught up is live, whatever the runner last did; workers elsewhere run it when PROJECTIONS=off. */
  private status(runner: string | undefined, checkpoint: number, head: number): string {
    if (!this.config.projections) return 'external';
    if (runner === 'failing' || runner === 'stopped' || runner === undefined) return runner ?? 'stopped';
    return checkpoint >= head ? 'live' : 'catching-up';
  }
}
