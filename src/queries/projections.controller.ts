import { Authorize, SIGNED_IN } from '../http/auth/access.decorator.js';
import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { projections } from '../../projections/index.js';
import { readCheckpointRows, retryFailedProjection } from '../../projections/runner/failure.js';
import { ProjectionRunner } from '../../projections/runner/projection-runner.js';
import { LEDGER_CONFIG, type LedgerConfig } from '../config.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { LedgerIdParam } from '../http/params.js';
import { NotFoundError } from '../ledger/errors.js';

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
  @ApiOperation({
    summary: 'Each projection: checkpoint, lag in events and seconds, status',
    description:
      'A failed projection (`status: failed`) says where (`failedAt`: the position of the event it cannot apply; its checkpoint is just before) and why (`error`: class, SQLSTATE, message), since when and which event. The others carry on.',
  })
  async list() {
    const head = await this.store.headPosition();
    const rows = await readCheckpointRows(
      this.dataSource.manager,
      projections.map((p) => p.name),
    );
    const reports = new Map(this.runner.reports().map((r) => [r.name, r]));
    const answer = await Promise.all(
      projections.map(async (p) => {
        const { position: checkpoint, failure } = rows.get(p.name)!;
        const [oldest] = checkpoint < head ? await this.store.readAll({ after: checkpoint, limit: 1 }) : [];
        const [{ count }]: { count: string }[] = await this.dataSource.query('SELECT count(*) FROM ledger_events WHERE position > $1', [checkpoint]);
        const report = reports.get(p.name);
        return {
          name: p.name,
          checkpoint,
          lag: { events: Number(count), seconds: oldest ? Math.max(0, (Date.now() - oldest.recordedAt.getTime()) / 1000) : 0 },
          status: failure ? 'failed' : this.status(report?.status, checkpoint, head),
          lastError: failure ? `${failure.error.class}: ${failure.error.message}` : (report?.lastError ?? null),
          failedAt: failure?.position ?? null,
          error: failure?.error ?? null,
          failedEvent: failure ? { id: failure.eventId, type: failure.eventType, streamId: failure.streamId } : null,
          failedSince: failure?.at ?? null,
          attempts: failure?.attempts ?? null,
        };
      }),
    );
    return { headPosition: head, projections: answer };
  }

  @Authorize({ roles: ['administrator'] })
  @Post(':name/resume')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Try a failed projection again from the event it failed at (after a fix); administrators',
    description:
      '200 when the event applies now (the projection catches up from there); 422 `projection-failed` with the error when it still fails (it stays failed); 422 `projection-not-failed`; 404 `projection-not-found`.',
  })
  async resume(@LedgerIdParam('name') name: string) {
    const projection = projections.find((p) => p.name === name);
    if (!projection) throw new NotFoundError('projection', name);
    // Without PROJECTIONS the runner elsewhere (a `--source log` projector) sees the failure cleared within a second.
    const result = this.config.projections
      ? await this.runner.resume(name)
      : await retryFailedProjection({ store: this.store, dataSource: this.dataSource }, projection);
    return { ...result, status: 'resumed' };
  }

  /** Caught up is live, whatever the runner last did; workers elsewhere run it when PROJECTIONS=off. */
  private status(runner: string | undefined, checkpoint: number, head: number): string {
    if (!this.config.projections) return 'external';
    if (runner === 'retrying' || runner === 'stopped' || runner === undefined) return runner ?? 'stopped';
    return checkpoint >= head ? 'live' : 'catching-up';
  }
}
