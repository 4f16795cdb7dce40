import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { IsIsoDate, IsLedgerId } from '../../http/validation.js';
import { UNIT_KINDS, type UnitKind } from '../../ledger/events.js';
import { booleanText, DatedListQuery } from '../shared/list-query.dto.js';
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

export class UnitListQuery extends DatedListQuery {
  @ApiPropertyOptional({
    example: 'hai phong',
    description: 'Words the name on the date contains, without regard to tone marks or case ("hai phong" finds "Hải Phòng")',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;

  @ApiPropertyOptional({ example: 'bo-cong-an', description: 'Only the direct subunits of this unit on the date' })
  @IsOptional()
  @IsLedgerId()
  parentId?: string;
  @ApiPropertyOptional({ enum: UNIT_KINDS }) @IsOptional() @IsIn(UNIT_KINDS) kind?: UnitKind;

  @ApiPropertyOptional({ type: Boolean, default: false, description: 'Also the units merged or dissolved by the date' })
  @IsOptional()
  @Transform(booleanText)
  @IsBoolean({ message: 'must be true or false' })
  includeEnded?: boolean;
}

export class OfficerListQuery extends DatedListQuery {
  @ApiPropertyOptional({ example: 'nguyen van', description: 'Words the full name contains, without regard to tone marks or case' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;

  @ApiPropertyOptional({ example: 'ca-hai-phong', description: 'Only the officers serving in this unit on the date' })
  @IsOptional()
  @IsLedgerId()
  unitId?: string;

  @ApiPropertyOptional({ type: Boolean, default: false, description: 'Also the officers retired by the date' })
  @IsOptional()
  @Transform(booleanText)
  @IsBoolean({ message: 'must be true or false' })
  includeRetired?: boolean;
}
