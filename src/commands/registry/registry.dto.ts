import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { UNIT_KINDS, type UnitKind } from '../../ledger/events.js';
import { IsIsoDate, IsLedgerId } from '../../http/validation.js';

export class RegisterUnitDto {
  @ApiProperty({ example: 'ca-hai-phong', description: 'Client-chosen id' }) @IsLedgerId() id: string;
  @ApiProperty({ example: 'Công an thành phố Hải Phòng' }) @IsString() @Length(1, 300) name: string;
  @ApiProperty({ enum: UNIT_KINDS, example: 'province' }) @IsIn(UNIT_KINDS) kind: UnitKind;
  @ApiPropertyOptional({ example: 'bo-cong-an', description: 'Parent unit (none for the root)' }) @IsOptional() @IsLedgerId() parentId?: string;
}

export class MoveUnitDto {
  @ApiProperty({ example: 'ca-hai-phong' }) @IsLedgerId() parentId: string;
  @ApiProperty({ example: '2025-07-01', description: 'Date the new structure takes effect' }) @IsIsoDate() effectiveOn: string;
}

export class RegisterOfficerDto {
  @ApiProperty({ example: 'nguyen-van-an' }) @IsLedgerId() id: string;
  @ApiProperty({ example: 'Nguyễn Văn An' }) @IsString() @Length(1, 200) fullName: string;
  @ApiPropertyOptional({ example: 'Thiếu tá' }) @IsOptional() @IsString() @Length(1, 100) rank?: string;
  @ApiProperty({ example: 'ca-hai-phong' }) @IsLedgerId() unitId: string;
}
