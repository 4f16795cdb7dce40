import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  ValidateIf,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  registerDecorator,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';
import {
  AUTHORITIES,
  COMMENDATION_FORMS,
  RECIPIENT_KINDS,
  REVOCATION_GROUNDS,
  type Authority,
  type CommendationForm,
  type RecipientKind,
  type RevocationGround,
} from '../../ledger/events.js';
import { IsIsoDate, IsLedgerId, IsNotFutureDate } from '../../http/validation.js';
import { LATEST_YEAR, MAX_AMOUNT_VND } from '../../ledger/limits.js';
import { TITLE_FORMS, TITLES, titleProblem } from '../../ledger/commendations/conferral-authority.js';

/** A share between 0 and 1, at most 4 decimal places, as a string (exact). */
const SHARE = /^(0(\.\d{1,4})?|1(\.0{1,4})?)$/;

export class RecipientDto {
  @ApiProperty({ enum: RECIPIENT_KINDS, description: 'collective (a unit) or individual (an officer)' }) @IsIn(RECIPIENT_KINDS) kind: RecipientKind;
  @ApiProperty({ example: 'ca-hai-phong' }) @IsLedgerId() id: string;
}

/** Where a historical decision is written (sổ khen thưởng, a copy of the decision, a scanned file). */
export class HistoricalSourceDto {
  @ApiProperty({ example: 'Sổ khen thưởng CATP Hải Phòng 2016' }) @IsString() @Length(1, 500) document: string;
  @ApiPropertyOptional({ example: '12' }) @IsOptional() @IsString() @Length(1, 50) page?: string;
  @ApiPropertyOptional({ example: 'scan/2016/qd-567.pdf' }) @IsOptional() @IsString() @Length(1, 500) fileRef?: string;
}

export class PeriodDto {
  @ApiProperty({ example: '2026-01-01' }) @IsIsoDate() from: string;
  @ApiProperty({ example: '2026-12-31' }) @IsIsoDate() to: string;
}

/**
 * `title` under the closed vocabulary (TITLES): required for an emulation title or flag and one of
 * that form's codes or exact labels; any other form takes free text (a diploma's wording) that is
 * not one of them.
 */
function IsTitleOfItsForm() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isTitleOfItsForm',
      target: target.constructor,
      propertyName,
      options: {
        message: (args: ValidationArguments) =>
          titleProblem((args.object as RecordCommendationDto).form, args.value as string | null | undefined) ?? 'is invalid',
      },
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const { form } = args.object as RecordCommendationDto;
          // An unknown form is refused on its own field, a title that is no string by IsString.
          if (!(COMMENDATION_FORMS as readonly unknown[]).includes(form) || (value !== undefined && value !== null && typeof value !== 'string')) return true;
          return titleProblem(form, value as string | null | undefined) === null;
        },
      },
    });
}

