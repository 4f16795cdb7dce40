import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { IsIsoDate, IsLedgerId } from '../../http/validation.js';
import { PERIOD_RULE, periodFilter, type PeriodFilter } from '../../ledger/scores/periods.js';
import { AsOfQuery, MAX_POSITION } from '../shared/read-query.dto.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * The two clocks of a score read: `asOf` (the log as recorded then, AsOfQuery) and the business
 * clock, the months the entries count for: `period` (one month), `through` (every month up to one),
 * `on` (a business date: the months up to its own, and the vetoes in force on it).
 */
export class PeriodQuery extends AsOfQuery {
  @ApiPropertyOptional({ example: '2026-06', description: 'Only the entries of this month (YYYY-MM)' })
  @IsOptional()
  @Matches(MONTH, { message: `$property ${PERIOD_RULE}` })
  period?: string;
  @ApiPropertyOptional({ example: '2026-06', description: 'Cumulatively: the entries of every month up to this one (YYYY-MM)' })
  @IsOptional()
  @Matches(MONTH, { message: `$property ${PERIOD_RULE}` })
  through?: string;
  @ApiPropertyOptional({
    example: '2026-06-30',
    description: 'A business date: entries count when their month is at or before its month, vetoes when in force on it. With asOf: as known then',
  })
  @IsOptional()
  @IsIsoDate()
  on?: string;
}

export function periodFilterOf(query: PeriodQuery): PeriodFilter {
  return periodFilter(query.period ?? null, query.through ?? null, query.on ?? null);
}

export class RankingQuery extends PeriodQuery {
  @ApiPropertyOptional({ description: 'Rank on this phase’s entries only' }) @IsOptional() @IsLedgerId() phaseId?: string;
}

export class ScorecardQuery extends PeriodQuery {
  @ApiPropertyOptional({ description: 'Only this phase’s entries' }) @IsOptional() @IsLedgerId() phaseId?: string;
}

export class AuditQuery extends AsOfQuery {
  @ApiPropertyOptional({ description: 'Global position to continue after', default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_POSITION)
  after?: number;
  @ApiPropertyOptional({ default: 100, maximum: 1000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

export class ReplayQuery extends PeriodQuery {}
