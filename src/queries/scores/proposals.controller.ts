import { Authorize, READERS } from '../../http/auth/access.decorator.js';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ProposalReads } from '../../../projections/scores/proposal-reads.js';
import { IsLedgerId } from '../../http/validation.js';
import { ReadQuery } from '../shared/read-query.dto.js';
import { ReadPositions, READS } from '../shared/read-position.service.js';

const PROPOSAL_STATUSES = ['pending', 'approved', 'rejected', 'all'] as const;

export class ProposalsQuery extends ReadQuery {
  @ApiPropertyOptional({ enum: PROPOSAL_STATUSES, default: 'pending' }) @IsOptional() @IsIn(PROPOSAL_STATUSES) status?: (typeof PROPOSAL_STATUSES)[number];
  @ApiPropertyOptional() @IsOptional() @IsLedgerId() campaignId?: string;
  @ApiPropertyOptional() @IsOptional() @IsLedgerId() unitId?: string;
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
  @ApiOperation({ summary: 'Proposals of changes to closed phases or campaigns (đề xuất điều chỉnh), pending by default, oldest first' })
  async list(@Query() query: ProposalsQuery) {
    const asOf = await this.positions.resolve(undefined, query.minPosition, READS.proposals);
    return {
      asOf,
      status: query.status ?? 'pending',
      proposals: await this.reads.list(query.status ?? 'pending', query.campaignId ?? null, query.unitId ?? null),
    };
  }
}
