import { Authorize, SCREEN_READERS } from '../../http/auth/access.decorator.js';
import { TableExport } from '../../http/table-export.js';
import { PUBLICATION_COMPARISON_TABLE } from '../shared/tables.js';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { LedgerIdParam } from '../../http/params.js';
import { ReadPositions, READS } from '../shared/read-position.service.js';
import { ReadQuery } from '../shared/read-query.dto.js';
import { PublicationReads } from '../../../projections/campaigns/publication-reads.js';
import { ScoreReads } from '../../../projections/scores/score-reads.js';

@ApiTags('Xếp hạng, bảng điểm, kiểm toán (rankings, scorecards, audit)')
@Controller('api/campaigns/:id/clusters/:clusterId/rankings/publications')
export class PublicationsController {
  constructor(
    private readonly reads: PublicationReads,
    private readonly scores: ScoreReads,
    private readonly positions: ReadPositions,
  ) {}

  @Authorize({ roles: SCREEN_READERS })
  @Get()
  @ApiOperation({ summary: 'Published rankings of a cluster (kết quả đã công bố), oldest first' })
  async list(@LedgerIdParam('id') id: string, @LedgerIdParam('clusterId') clusterId: string, @Query() query: ReadQuery) {
    const asOf = await this.positions.resolve(undefined, query.minPosition, READS.scores);
    return { campaignId: id, clusterId, asOf, publications: await this.reads.list(id, clusterId) };
  }

  @Authorize({ roles: SCREEN_READERS })
  @Get(':publicationId/comparison')
  @TableExport(PUBLICATION_COMPARISON_TABLE)
  @ApiOperation({ summary: 'A publication against the current ranking for the same period: what changed since, and which events changed it' })
  async compare(
    @LedgerIdParam('id') id: string,
    @LedgerIdParam('clusterId') clusterId: string,
    @LedgerIdParam('publicationId') publicationId: string,
    @Query() query: ReadQuery,
  ) {
    const asOf = await this.positions.resolve(undefined, query.minPosition, READS.scores);
    const comparison = await this.reads.compare(id, clusterId, publicationId, asOf.position);
    return { campaignId: id, clusterId, asOf, ...comparison, groupNames: await this.scores.groupNames(id) };
  }
}
