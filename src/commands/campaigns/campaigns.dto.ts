import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsIn, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { CAMPAIGN_FORMS, CLUSTER_KINDS, type CampaignForm, type ClusterKind } from '../../ledger/events.js';
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

export class AddClusterMemberDto {
  @ApiProperty({ example: 'ca-bac-lieu' }) @IsLedgerId() unitId: string;
}

export class PledgeTargetDto {
  @ApiProperty({ example: 'c2-2' }) @IsLedgerId() criterionId: string;
  @ApiPropertyOptional({ example: 'Tỷ lệ điều tra khám phá án rất nghiêm trọng, đặc biệt nghiêm trọng' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  description?: string;
  @ApiProperty({ example: 95, description: 'Target value (decimal, at most 2 places)' }) @IsPoints() target: number | string;
  @ApiPropertyOptional({ example: '%' }) @IsOptional() @IsString() @Length(1, 50) measure?: string;
}

export class SignPledgeDto {
  @ApiProperty({ example: 'giao-uoc-ca-hau-giang' }) @IsLedgerId() id: string;
  @ApiProperty({ example: 'ca-hau-giang' }) @IsLedgerId() unitId: string;
  @ApiProperty({ example: '2026-02-15' }) @IsIsoDate() signedOn: string;
  @ApiProperty({ type: [PledgeTargetDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => PledgeTargetDto)
  targets: PledgeTargetDto[];
}

export class PublishRankingDto {
  @ApiPropertyOptional({ example: 'thang-06-2026', description: 'Client-chosen; omitted → the server assigns one' }) @IsOptional() @IsLedgerId() id?: string;
  @ApiProperty({ example: '2026-06', description: 'The period the ranking is published for (e.g. a month)' }) @IsString() @Length(1, 50) period: string;
  @ApiPropertyOptional({ example: 'dot-19-8' }) @IsOptional() @IsLedgerId() phaseId?: string;
}
