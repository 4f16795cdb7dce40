import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min, registerDecorator } from 'class-validator';
import { EXPORT_FORMATS, type ExportFormat } from '../../http/table-export.js';
import { MAX_POSITION } from '../../ledger/limits.js';
import { AS_OF_MESSAGE, asOfOf } from './as-of.js';

/** Positions and versions are integers PostgreSQL's bigint and JavaScript both hold exactly (limits.ts). */
export { MAX_POSITION };

/** Every read accepts `minPosition`: wait (up to 5 s) until the read models have applied it. */
export class ReadQuery {
  @ApiPropertyOptional({
    enum: EXPORT_FORMATS,
    description:
      'Table-shaped reads (ranking, scorecard, audit trail, register, pledge progress, publication comparison) also as csv or xlsx; or send Accept: text/csv',
  })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;
  @ApiPropertyOptional({ description: 'Read-your-writes: wait until the read models have processed this global position (else 503)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_POSITION)
  minPosition?: number;
}

export function IsAsOf() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isAsOf',
      target: target.constructor,
      propertyName,
      options: { message: AS_OF_MESSAGE },
      validator: { validate: (value: unknown) => asOfOf(value) !== null },
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
