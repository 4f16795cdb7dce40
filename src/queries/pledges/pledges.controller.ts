import { Authorize, READERS } from '../../http/auth/access.decorator.js';
import { TableExport } from '../../http/table-export.js';
import { PLEDGE_PROGRESS_TABLE } from '../shared/tables.js';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { LedgerIdParam } from '../../http/params.js';
import { ReadPositions, READS } from '../shared/read-position.service.js';
import { PledgeReads } from '../../../projections/campaigns/pledge-reads.js';
import { PledgeProgressQuery } from './pledges.dto.js';

@ApiTags('Giao ước, đăng ký thi đua (pledges)')
@Controller('api/campaigns/:id/pledges')
export class PledgeQueriesController {
  constructor(
    private readonly reads: PledgeReads,
    private readonly positions: ReadPositions,
  ) {}

  @Get('progress')
  @TableExport(PLEDGE_PROGRESS_TABLE)
  @ApiOperation({
    summary: 'Pledge progress (tiến độ chỉ tiêu): target, actual, percent and met per pledge target, in the target’s own measure',
    description:
      'A target with a `measure` (percent, count, ratio, yes-no; basis `reported`): actual = the value of the latest month the unit reported (POST …/pledges/:pledgeId/actuals), with its `period` and `evidence`; at-least and reduce-by: met when actual ≥ target, percent = actual / target × 100; at-most: met when actual ≤ target, percent = target / actual × 100 (null at 0); no report yet: actual and percent null. A target without one (basis `points`, pledges signed before measures existed): actual = the unit’s current raw points on the target’s criterion (achievements and adjustments, reversals included); percent = round(actual / target × 100, 2).',
  })
  @Authorize({ roles: READERS })
  async progress(@LedgerIdParam('id') id: string, @Query() query: PledgeProgressQuery) {
    const asOf = await this.positions.resolve(undefined, query.minPosition, READS.scores);
    const rows = await this.reads.progress(id, { clusterId: query.clusterId ?? null, unitId: query.unitId ?? null });
    return { campaignId: id, clusterId: query.clusterId ?? null, unitId: query.unitId ?? null, asOf, rows };
  }
}
