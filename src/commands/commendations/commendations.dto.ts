import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import {
  AUTHORITIES, COMMENDATION_FORMS, RECIPIENT_KINDS, REVOCATION_GROUNDS,
  type Authority, type CommendationForm, type RecipientKind, type RevocationGround,
} from '../../ledger/events.js';
import { IsIsoDate, IsLedgerId } from '../../http/validation.js';

export class RecipientDto {
  @ApiProperty({ enum: RECIPIENT_KINDS, description: 'collective (a unit) or individual (an officer)' }) @IsIn(RECIPIENT_KINDS) kind: RecipientKind;
  @ApiProperty({ example: 'ca-hai-phong' }) @IsLedgerId() id: string;
}

export class PeriodDto {
  @ApiProperty({ example: '2026-01-01' }) @IsIsoDate() from: string;
  @ApiProperty({ example: '2026-12-31' }) @IsIsoDate() to: string;
}

export class RecordCommendationDto {
  @ApiProperty({ example: 'qd-1234-2026-bca' }) @IsLedgerId() id: string;
  @ApiProperty({ enum: COMMENDATION_FORMS }) @IsIn(COMMENDATION_FORMS) form: CommendationForm;
  @ApiProperty({ enum: AUTHORITIES }) @IsIn(AUTHORITIES) authority: Authority;
  @ApiProperty({ type: RecipientDto }) @IsDefined() @ValidateNested() @Type(() => RecipientDto) recipient: RecipientDto;
  @ApiPropertyOptional({ example: 'Cờ thi đua của Bộ Công an' }) @IsOptional() @IsString() @Length(1, 300) title?: string;
  @ApiPropertyOptional({ example: 'vi-an-ninh-to-quoc-2026' }) @IsOptional() @IsLedgerId() campaignId?: string;
  @ApiPropertyOptional({ example: 'dot-1' }) @IsOptional() @IsLedgerId() phaseId?: string;
  @ApiPropertyOptional({ example: 'ach-cahp-2026', description: 'The achievement rewarded; one achievement, one award' }) @IsOptional() @IsLedgerId() achievementId?: string;
  @ApiProperty({ example: '1234/QĐ-BCA' }) @IsString() @Length(1, 100) decisionNo: string;
  @ApiProperty({ example: '2026-12-20' }) @IsIsoDate() decidedOn: string;
  @ApiPropertyOptional({ type: PeriodDto }) @IsOptional() @ValidateNested() @Type(() => PeriodDto) achievementPeriod?: PeriodDto;
  @ApiPropertyOptional({ example: 80000000, description: 'Bonus money in VND (whole đồng)' })
  @IsOptional() @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) amountVnd?: number;
}

export class RevokeCommendationDto {
  @ApiProperty({ enum: REVOCATION_GROUNDS }) @IsIn(REVOCATION_GROUNDS) ground: RevocationGround;
  @ApiProperty({ example: 'Kê khai không trung thực thành tích' }) @IsString() @Length(1, 2000) reason: string;
  @ApiProperty({ example: '88/QĐ-BCA' }) @IsString() @Length(1, 100) decisionNo: string;
  @ApiProperty({ example: '2027-03-01' }) @IsIsoDate() decidedOn: string;
}
