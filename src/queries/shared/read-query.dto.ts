import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min, registerDecorator } from 'class-validator';
import { MAX_POSITION } from '../../ledger/limits.js';

/** Positions and versions are integers PostgreSQL's bigint and JavaScript both hold exactly (limits.ts). */
export { MAX_POSITION };

/** Every read accepts `minPosition`: wait (up to 5 s) until the read models have applied it. */
export class ReadQuery {
  @ApiPropertyOptional({ description: 'Read-your-writes: wait until the read models have processed this global position (else 503)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_POSITION)
  minPosition?: number;
}

const EARLIEST_AS_OF = Date.UTC(1900, 0, 1);
const LATEST_AS_OF = Date.UTC(10000, 0, 1);

/** `asOf`: a global position (1-15 digits), or an ISO 8601 timestamp from 1900 to 9999 (PostgreSQL has no year 0). */
export function isAsOf(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (/^\d{1,15}$/.test(value)) return true;
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return false;
  const at = new Date(value).getTime();
  return !Number.isNaN(at) && at >= EARLIEST_AS_OF && at < LATEST_AS_OF;
}

function IsAsOf() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isAsOf',
      target: target.constructor,
      propertyName,
      options: { message: 'must be a global position (integer) or an ISO 8601 timestamp from 1900-01-01 to 9999-12-31' },
      validator: { validate: isAsOf },
    });
}

export class AsOfQuery extends ReadQuery {
  @ApiPropertyOptional({ description: 'A global position (e.g. 1200) or an ISO timestamp (the log as recorded up to then)', example: '2026-06-30T23:59:59Z' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  @IsAsOf()
  asOf?: string;
}
