import { Authorize, SCREEN_READERS, READERS } from '../../http/auth/access.decorator.js';
import { TableExport } from '../../http/table-export.js';
import { AUDIT_TABLE, RANKING_TABLE, SCORECARD_TABLE } from '../shared/tables.js';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AnswersFromReadModels } from '../../http/etag.js';
import { LedgerIdParam } from '../../http/params.js';
import { ReadPositions, READS } from '../shared/read-position.service.js';
import { AuditQuery, periodFilterOf, RankingQuery, ReplayQuery, ScorecardQuery } from './scores.dto.js';
import { ScoreReads } from '../../../projections/scores/score-reads.js';

@ApiTags('Xếp hạng, bảng điểm, kiểm toán (rankings, scorecards, audit)')
@Controller('api/campaigns/:id')
export class ScoreQueriesController {
  constructor(
    private readonly reads: ScoreReads,
    private readonly positions: ReadPositions,
  ) {}

  @AnswersFromReadModels()
  @Authorize({ roles: SCREEN_READERS })
  @Get('clusters/:clusterId/ranking')
  @TableExport(RANKING_TABLE)
  @ApiOperation({
    summary:
      'Cluster ranking (xếp hạng cụm): total desc, bonus desc, penalty asc; ties share a rank. For a month (period), cumulatively to one (through), on a business date (on), as recorded at asOf',
  })
  async ranking(@LedgerIdParam('id') id: string, @LedgerIdParam('clusterId') clusterId: string, @Query() query: RankingQuery) {
    const asOf = await this.positions.resolve(query.asOf, query.minPosition, READS.scores);
    const settled = asOf.position <= (await this.positions.processed(READS.scores));
    const periods = periodFilterOf(query);
    return {
      campaignId: id,
      clusterId,
      phaseId: query.phaseId ?? null,
      ...periods,
      asOf,
      rows: await this.reads.ranking(id, clusterId, query.phaseId ?? null, asOf.position, settled, periods),
      // Each row's `groups` are keyed by group id; what to call them, in the scale's order.
      groupNames: await this.reads.groupNames(id),
    };
  }

  @AnswersFromReadModels()
  @Authorize({ roles: SCREEN_READERS })
  @Get('units/:unitId/scorecard')
  @TableExport(SCORECARD_TABLE)
  @ApiOperation({
    summary:
      'Scorecard (bảng điểm): per criterion raw and capped, per group, bonus (raw, counted, cap), penalty, total; period, through, on and asOf as for the ranking',
  })
  async scorecard(@LedgerIdParam('id') id: string, @LedgerIdParam('unitId') unitId: string, @Query() query: ScorecardQuery) {
    const asOf = await this.positions.resolve(query.asOf, query.minPosition, READS.scores);
    const periods = periodFilterOf(query);
    return {
      campaignId: id,
      unitId,
      phaseId: query.phaseId ?? null,
      ...periods,
      asOf,
      ...(await this.reads.scorecard(id, unitId, query.phaseId ?? null, asOf.position, periods)),
    };
  }

  @Authorize({ roles: READERS })
  @Get('units/:unitId/audit')
  @TableExport(AUDIT_TABLE)
  @ApiOperation({ summary: 'Audit trail (nhật ký chấm điểm): every score event with actor, delta, running total, reason, evidence' })
  async audit(@LedgerIdParam('id') id: string, @LedgerIdParam('unitId') unitId: string, @Query() query: AuditQuery) {
    const asOf = await this.positions.resolve(query.asOf, query.minPosition, READS.scores);
    const events = await this.reads.audit(id, unitId, query.after ?? 0, query.limit ?? 100, asOf.position);
    return {
      campaignId: id,
      unitId,
      asOf,
      events,
      next:
        events.length === (query.limit ?? 100) && (await this.reads.audit(id, unitId, events[events.length - 1].position, 1, asOf.position)).length > 0
          ? events[events.length - 1].position
          : null,
    };
  }

  @Authorize({ roles: READERS })
  @Get('units/:unitId/replay')
  @ApiOperation({
    summary:
      'Replay: the fold step by step, each event with the scorecard after it; asOf (as recorded then) and period, through, on (the months counted) as for the scorecard',
  })
  async replay(@LedgerIdParam('id') id: string, @LedgerIdParam('unitId') unitId: string, @Query() query: ReplayQuery) {
    const asOf = await this.positions.resolve(query.asOf, query.minPosition, READS.scores);
    const periods = periodFilterOf(query);
    return { campaignId: id, unitId, ...periods, asOf, steps: await this.reads.replay(id, unitId, asOf.position, periods) };
  }
}
