import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { PROPOSAL_ACTIONS, SCORE_ENTRY_KINDS, SCORE_SOURCES, type ProposalAction, type ScoreEntryKind, type ScoreSource } from '../../ledger/events.js';
import { IsIsoDate, IsLedgerId, IsNotFutureDate, IsPoints } from '../../http/validation.js';
import { PERIOD_RULE } from '../../ledger/scores/periods.js';

export class RecordScoreEntryDto {
  @ApiPropertyOptional({ example: 'hp-2026-03-c2-1', description: 'Client-chosen; omitted → the server assigns a UUID v7' })
  @IsOptional()
  @IsLedgerId()
  entryId?: string;
  @ApiProperty({
    enum: SCORE_ENTRY_KINDS,
    description: 'achievement (criterion, > 0), adjustment (criterion, either sign), bonus (> 0), penalty (> 0, subtracted)',
  })
  @IsIn(SCORE_ENTRY_KINDS)
  kind: ScoreEntryKind;
  @ApiPropertyOptional({ example: 'c2-1' }) @IsOptional() @IsLedgerId() criterionId?: string;
  @ApiProperty({ example: 12.5, description: 'Decimal, at most 2 places; number or string' }) @IsPoints() points: number | string;
  @ApiPropertyOptional({ example: 'dot-1' }) @IsOptional() @IsLedgerId() phaseId?: string;
  @ApiProperty({ example: '2026-03', description: "The month the entry counts for (YYYY-MM): within the campaign's dates and, with a phase, the phase's" })
  @IsPeriod()
  period: string;
  @ApiPropertyOptional({ example: '2026-03-14', description: 'The day it happened, when known: inside `period`' })
  @IsOptional()
  @IsIsoDate()
  occurredOn?: string;
  @ApiProperty({ enum: SCORE_SOURCES }) @IsIn(SCORE_SOURCES) source: ScoreSource;
  @ApiProperty({ example: 'Tự chấm tháng 3: kéo giảm tội phạm về trật tự xã hội 6,2%' }) @IsString() @Length(1, 2000) reason: string;
  @ApiPropertyOptional({ type: [String], example: ['BC-123/CAHP'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 1000, { each: true })
  evidence?: string[];
}

/** A month, YYYY-MM (400 otherwise; outside the campaign or the phase: 422 from the decider). */
function IsPeriod() {
  return Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: `$property ${PERIOD_RULE}` });
}

export class ReverseScoreEntryDto {
  @ApiProperty({ example: 'Nhập trùng số liệu tháng 3' }) @IsString() @Length(1, 2000) reason: string;
}

export class CorrectScoreEntryDto {
  @ApiProperty({ example: 10, description: 'The points the entry should have had' }) @IsPoints() points: number | string;
  @ApiProperty({ example: 'Kiểm tra chéo xác định lại số liệu' }) @IsString() @Length(1, 2000) reason: string;
  @ApiPropertyOptional({ type: [String], description: "Evidence for the corrected value; omitted → the original entry's evidence" })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 1000, { each: true })
  evidence?: string[];
}

export class VetoDecisionDto {
  @ApiProperty({ example: 'Để xảy ra vụ việc phức tạp về an ninh, trật tự kéo dài' }) @IsString() @Length(1, 2000) reason: string;
  @ApiProperty({ example: '125/QĐ-BCA' }) @IsString() @Length(1, 100) decisionNo: string;
  @ApiProperty({ example: '2026-11-30', description: "Not after today (Vietnam, UTC+7); a veto is imposed within its campaign's dates" })
  @IsIsoDate()
  @IsNotFutureDate()
  decidedOn: string;
}

/**
 * A change to a closed phase or campaign, for a second administrator to approve: the change is
 * stated in full (`action` and its fields, as for the direct endpoints) with its reason.
 */
export class ProposeChangeDto {
  @ApiPropertyOptional({ example: 'de-xuat-2026-12-01', description: 'Client-chosen; omitted → the server assigns a UUID v7' })
  @IsOptional()
  @IsLedgerId()
  proposalId?: string;
  @ApiProperty({ enum: PROPOSAL_ACTIONS, description: 'record a new entry, reverse an entry, or correct an entry (reversal + replacement)' })
  @IsIn(PROPOSAL_ACTIONS)
  action: ProposalAction;
  @ApiProperty({ example: 'Kiểm tra chéo phát hiện nhập trùng số liệu tháng 11' }) @IsString() @Length(1, 2000) reason: string;
  @ApiPropertyOptional({ description: 'reverse/correct: the entry changed (required); record: the new entry id (optional)' })
  @ValidateIf((o: ProposeChangeDto) => o.action !== 'record' || o.entryId !== undefined)
  @IsLedgerId()
  entryId?: string;
  @ApiPropertyOptional({ enum: SCORE_ENTRY_KINDS, description: 'record only' })
  @ValidateIf((o: ProposeChangeDto) => o.action === 'record')
  @IsIn(SCORE_ENTRY_KINDS)
  kind?: ScoreEntryKind;
  @ApiPropertyOptional({ description: 'record only' }) @IsOptional() @IsLedgerId() criterionId?: string;
  @ApiPropertyOptional({ example: 10, description: "record: the entry's points; correct: the points it should have had" })
  @ValidateIf((o: ProposeChangeDto) => o.action !== 'reverse')
  @IsPoints()
  points?: number | string;
  @ApiPropertyOptional({ description: 'record only' }) @IsOptional() @IsLedgerId() phaseId?: string;
  @ApiPropertyOptional({ example: '2026-11', description: 'record only (required): the month the entry counts for, YYYY-MM' })
  @ValidateIf((o: ProposeChangeDto) => o.action === 'record')
  @IsPeriod()
  period?: string;
  @ApiPropertyOptional({ description: 'record only: the day it happened, inside `period`' }) @IsOptional() @IsIsoDate() occurredOn?: string;
  @ApiPropertyOptional({ enum: SCORE_SOURCES, description: 'record only' })
  @ValidateIf((o: ProposeChangeDto) => o.action === 'record')
  @IsIn(SCORE_SOURCES)
  source?: ScoreSource;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 1000, { each: true })
  evidence?: string[];
}

export class ApproveChangeDto {
  @ApiPropertyOptional({ example: 'Đã đối chiếu biên bản kiểm tra chéo' }) @IsOptional() @IsString() @Length(1, 2000) note?: string;
}

export class RejectChangeDto {
  @ApiProperty({ example: 'Không đủ căn cứ điều chỉnh' }) @IsString() @Length(1, 2000) reason: string;
}
