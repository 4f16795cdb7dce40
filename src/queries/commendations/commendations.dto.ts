import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayNotEmpty, IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsLedgerId } from '../../http/validation.js';
import { EARLIEST_YEAR, LATEST_YEAR } from '../../ledger/limits.js';
import { ReadQuery } from '../shared/read-query.dto.js';

import { REGISTER_GROUP_KEYS, type RegisterGroupKey } from '../../../projections/commendations/commendation-reads.js';

export { REGISTER_GROUP_KEYS, type RegisterGroupKey };
export const REGISTER_STATUSES = ['active', 'all'] as const;

/** `a,b` (or repeated `groupBy=a&groupBy=b`) → ['a', 'b'], duplicates dropped; '' stays to be refused. */
function commaList({ value }: { value: unknown }): unknown {
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === 'string' ? v.split(',') : [v]));
  return [...new Set(parts.map((p) => (typeof p === 'string' ? p.trim() : p)))];
}

function booleanText({ value }: { value: unknown }): unknown {
  return value === 'true' ? true : value === 'false' ? false : value;
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

  @ApiPropertyOptional({ example: 2016, description: 'Year of the decision date (decidedOn)' })
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

  @ApiPropertyOptional({ enum: REGISTER_STATUSES, default: 'active', description: 'active: revoked decisions excluded; all: included' })
  @IsOptional()
  @IsIn(REGISTER_STATUSES)
  status?: (typeof REGISTER_STATUSES)[number];
}
