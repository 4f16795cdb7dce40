import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { SCORE_ENTRY_KINDS, SCORE_SOURCES, type ScoreEntryKind, type ScoreSource } from '../../ledger/events.js';
import { IsIsoDate, IsLedgerId, IsPoints } from '../../http/validation.js';

export class RecordScoreEntryDto {
  @ApiPropertyOptional({ example: 'hp-2026-03-c2-1', description: 'Client-chosen; omitted → the server assigns a UUID v7' }) @IsOptional() @IsLedgerId() entryId?: string;
  @ApiProperty({ enum: SCORE_ENTRY_KINDS, description: 'achievement (criterion, > 0), adjustment (criterion, either sign), bonus (> 0), penalty (> 0, subtracted)' })
  @IsIn(SCORE_ENTRY_KINDS) kind: ScoreEntryKind;
  @ApiPropertyOptional({ example: 'c2-1' }) @IsOptional() @IsLedgerId() criterionId?: string;
  @ApiProperty({ example: 12.5, description: 'Decimal, at most 2 places; number or string' }) @IsPoints() points: number | string;
  @ApiPropertyOptional({ example: 'dot-1' }) @IsOptional() @IsLedgerId() phaseId?: string;
  @ApiProperty({ enum: SCORE_SOURCES }) @IsIn(SCORE_SOURCES) source: ScoreSource;
  @ApiProperty({ example: 'Tự chấm tháng 3: kéo giảm tội phạm về trật tự xã hội 6,2%' }) @IsString() @Length(1, 2000) reason: string;
  @ApiPropertyOptional({ type: [String], example: ['BC-123/CAHP'] }) @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @Length(1, 1000, { each: true }) evidence?: string[];
}

export class ReverseScoreEntryDto {
  @ApiProperty({ example: 'Nhập trùng số liệu tháng 3' }) @IsString() @Length(1, 2000) reason: string;
}

export class CorrectScoreEntryDto {
  @ApiProperty({ example: 10, description: 'The points the entry should have had' }) @IsPoints() points: number | string;
  @ApiProperty({ example: 'Kiểm tra chéo xác định lại số liệu' }) @IsString() @Length(1, 2000) reason: string;
  @ApiPropertyOptional({ type: [String], description: "Evidence for the corrected value; omitted → the original entry's evidence" })
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @Length(1, 1000, { each: true }) evidence?: string[];
}

export class VetoDecisionDto {
  @ApiProperty({ example: 'Để xảy ra vụ việc phức tạp về an ninh, trật tự kéo dài' }) @IsString() @Length(1, 2000) reason: string;
  @ApiProperty({ example: '125/QĐ-BCA' }) @IsString() @Length(1, 100) decisionNo: string;
  @ApiProperty({ example: '2026-11-30' }) @IsIsoDate() decidedOn: string;
}
