import { Authorize, SCREEN_READERS, READERS } from '../../http/auth/access.decorator.js';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { LedgerIdParam } from '../../http/params.js';
import { ReadPositions, READS } from '../shared/read-position.service.js';
import { AuditQuery, RankingQuery, ReplayQuery, ScorecardQuery } from './scores.dto.js';
import { ScoreReads } from '../../../projections/scores/score-reads.js';

@ApiTags('Xếp hạng, bảng điểm, kiểm toán (rankings, scorecards, audit)')
@Controller('api/campaigns/:id')
export class ScoreQueriesController {
  constructor(
    private readonly reads: ScoreReads,
    private readonly positions: ReadPositions,
  ) {}

  @Authorize({ roles: SCREEN_READERS })
  @Get('clusters/:clusterId/ranking')
  @ApiOperation({ summary: 'Cluster ranking (xếp hạng cụm): total desc, bonus desc, penalty asc; ties share a rank' })
  async ranking(@LedgerIdParam('id') id: string, @LedgerIdParam('clusterId') clusterId: string, @Query() query: RankingQuery) {
    const asOf = await this.positions.resolve(query.asOf, query.minPosition, READS.scores);
    const settled = asOf.position <= (await this.positions.processed(READS.scores));
    return {
      campaignId: id,
      clusterId,
      phaseId: query.phaseId ?? null,
      asOf,
      rows: await this.reads.ranking(id, clusterId, query.phaseId ?? null, asOf.position, settled),
    };
  }

  @Authorize({ roles: SCREEN_READERS })
  @Get('units/:unitId/scorecard')
  @ApiOperation({ summary: 'Scorecard (bảng điểm): per criterion raw and capped, per group, bonus, penalty, total' })
  async scorecard(@LedgerIdParam('id') id: string, @LedgerIdParam('unitId') unitId: string, @Query() query: ScorecardQuery) {
    const asOf = await this.positions.resolve(query.asOf, query.minPosition, READS.scores);
    return { campaignId: id, unitId, phaseId: query.phaseId ?? null, asOf, ...(await this.reads.scorecard(id, unitId, query.phaseId ?? null, asOf.position)) };
  }

  @Authorize({ roles: READERS })
  @Get('units/:unitId/audit')
  @ApiOperation({ summary: 'Audit trail (nhật ký chấm điểm): every score event with actor, delta, running total, reason, evidence' })
  async audit(@LedgerIdParam('id') id: string, @LedgerIdParam('unitId') unitId: string, @Query() query: AuditQuery) {
    const asOf = await this.positions.resolve(undefined, query.minPosition, READS.scores);
    const events = await this.reads.audit(id, unitId, query.after ?? 0, query.limit ?? 100);
    return { campaignId: id, unitId, asOf, events, next: events.at(-1)?.position ?? query.after ?? 0 };
  }

  @Authorize({ roles: READERS })
  @Get('units/:unitId/replay')
  @ApiOperation({ summary: 'Replay: the fold step by step, each event with the scorecard after it' })
  async replay(@LedgerIdParam('id') id: string, @LedgerIdParam('unitId') unitId: string, @Query() query: ReplayQuery) {
    const asOf = await this.positions.resolve(query.asOf, query.minPosition, READS.scores);
    return { campaignId: id, unitId, asOf, steps: await this.reads.replay(id, unitId, asOf.position) };
  }
}
