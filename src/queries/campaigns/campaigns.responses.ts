import { ApiProperty } from '@nestjs/swagger';
import { CAMPAIGN_FORMS, CLUSTER_KINDS, PLEDGE_DIRECTIONS, PLEDGE_MEASURES } from '../../ledger/events.js';
import { AsOfAnswer, ListAnswer, NamedRef } from '../shared/list-responses.js';

export class CampaignListItem {
  @ApiProperty({ example: 'vi-an-ninh-to-quoc-2026' }) campaignId!: string;
  @ApiProperty({ example: 'Phong trào thi đua "Vì an ninh Tổ quốc" năm 2026', description: 'The title (also `title`)' }) name!: string;
  @ApiProperty({ example: 'Phong trào thi đua "Vì an ninh Tổ quốc" năm 2026' }) title!: string;
  @ApiProperty({ example: 2026, description: 'The year it starts' }) year!: number;
  @ApiProperty({ enum: CAMPAIGN_FORMS }) form!: string;
  @ApiProperty({ example: 'Thi đua thường xuyên' }) formLabel!: string;
  @ApiProperty({ type: () => NamedRef }) organiser!: NamedRef;
  @ApiProperty({ example: '2026-01-01' }) startsOn!: string;
  @ApiProperty({ example: '2026-12-31' }) endsOn!: string;
  @ApiProperty({ type: String, nullable: true }) slogan!: string | null;
  @ApiProperty({ enum: ['open', 'closed'], description: 'Closed (tổng kết) as recorded by asOf' }) status!: string;
}

export class CampaignList extends ListAnswer {
  @ApiProperty({ type: () => [CampaignListItem] }) items!: CampaignListItem[];
}

export class PhaseItem {
  @ApiProperty({ example: 'dot-19-8' }) phaseId!: string;
  @ApiProperty({ example: 'Đợt cao điểm chào mừng Ngày truyền thống CAND 19/8' }) name!: string;
  @ApiProperty({ example: '2026-07-01' }) startsOn!: string;
  @ApiProperty({ example: '2026-08-19' }) endsOn!: string;
  @ApiProperty({ type: String, nullable: true, example: '19/8' }) occasion!: string | null;
  @ApiProperty({ type: String, nullable: true }) slogan!: string | null;
  @ApiProperty({ enum: ['open', 'closed', 'withdrawn'], description: 'As recorded by asOf (sơ kết: closed; created by mistake: withdrawn)' }) status!: string;
  @ApiProperty({ type: String, nullable: true }) withdrawalReason!: string | null;
}

export class PhaseList extends ListAnswer {
  @ApiProperty({ example: 'vi-an-ninh-to-quoc-2026' }) campaignId!: string;
  @ApiProperty({ type: () => [PhaseItem] }) items!: PhaseItem[];
}

export class ClusterItem {
  @ApiProperty({ example: 'cum-9' }) clusterId!: string;
  @ApiProperty({ example: 'Cụm thi đua số 9' }) name!: string;
  @ApiProperty({ enum: CLUSTER_KINDS }) kind!: string;
  @ApiProperty({ example: 'Cụm thi đua' }) kindLabel!: string;
  @ApiProperty({ type: () => NamedRef, description: 'Cụm trưởng' }) head!: NamedRef;
  @ApiProperty({ type: () => NamedRef, nullable: true, description: 'Cụm phó' }) deputy!: NamedRef | null;
  @ApiProperty({ example: 3, description: 'Members on the date (as recorded by asOf)' }) memberCount!: number;
}

export class ClusterList extends ListAnswer {
  @ApiProperty({ example: 'vi-an-ninh-to-quoc-2026' }) campaignId!: string;
  @ApiProperty({ type: String, nullable: true }) on!: string | null;
  @ApiProperty({ type: () => [ClusterItem] }) items!: ClusterItem[];
}

export class ClusterMemberItem {
  @ApiProperty({ example: 'ca-can-tho' }) unitId!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Công an thành phố Cần Thơ' }) unitName!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2026-01-01', description: 'A member from this day' }) fromOn!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'No longer one from this day (a removal recorded by asOf); null: still one' }) toOn!: string | null;
}

export class ClusterDetail extends ClusterItem {
  @ApiProperty({ example: 'vi-an-ninh-to-quoc-2026' }) campaignId!: string;
  @ApiProperty({ type: () => [ClusterMemberItem] }) members!: ClusterMemberItem[];
  @ApiProperty({ type: String, nullable: true }) on!: string | null;
  @ApiProperty({ type: () => AsOfAnswer }) asOf!: AsOfAnswer;
}

export class ScaleCriterionItem {
  @ApiProperty({ example: 'c1-1' }) criterionId!: string;
  @ApiProperty({ example: 'Không để xảy ra điểm nóng' }) name!: string;
  @ApiProperty({ example: 120 }) maxPoints!: number;
}

