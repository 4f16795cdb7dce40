import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Min } from 'class-validator';

/** Every read accepts `minPosition`: wait (up to 5 s) until the read models have applied it. */
export class ReadQuery {
  @ApiPropertyOptional({ description: 'Read-your-writes: wait until the read models have processed this global position (else 503)' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) minPosition?: number;
}

export class AsOfQuery extends ReadQuery {
  @ApiPropertyOptional({ description: 'A global position (e.g. 1200) or an ISO timestamp (the log as recorded up to then)', example: '2026-06-30T23:59:59Z' })
  @IsOptional() @IsString() @Length(1, 40) asOf?: string;
}
