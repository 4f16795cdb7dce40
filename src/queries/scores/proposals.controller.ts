import { Authorize, READERS } from '../../http/auth/access.decorator.js';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ProposalReads } from '../../../projections/scores/proposal-reads.js';
import { IsLedgerId } from '../../http/validation.js';
import { ReadQuery } from '../shared/read-query.dto.js';
import { ReadPositions, READS } from '../shared/read-position.service.js';

const PROPOSAL_STATUSES = ['pending', 'approved', 'rejected', 'all'] as const;
/** Score proposals (scores model) and phase-withdrawal proposals (campaigns model). */
const USES = [...READS.proposals, 'campaigns'];

export class ProposalsQuery extends ReadQuery {
  @ApiPropertyOptional({ enum: PROPOSAL_STATUSES, default: 'pending' }) @IsOptional() @IsIn(PROPOSAL_STATUSES) status?: (typeof PROPOSAL_STATUSES)[number];
  @ApiPropertyOptional() @IsOptional() @IsLedgerId() campaignId?: string;
  @ApiPropertyOptional({ description: 'Score proposals of this unit only (phase-withdrawal proposals name no unit, and are left out)' })
  @IsOptional()
  @IsLedgerId()
  unitId?: string;
}

@ApiTags('Chấm điểm (scores)')
@Controller('api/proposals')
export class ProposalQueriesController {
  constructor(
    private readonly reads: ProposalReads,
    private readonly positions: ReadPositions,
  ) {}

  @Authorize({ roles: READERS })
  @Get()
  @ApiOperation({
    summary:
      'Two-person proposals (đề xuất điều chỉnh): changes to closed phases or campaigns (kind score) and withdrawals of started phases (kind phase-withdrawal), pending by default, oldest first',
  })
  async list(@Query() query: ProposalsQuery) {
    const asOf = await this.positions.resolve(undefined, query.minPosition, USES);
    return {
      asOf,
      status: query.status ?? 'pending',
      proposals: await this.reads.list(query.status ?? 'pending', query.campaignId ?? null, query.unitId ?? null),
    };
  }
}