export class ScaleGroupItem {
  @ApiProperty({ example: 'g1' }) groupId!: string;
  @ApiProperty({ example: 'An ninh chính trị' }) name!: string;
  @ApiProperty({ example: 200 }) maxPoints!: number;
  @ApiProperty({ type: () => [ScaleCriterionItem] }) criteria!: ScaleCriterionItem[];
}

export class ScaleAnswer {
  @ApiProperty({ type: () => [ScaleGroupItem] }) groups!: ScaleGroupItem[];
  @ApiProperty({ example: 50 }) bonusCap!: number;
}

export class CampaignDetail extends CampaignListItem {
  @ApiProperty({ type: () => ScaleAnswer, description: 'Thang điểm: groups with their criteria, Vietnamese names, maxima' }) scale!: ScaleAnswer;
  @ApiProperty({ type: () => [PhaseItem] }) phases!: PhaseItem[];
  @ApiProperty({ type: () => [ClusterItem] }) clusters!: ClusterItem[];
  @ApiProperty({ type: String, nullable: true }) on!: string | null;
  @ApiProperty({ type: () => AsOfAnswer }) asOf!: AsOfAnswer;
}

export class PledgeTargetItem {
  @ApiProperty({ example: 'c2-1' }) criterionId!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Kéo giảm tội phạm ≥ 5%' }) criterionName!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'g2' }) groupId!: string | null;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ example: 5 }) target!: number;
  @ApiProperty({ enum: PLEDGE_MEASURES, nullable: true }) measure!: string | null;
  @ApiProperty({ enum: PLEDGE_DIRECTIONS, nullable: true }) direction!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '%' }) unit!: string | null;
}

export class PledgeSignatoryItem {
  @ApiProperty({ enum: ['unit', 'officer'] }) kind!: string;
  @ApiProperty({ example: 'ca-hau-giang' }) id!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
}

export class PledgeItem {
  @ApiProperty({ example: 'gu-2026-hau-giang' }) pledgeId!: string;
  @ApiProperty({ example: 'ca-hau-giang' }) unitId!: string;
  @ApiProperty({ type: String, nullable: true }) unitName!: string | null;
  @ApiProperty({ type: () => PledgeSignatoryItem }) signatory!: PledgeSignatoryItem;
  @ApiProperty({ example: '2026-01-15' }) signedOn!: string;
  @ApiProperty({ example: 42 }) position!: number;
  @ApiProperty({ type: () => [PledgeTargetItem] }) targets!: PledgeTargetItem[];
}

export class PledgeList extends ListAnswer {
  @ApiProperty({ example: 'vi-an-ninh-to-quoc-2026' }) campaignId!: string;
  @ApiProperty({ type: () => [PledgeItem] }) items!: PledgeItem[];
}

export class PublishedRowItem {
  @ApiProperty({ example: 1 }) rank!: number;
  @ApiProperty({ example: 'ca-hau-giang' }) unitId!: string;
  @ApiProperty({ type: String, nullable: true }) unitName!: string | null;
  @ApiProperty({ example: 912.5 }) total!: number;
  @ApiProperty({ example: 20 }) bonus!: number;
  @ApiProperty({ example: 0 }) penalty!: number;
  @ApiProperty() vetoed!: boolean;
}

export class PublicationItem {
  @ApiProperty({ example: 'cum-9' }) clusterId!: string;
  @ApiProperty({ example: 'Cụm thi đua số 9' }) clusterName!: string;
  @ApiProperty({ example: 'thang-06' }) publicationId!: string;
  @ApiProperty({ example: '2026-06' }) period!: string;
  @ApiProperty({ type: String, nullable: true }) phaseId!: string | null;
  @ApiProperty() final!: boolean;
  @ApiProperty({ example: { asOf: 1200, through: '2026-06' } }) clocks!: Record<string, unknown>;
  @ApiProperty({ example: 1200 }) reflectsPosition!: number;
  @ApiProperty({ example: 1201 }) position!: number;
  @ApiProperty({ example: '2026-07-02T02:00:00.000Z' }) publishedAt!: string;
  @ApiProperty({ example: 'admin' }) publishedBy!: string;
  @ApiProperty({ type: () => [PublishedRowItem] }) rows!: PublishedRowItem[];
  @ApiProperty({
    type: Object,
    nullable: true,
    description: 'Thu hồi: reason, supersededBy, position, withdrawnAt, withdrawnBy (recorded by asOf); null while in force',
  })
  withdrawal!: Record<string, unknown> | null;
}

export class PublicationList extends ListAnswer {
  @ApiProperty({ example: 'vi-an-ninh-to-quoc-2026' }) campaignId!: string;
  @ApiProperty({ type: () => [PublicationItem] }) items!: PublicationItem[];
}
