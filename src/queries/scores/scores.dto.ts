import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsLedgerId } from '../../http/validation.js';
import { AsOfQuery, MAX_POSITION, ReadQuery } from '../shared/read-query.dto.js';

export class RankingQuery extends AsOfQuery {
  @ApiPropertyOptional({ description: 'Rank on this phase’s entries only' }) @IsOptional() @IsLedgerId() phaseId?: string;
}

export class ScorecardQuery extends AsOfQuery {
  @ApiPropertyOptional({ description: 'Only this phase’s entries' }) @IsOptional() @IsLedgerId() phaseId?: string;
}

export class AuditQuery extends ReadQuery {
  @ApiPropertyOptional({ description: 'Global position to continue after', default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_POSITION)
  after?: number;
  @ApiPropertyOptional({ default: 100, maximum: 1000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

export class ReplayQuery extends AsOfQuery {}
