import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsIn, IsInt, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { IsLedgerId } from '../../http/validation.js';
import { ROLES, type Role } from '../../ledger/accounts/roles.js';

export class RoleGrantDto {
  @ApiProperty({ enum: ROLES, example: 'recorder' }) @IsIn(ROLES) role: Role;
  @ApiPropertyOptional({
    example: 'ca-hai-phong',
    description:
      'recorder / emulation-officer: a unit id (the unit and everything under it); inspector: `<campaignId>/<clusterId>`; none: the whole tree. administrator, auditor and viewer take no scope.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 129)
  scope?: string;
}

export class CreateAccountDto {
  @ApiProperty({ example: 'nguyen-van-an', description: 'Account id: lower-case letters, digits, . _ -' }) @IsLedgerId() id: string;
  @ApiProperty({ example: 'Đại úy Nguyễn Văn An, Phòng Công tác đảng và công tác chính trị' }) @IsString() @Length(1, 200) displayName: string;
  @ApiProperty({ type: [RoleGrantDto] }) @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => RoleGrantDto) roles: RoleGrantDto[];
  @ApiPropertyOptional({ description: 'For people who sign in (POST /api/sessions): at least 12 characters' })
  @IsOptional()
  @IsString()
  @Length(12, 200)
  password?: string;
}

export class RoleGrantsDto {
  @ApiProperty({ type: [RoleGrantDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => RoleGrantDto)
  roles: RoleGrantDto[];
}

export class IssueTokenDto {
  @ApiProperty({ example: 'Màn hình hội trường tầng 3', description: 'What the token is for (a script, a conference screen)' })
  @IsString()
  @Length(1, 200)
  label: string;
  @ApiPropertyOptional({ example: 365, description: 'Days until it expires; none: until revoked' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  expiresInDays?: number;
}

export class SetPasswordDto {
  @ApiProperty({ description: 'At least 12 characters' }) @IsString() @Length(12, 200) password: string;
}

export class SignInDto {
  @ApiProperty({ example: 'nguyen-van-an' }) @IsDefined() @IsString() @Length(1, 64) accountId: string;
  @ApiProperty() @IsDefined() @IsString() @Length(1, 200) password: string;
}
