import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsIn, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import {
  CAMPAIGN_FORMS,
  CLUSTER_KINDS,
  PLEDGE_DIRECTIONS,
  PLEDGE_MEASURES,
  type CampaignForm,
  type ClusterKind,
  type PledgeDirection,
} from '../../ledger/events.js';
import { IsIsoDate, IsLedgerId, IsPoints } from '../../http/validation.js';

export class ScaleGroupDto {
  @ApiProperty({ example: 'g1' }) @IsLedgerId() id: string;
  @ApiProperty({ example: 'An ninh chính trị' }) @IsString() @Length(1, 300) name: string;
  @ApiProperty({ example: 200, description: 'Decimal, at most 2 places' }) @IsPoints() maxPoints: number | string;
}

export class ScaleCriterionDto {
  @ApiProperty({ example: 'c1-1' }) @IsLedgerId() id: string;
  @ApiProperty({ example: 'g1' }) @IsLedgerId() groupId: string;
  @ApiProperty({ example: 'Không để xảy ra điểm nóng' }) @IsString() @Length(1, 500) name: string;
  @ApiProperty({ example: 100 }) @IsPoints() maxPoints: number | string;
}

export class ScaleDto {
  @ApiProperty({ type: [ScaleGroupDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ScaleGroupDto)
  groups: ScaleGroupDto[];
  @ApiProperty({ type: [ScaleCriterionDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => ScaleCriterionDto)
  criteria: ScaleCriterionDto[];
  @ApiProperty({ example: 50, description: 'Maximum bonus points (điểm thưởng)' }) @IsPoints() bonusCap: number | string;
}

export class LaunchCampaignDto {
  @ApiProperty({ example: 'vi-an-ninh-to-quoc-2026' }) @IsLedgerId() id: string;
  @ApiProperty({ example: 'Phong trào thi đua "Vì an ninh Tổ quốc" năm 2026' }) @IsString() @Length(1, 500) title: string;
  @ApiProperty({ enum: CAMPAIGN_FORMS }) @IsIn(CAMPAIGN_FORMS) form: CampaignForm;
  @ApiProperty({ example: 'bo-cong-an' }) @IsLedgerId() organizerUnitId: string;
  @ApiProperty({ example: '2026-01-01' }) @IsIsoDate() startsOn: string;
  @ApiProperty({ example: '2026-12-31' }) @IsIsoDate() endsOn: string;
  @ApiPropertyOptional({ example: 'Bản lĩnh, nhân văn, vì nhân dân phục vụ' }) @IsOptional() @IsString() @Length(1, 500) slogan?: string;
  @ApiProperty({ type: ScaleDto }) @IsDefined() @ValidateNested() @Type(() => ScaleDto) scale: ScaleDto;
}

export class AddPhaseDto {
  @ApiProperty({ example: 'dot-1' }) @IsLedgerId() id: string;
  @ApiProperty({ example: 'Đợt thi đua cao điểm chào mừng ngày 19/8' }) @IsString() @Length(1, 500) name: string;
  @ApiProperty({ example: '2026-07-01' }) @IsIsoDate() startsOn: string;
  @ApiProperty({ example: '2026-08-19' }) @IsIsoDate() endsOn: string;
  @ApiPropertyOptional({ example: 'Ngày truyền thống CAND 19/8' }) @IsOptional() @IsString() @Length(1, 300) occasion?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 500) slogan?: string;
}

export class EmptyDto {}

/** A phase created by mistake, withdrawn before it starts (rút đợt thi đua tạo nhầm). */
export class WithdrawPhaseDto {
  @ApiProperty({ example: 'Tạo nhầm đợt thi đua (trùng đợt cao điểm 19/8)' }) @IsString() @Length(1, 2000) reason: string;
}

/** A proposal to withdraw a phase that has started (two-person rule): one administrator proposes, another approves. */
export class ProposePhaseWithdrawalDto {
  @ApiPropertyOptional({ example: 'rut-dot-nham-2026', description: 'Client-chosen; omitted → the server assigns a UUID v7' })
  @IsOptional()
  @IsLedgerId()
  proposalId?: string;
  @ApiProperty({ example: 'Tạo nhầm đợt thi đua (trùng đợt cao điểm 19/8)' }) @IsString() @Length(1, 2000) reason: string;
}

export class ApprovePhaseWithdrawalDto {
  @ApiPropertyOptional({ example: 'Đã kiểm tra: các điểm của đợt đã được hủy' }) @IsOptional() @IsString() @Length(1, 2000) note?: string;
}

export class RejectPhaseWithdrawalDto {
  @ApiProperty({ example: 'Đợt thi đua đúng kế hoạch, không rút' }) @IsString() @Length(1, 2000) reason: string;
}

/** A publication withdrawn (thu hồi kết quả công bố), optionally superseded by a later one of the same cluster. */
export class WithdrawPublicationDto {
  @ApiProperty({ example: 'Công bố nhầm trước khi kiểm tra chéo' }) @IsString() @Length(1, 2000) reason: string;
  @ApiPropertyOptional({ example: 'thang-06-2026-lan-2', description: 'The publication that replaces it (thay thế bởi)' })
  @IsOptional()
  @IsLedgerId()
  supersededBy?: string;
}

export class FormClusterDto {
  @ApiProperty({ example: 'cum-9' }) @IsLedgerId() id: string;
  @ApiProperty({ example: 'Cụm thi đua số 9' }) @IsString() @Length(1, 300) name: string;
  @ApiProperty({ enum: CLUSTER_KINDS }) @IsIn(CLUSTER_KINDS) kind: ClusterKind;
  @ApiProperty({ example: 'ca-hau-giang' }) @IsLedgerId() headUnitId: string;
  @ApiPropertyOptional({ example: 'ca-can-tho' }) @IsOptional() @IsLedgerId() deputyUnitId?: string;
  @ApiProperty({ type: [String], example: ['ca-hau-giang', 'ca-can-tho', 'ca-soc-trang'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsLedgerId({ each: true })
  memberUnitIds: string[];
}

const MEMBERSHIP_EFFECTIVE_ON = "Business date the change takes effect, within the campaign's dates (default: the day it is recorded, in Vietnam time, UTC+7)";

export class AddClusterMemberDto {
  @ApiProperty({ example: 'ca-bac-lieu' }) @IsLedgerId() unitId: string;
  @ApiPropertyOptional({ example: '2025-07-01', description: MEMBERSHIP_EFFECTIVE_ON }) @IsOptional() @IsIsoDate() effectiveOn?: string;
}

/** The query of a member's removal (DELETE has no body). */
export class RemoveClusterMemberQuery {
  @ApiPropertyOptional({ example: '2025-07-01', description: MEMBERSHIP_EFFECTIVE_ON }) @IsOptional() @IsIsoDate() effectiveOn?: string;
}

export class PledgeTargetDto {
  @ApiProperty({ example: 'c2-2' }) @IsLedgerId() criterionId: string;
  @ApiPropertyOptional({ example: 'Tỷ lệ điều tra khám phá án rất nghiêm trọng, đặc biệt nghiêm trọng' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  description?: string;
  @ApiProperty({ example: 95, description: "Target value (decimal, at most 2 places) in the target's measure; a yes/no target is 1" })
  @IsPoints()
  target: number | string;
  @ApiPropertyOptional({
    example: 'percent',
    description:
      "percent, count, ratio or yes-no: the target is kept by reported actuals. Omitted: held against the unit's points on the criterion. Any other text (the label of before, e.g. '%', 'vụ') is read as `unit` with no measure.",
  })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  measure?: string;
  @ApiPropertyOptional({ enum: PLEDGE_DIRECTIONS, description: 'With a measure; default at-least' })
  @IsOptional()
  @IsIn(PLEDGE_DIRECTIONS)
  direction?: PledgeDirection;
  @ApiPropertyOptional({ example: '%', description: 'The label shown beside the numbers' }) @IsOptional() @IsString() @Length(1, 50) unit?: string;
}

/** `measure` as given: one of the measures, or (as before) a free label. */
export const measureOf = (t: PledgeTargetDto) =>
  t.measure !== undefined && (PLEDGE_MEASURES as readonly string[]).includes(t.measure)
    ? { measure: t.measure as (typeof PLEDGE_MEASURES)[number], unitLabel: t.unit ?? null }
    : { measure: null, unitLabel: t.unit ?? t.measure ?? null };

export class SignPledgeDto {
  @ApiProperty({ example: 'giao-uoc-ca-hau-giang' }) @IsLedgerId() id: string;
  @ApiProperty({ example: 'ca-hau-giang', description: 'The signing unit; for an officer’s pledge, the officer’s unit' }) @IsLedgerId() unitId: string;
  @ApiPropertyOptional({ example: 'nguyen-van-an', description: 'An officer’s own pledge (cá nhân đăng ký): the officer, serving in unitId' })
  @IsOptional()
  @IsLedgerId()
  officerId?: string;
  @ApiProperty({ example: '2026-02-15' }) @IsIsoDate() signedOn: string;
  @ApiProperty({ type: [PledgeTargetDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => PledgeTargetDto)
  targets: PledgeTargetDto[];
}

/** A unit's report of a measured target for a month (báo cáo kết quả thực hiện chỉ tiêu). */
export class ReportPledgeActualDto {
  @ApiProperty({ example: 'ca-hau-giang', description: 'The reporting unit: the pledge’s unit' }) @IsLedgerId() unitId: string;
  @ApiProperty({ example: 'c2-1', description: 'The target (by its criterion)' }) @IsLedgerId() criterionId: string;
  @ApiProperty({ example: '2026-06', description: 'The month: the value as it stands at its end' })
  @IsString()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'period must be a month, YYYY-MM' })
  period: string;
  @ApiProperty({ example: '6.2', description: "In the target's measure (decimal, 2 places); a reduce-by target: the reduction achieved; yes/no: 1 or 0" })
  @IsPoints()
  value: number | string;
  @ApiPropertyOptional({ type: [String], example: ['BC-45/CAHG-PV01'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 1000, { each: true })
  evidence?: string[];
}

export class PublishRankingDto {
  @ApiPropertyOptional({ example: 'thang-06-2026', description: 'Client-chosen; omitted → the server assigns one' }) @IsOptional() @IsLedgerId() id?: string;
  @ApiProperty({ example: '2026-06', description: 'The period the ranking is published for (e.g. a month)' }) @IsString() @Length(1, 50) period: string;
  @ApiPropertyOptional({ example: 'dot-19-8' }) @IsOptional() @IsLedgerId() phaseId?: string;
}
