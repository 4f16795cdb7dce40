import { Authorize, READERS } from '../../http/auth/access.decorator.js';
import { Controller, Get, Injectable, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { DataSource } from 'typeorm';
import { IsLedgerId } from '../../http/validation.js';
import { ReadQuery } from '../shared/read-query.dto.js';
import { ReadPositions, READS } from '../shared/read-position.service.js';

const PROPOSAL_STATUSES = ['pending', 'approved', 'rejected', 'all'] as const;

export class ProposalsQuery extends ReadQuery {
  @ApiPropertyOptional({ enum: PROPOSAL_STATUSES, default: 'pending' }) @IsOptional() @IsIn(PROPOSAL_STATUSES) status?: (typeof PROPOSAL_STATUSES)[number];
  @ApiPropertyOptional() @IsOptional() @IsLedgerId() campaignId?: string;
  @ApiPropertyOptional() @IsOptional() @IsLedgerId() unitId?: string;
}

interface ProposalRow {
  campaign_id: string;
  unit_id: string;
  proposal_id: string;
  action: string;
  change: unknown;
  reason: string;
  proposed_by: string;
  proposed_position: string;
  proposed_at: Date | string;
  status: string;
  decided_by: string | null;
  decided_position: string | null;
  decided_at: Date | string | null;
  decision_note: string | null;
}

@Injectable()
export class ProposalReads {
  constructor(private readonly dataSource: DataSource) {}

  @Authorize({ roles: READERS })
  async list(status: string, campaignId: string | null, unitId: string | null) {
    const rows: ProposalRow[] = await this.dataSource.query(
      `SELECT * FROM rm_proposals WHERE ($1 = 'all' OR status = $1) AND ($2::text IS NULL OR campaign_id = $2) AND ($3::text IS NULL OR unit_id = $3)
       ORDER BY proposed_position LIMIT 1000`,
      [status, campaignId, unitId],
    );
    return rows.map((row) => ({
      proposalId: row.proposal_id,
      campaignId: row.campaign_id,
      unitId: row.unit_id,
      action: row.action,
      change: row.change,
      reason: row.reason,
      proposedBy: row.proposed_by,
      proposedAt: new Date(row.proposed_at).toISOString(),
      proposedPosition: Number(row.proposed_position),
      status: row.status,
      decidedBy: row.decided_by,
      decidedAt: row.decided_at === null ? null : new Date(row.decided_at).toISOString(),
      decidedPosition: row.decided_position === null ? null : Number(row.decided_position),
      decisionNote: row.decision_note,
    }));
  }
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
