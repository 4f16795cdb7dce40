import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayNotEmpty, IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { COMMENDATION_STATUSES, type CommendationStatusFilter } from '../../../projections/commendations/commendation-lists.js';
import { IsLedgerId } from '../../http/validation.js';
import { AUTHORITIES, COMMENDATION_FORMS, type Authority, type CommendationForm } from '../../ledger/events.js';
import { EARLIEST_YEAR, LATEST_YEAR } from '../../ledger/limits.js';
import { booleanText, ListQuery } from '../shared/list-query.dto.js';
import { ReadQuery } from '../shared/read-query.dto.js';

import {
  REGISTER_GROUP_KEYS,
  REGISTER_YEAR_BASES,
  type RegisterGroupKey,
  type RegisterYearBasis,
} from '../../../projections/commendations/commendation-reads.js';

export { REGISTER_GROUP_KEYS, type RegisterGroupKey };
export const REGISTER_STATUSES = ['active', 'all'] as const;

/** `a,b` (or repeated `groupBy=a&groupBy=b`) → ['a', 'b'], duplicates dropped; '' stays to be refused. */
function commaList({ value }: { value: unknown }): unknown {
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === 'string' ? v.split(',') : [v]));
  return [...new Set(parts.map((p) => (typeof p === 'string' ? p.trim() : p)))];
}

export class RegisterQuery extends ReadQuery {
  @ApiPropertyOptional({ example: 'ca-hai-phong', description: 'Decisions whose recipient is this unit (collective) or one of its officers (individual)' })
  @IsOptional()
  @IsLedgerId()
  unitId?: string;

  @ApiPropertyOptional({ type: Boolean, default: false, description: 'With unitId: also every unit under it (its whole subtree, as the tree stands now)' })
  @IsOptional()
  @Transform(booleanText)
  @IsBoolean({ message: 'must be true or false' })
  includeSubunits?: boolean;

  @ApiPropertyOptional({ example: 2016, description: 'The year counted: of the achievement (default) or of the decision (yearBasis=decision)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(EARLIEST_YEAR)
  @Max(LATEST_YEAR)
  year?: number;

  @ApiPropertyOptional({ type: String, example: 'authority,recipientKind', description: `Comma-separated group keys: ${REGISTER_GROUP_KEYS.join(', ')}` })
  @IsOptional()
  @Transform(commaList)
  @ArrayNotEmpty()
  @IsIn(REGISTER_GROUP_KEYS, { each: true, message: `must be a comma-separated list of ${REGISTER_GROUP_KEYS.join(', ')}` })
  groupBy?: RegisterGroupKey[];

  @ApiPropertyOptional({
    enum: REGISTER_YEAR_BASES,
    default: 'achievement',
    description: 'achievement: by the year of the achievement (a 2025 flag decided in January 2026 counts in 2025); decision: by the decision date',
  })
  @IsOptional()
  @IsIn(REGISTER_YEAR_BASES)
  yearBasis?: RegisterYearBasis;

  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description: 'Each row with the decisions behind its count (number, date, recipient, unit, title, money)',
  })
  @IsOptional()
  @Transform(booleanText)
  @IsBoolean({ message: 'must be true or false' })
  decisions?: boolean;

  @ApiPropertyOptional({ enum: REGISTER_STATUSES, default: 'active', description: 'active: revoked decisions excluded; all: included' })
  @IsOptional()
  @IsIn(REGISTER_STATUSES)
  status?: (typeof REGISTER_STATUSES)[number];
}

export class CommendationListQuery extends ListQuery {
  @ApiPropertyOptional({ example: 'nguyen-van-an', description: 'Decisions for this recipient: a unit (collective) or an officer (individual)' })
  @IsOptional()
  @IsLedgerId()
  recipientId?: string;

  @ApiPropertyOptional({
    example: 'ca-hai-phong',
    description:
      'Decisions counted under this unit, as the register counts them: the unit itself or its officers, as they stood at the end of the achievement year',
  })
  @IsOptional()
  @IsLedgerId()
  unitId?: string;

  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description: 'With unitId: also every unit under it (its subtree at the end of each achievement year)',
  })
  @IsOptional()
  @Transform(booleanText)
  @IsBoolean({ message: 'must be true or false' })
  includeSubunits?: boolean;

  @ApiPropertyOptional({ example: 2016, description: 'Year of the decision date (decidedOn), as the register' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(EARLIEST_YEAR)
  @Max(LATEST_YEAR)
  year?: number;

  @ApiPropertyOptional({ enum: COMMENDATION_FORMS }) @IsOptional() @IsIn(COMMENDATION_FORMS) form?: CommendationForm;
  @ApiPropertyOptional({ enum: AUTHORITIES }) @IsOptional() @IsIn(AUTHORITIES) authority?: Authority;

  @ApiPropertyOptional({
    example: 'co-thi-dua-bo',
    description: 'The title as recorded: a title’s or flag’s code (GET /api/vocabularies), or a medal’s own title',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({ enum: COMMENDATION_STATUSES, default: 'all', description: 'active: in force; revoked: revoked (as recorded by asOf); all: both' })
  @IsOptional()
  @IsIn(COMMENDATION_STATUSES)
  status?: CommendationStatusFilter;
}