export class RecordCommendationDto {
  @ApiProperty({ example: 'qd-1234-2026-bca' }) @IsLedgerId() id: string;
  @ApiProperty({ enum: COMMENDATION_FORMS }) @IsIn(COMMENDATION_FORMS) form: CommendationForm;
  @ApiProperty({ enum: AUTHORITIES }) @IsIn(AUTHORITIES) authority: Authority;
  @ApiProperty({ type: RecipientDto }) @IsDefined() @ValidateNested() @Type(() => RecipientDto) recipient: RecipientDto;
  @ApiPropertyOptional({
    example: 'co-thi-dua-bo',
    description: `emulation-title and emulation-flag: required, one of ${TITLES.map((t) => t.code).join(', ')} (or its exact Vietnamese label, stored as the code; GET /api/vocabularies). Other forms: free text (the wording of a diploma), not one of those.`,
  })
  @ValidateIf((o: RecordCommendationDto) => (o.title !== undefined && o.title !== null) || (TITLE_FORMS as readonly string[]).includes(o.form))
  @IsString()
  @Length(1, 300)
  @IsTitleOfItsForm()
  title?: string;
  @ApiPropertyOptional({ example: 'vi-an-ninh-to-quoc-2026' }) @IsOptional() @IsLedgerId() campaignId?: string;
  @ApiPropertyOptional({ example: 'dot-1' }) @IsOptional() @IsLedgerId() phaseId?: string;
  @ApiPropertyOptional({ example: 'ach-cahp-2026', description: 'The achievement rewarded; one achievement, one award' })
  @IsOptional()
  @IsLedgerId()
  achievementId?: string;
  @ApiProperty({ example: '1234/QĐ-BCA' }) @IsString() @Length(1, 100) decisionNo: string;
  @ApiProperty({ example: '2026-11-20', description: 'Not after today (Vietnam, UTC+7)' }) @IsIsoDate() @IsNotFutureDate() decidedOn: string;
  @ApiPropertyOptional({ type: PeriodDto }) @IsOptional() @ValidateNested() @Type(() => PeriodDto) achievementPeriod?: PeriodDto;
  @ApiPropertyOptional({ example: 80000000, description: 'Bonus money in VND (whole đồng), at most 10,000,000,000 (limits.ts)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT_VND)
  amountVnd?: number;
  @ApiPropertyOptional({ example: 'SK-12/2026-CAHP', description: 'CSTĐCS: the recognised initiative (sáng kiến) it needs' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  initiativeRef?: string;
  @ApiPropertyOptional({
    enum: ['historical'],
    description:
      'A decision of before the ledger, recorded from the books: title, authority and one achievement, one award are checked; what the quota and chain rules would refuse is recorded as `warnings` on it',
  })
  @IsOptional()
  @IsIn(['historical'])
  recordedAs?: 'historical';
  @ApiPropertyOptional({ type: () => HistoricalSourceDto, description: 'Required with recordedAs: historical' })
  @ValidateIf((o: RecordCommendationDto) => o.recordedAs === 'historical' || o.source !== undefined)
  @IsDefined({ message: 'source is required for a historical decision' })
  @ValidateNested()
  @Type(() => HistoricalSourceDto)
  source?: HistoricalSourceDto;
}

export class RevokeCommendationDto {
  @ApiPropertyOptional({ enum: AUTHORITIES, description: 'Who revokes: the conferring authority (default) or a higher one' })
  @IsOptional()
  @IsIn(AUTHORITIES)
  authority?: Authority;
  @ApiProperty({ enum: REVOCATION_GROUNDS }) @IsIn(REVOCATION_GROUNDS) ground: RevocationGround;
  @ApiProperty({ example: 'Kê khai không trung thực thành tích' }) @IsString() @Length(1, 2000) reason: string;
  @ApiProperty({ example: '88/QĐ-BCA' }) @IsString() @Length(1, 100) decisionNo: string;
  @ApiProperty({ example: '2026-11-25', description: 'Not after today (Vietnam, UTC+7), nor before the decision' })
  @IsIsoDate()
  @IsNotFutureDate()
  decidedOn: string;
}

/** Thu hồi hiện vật, tiền thưởng: what came back after a revocation (may be recorded in several steps). */
export class RecordRecoveryDto {
  @ApiProperty({ description: 'The award object (certificate, medal, flag) was handed back' }) @IsBoolean() objectRecovered: boolean;
  @ApiProperty({ example: 1_800_000, description: 'Money given back now, VND' }) @IsInt() @Min(0) @Max(MAX_AMOUNT_VND) amountVnd: number;
  @ApiProperty({ example: '2026-11-28', description: 'Not after today (Vietnam, UTC+7), nor before the revocation' })
  @IsIsoDate()
  @IsNotFutureDate()
  recordedOn: string;
  @ApiPropertyOptional({ example: 'Biên bản thu hồi số 12/BB' }) @IsOptional() @IsString() @Length(1, 2000) note?: string;
}

/** A decision on the review list kept after review: the revoked award it rested on was not needed. */
export class ConcludeReviewDto {
  @ApiProperty({ enum: ['upheld'] }) @IsIn(['upheld']) outcome: 'upheld';
  @ApiProperty({ example: 'Đơn vị vẫn có 2 CSTĐCS khác, đủ điều kiện' }) @IsString() @Length(1, 2000) reason: string;
}

/** Annulment of a revocation (hủy quyết định hủy bỏ): the decision is in force again; the revocation stays on record. */
export class AnnulRevocationDto {
  @ApiPropertyOptional({ enum: AUTHORITIES, description: 'Who annuls: the revoking authority (default) or a higher one' })
  @IsOptional()
  @IsIn(AUTHORITIES)
  authority?: Authority;
  @ApiProperty({ example: 'Kết luận thanh tra: thành tích kê khai đúng' }) @IsString() @Length(1, 2000) reason: string;
  @ApiProperty({ example: '95/QĐ-BCA' }) @IsString() @Length(1, 100) decisionNo: string;
  @ApiProperty({ example: '2026-12-05', description: 'Not after today (Vietnam, UTC+7), nor before the revocation' })
  @IsIsoDate()
  @IsNotFutureDate()
  decidedOn: string;
}

/** Đính chính quyết định: the number, date or recipient as they should have been; only those given change. */
export class CorrectCommendationDto {
  @ApiProperty({ example: 'Ghi nhầm số quyết định' }) @IsString() @Length(1, 2000) reason: string;
  @ApiPropertyOptional({ example: '1235/QĐ-BCA' }) @IsOptional() @IsString() @Length(1, 100) decisionNo?: string;
  @ApiPropertyOptional({ example: '2026-11-21', description: 'Not after today (Vietnam, UTC+7)' })
  @IsOptional()
  @IsIsoDate()
  @IsNotFutureDate()
  decidedOn?: string;
  @ApiPropertyOptional({ type: RecipientDto, description: 'The right recipient: checked as for a new decision (authority, eligibility, quotas)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => RecipientDto)
  recipient?: RecipientDto;
}

export class SetConferralParametersDto {
  @ApiProperty({ example: 2026 }) @IsInt() @Min(2000) @Max(LATEST_YEAR) year: number;
  @ApiPropertyOptional({ example: 1, description: "Government flag: top k of the cluster's final ranking (default 1)" })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  governmentFlagTopK?: number;
  @ApiPropertyOptional({ example: 1, description: 'Government flags per cluster and campaign (default 1)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  governmentFlagsPerCluster?: number;
  @ApiPropertyOptional({ example: '0.6667', description: "Ministry flags: share of the cluster's members, rounded down (default 2/3)" })
  @IsOptional()
  @IsString()
  @Matches(SHARE)
  ministryFlagShare?: string;
  @ApiPropertyOptional({ example: '0.15', description: "CSTĐCS: share of the unit's CSTT holders of the year, rounded down (default 0.15)" })
  @IsOptional()
  @IsString()
  @Matches(SHARE)
  cstdcsShareOfCstt?: string;
}
