import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsIsoDate } from '../../http/validation.js';
import { AsOfQuery } from '../shared/read-query.dto.js';

/** Two clocks: `on` the business date (the tree as it stood that day), `asOf` the log as recorded then. */
export class OnQuery extends AsOfQuery {
  @ApiPropertyOptional({
    example: '2025-02-28',
    description: 'Business date YYYY-MM-DD: as it stood on that day (default: the latest effective date, future-dated changes included)',
  })
  @IsOptional()
  @IsIsoDate()
  on?: string;
}

export class UnitQuery extends OnQuery {}
export class OfficerQuery extends OnQuery {}
