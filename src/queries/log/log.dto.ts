import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_POSITION } from '../shared/read-query.dto.js';

export class ReadAllQuery {
  @ApiPropertyOptional({ description: 'Global position to read after (exclusive)', default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_POSITION)
  after?: number;
  @ApiPropertyOptional({ default: 100, maximum: 1000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

export class ReadStreamQuery {
  @ApiPropertyOptional({ description: 'First version to return (inclusive)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_POSITION)
  fromVersion?: number;
  @ApiPropertyOptional({ default: 100, maximum: 1000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
  @ApiPropertyOptional({ enum: ['forward', 'backward'], default: 'forward' }) @IsOptional() @IsIn(['forward', 'backward']) direction?: 'forward' | 'backward';
}
