import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { RETIREMENT_REASONS, UNIT_KINDS, type RetirementReason, type UnitKind } from '../../ledger/events.js';
import { IsIsoDate, IsLedgerId } from '../../http/validation.js';

export class RegisterUnitDto {
  @ApiProperty({ example: 'ca-hai-phong', description: 'Client-chosen id' }) @IsLedgerId() id: string;
  @ApiProperty({ example: 'Công an thành phố Hải Phòng' }) @IsString() @Length(1, 300) name: string;
  @ApiProperty({ enum: UNIT_KINDS, example: 'province' }) @IsIn(UNIT_KINDS) kind: UnitKind;
  @ApiPropertyOptional({ example: 'bo-cong-an', description: 'Parent unit (none for the root)' }) @IsOptional() @IsLedgerId() parentId?: string;
  @ApiPropertyOptional({ example: '2025-07-01', description: 'Ngày thành lập; none: the unit stands as long as the ledger knows' })
  @IsOptional()
  @IsIsoDate()
  establishedOn?: string;
}

export class MoveUnitDto {
  @ApiProperty({ example: 'ca-hai-phong' }) @IsLedgerId() parentId: string;
  @ApiProperty({ example: '2025-07-01', description: 'Date the new structure takes effect' }) @IsIsoDate() effectiveOn: string;
}

export class RenameUnitDto {
  @ApiProperty({ example: 'Công an tỉnh Hưng Yên' }) @IsString() @Length(1, 300) name: string;
  @ApiPropertyOptional({ enum: UNIT_KINDS, description: 'A new kind (default: the kind it has on effectiveOn)' })
  @IsOptional()
  @IsIn(UNIT_KINDS)
  kind?: UnitKind;
  @ApiProperty({ example: '2025-07-01' }) @IsIsoDate() effectiveOn: string;
}

export class MergeUnitDto {
  @ApiProperty({ example: 'ca-hung-yen', description: 'The unit it merges into (hợp nhất, sáp nhập): its subunits and officers go there' })
  @IsLedgerId()
  successorId: string;
  @ApiProperty({ example: '2025-07-01' }) @IsIsoDate() effectiveOn: string;
}

export class DissolveUnitDto {
  @ApiProperty({ example: '2025-03-01' }) @IsIsoDate() effectiveOn: string;
  @ApiPropertyOptional({ example: 'ca-hung-yen', description: 'Where its subunits and officers go; without one it must have none left' })
  @IsOptional()
  @IsLedgerId()
  successorId?: string;
}

export class RetireUnitDto {
  @ApiProperty({ enum: ['registered-in-error'], description: 'A unit registered by mistake: kept in history, gone from current reads' })
  @IsIn(['registered-in-error'])
  reason: 'registered-in-error';
  @ApiProperty({ example: 'Đăng ký nhầm, trùng với ca-hai-phong' }) @IsString() @Length(1, 1000) note: string;
}

export class RegisterOfficerDto {
  @ApiProperty({ example: 'nguyen-van-an' }) @IsLedgerId() id: string;
  @ApiProperty({ example: 'Nguyễn Văn An' }) @IsString() @Length(1, 200) fullName: string;
  @ApiPropertyOptional({ example: 'Thiếu tá' }) @IsOptional() @IsString() @Length(1, 100) rank?: string;
  @ApiProperty({ example: 'ca-hai-phong' }) @IsLedgerId() unitId: string;
}

export class TransferOfficerDto {
  @ApiProperty({ example: 'ca-hung-yen' }) @IsLedgerId() unitId: string;
  @ApiProperty({ example: '2025-07-01' }) @IsIsoDate() effectiveOn: string;
}

export class RetireOfficerDto {
  @ApiProperty({ enum: RETIREMENT_REASONS, description: 'retired (nghỉ hưu, with retiredOn) or registered-in-error' })
  @IsIn(RETIREMENT_REASONS)
  reason: RetirementReason;
  @ApiPropertyOptional({ example: '2025-12-31' }) @IsOptional() @IsIsoDate() retiredOn?: string;
  @ApiPropertyOptional({ example: 'Nghỉ hưu theo chế độ' }) @IsOptional() @IsString() @Length(1, 1000) note?: string;
}
