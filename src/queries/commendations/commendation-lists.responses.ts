import { ApiProperty } from '@nestjs/swagger';
import { AUTHORITIES, COMMENDATION_FORMS, RECIPIENT_KINDS } from '../../ledger/events.js';
import { ListAnswer } from '../shared/list-responses.js';

export class RecipientItem {
  @ApiProperty({ enum: RECIPIENT_KINDS }) kind!: string;
  @ApiProperty({ example: 'Cá nhân' }) kindLabel!: string;
  @ApiProperty({ example: 'nguyen-van-an' }) id!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Nguyễn Văn An' }) name!: string | null;
}

export class CommendationListItem {
  @ApiProperty({ example: 'qd-2016-hp-1' }) commendationId!: string;
  @ApiProperty({ enum: COMMENDATION_FORMS }) form!: string;
  @ApiProperty({ example: 'Bằng khen' }) formLabel!: string;
  @ApiProperty({ enum: AUTHORITIES }) authority!: string;
  @ApiProperty({ example: 'Bộ trưởng' }) authorityLabel!: string;
  @ApiProperty({ type: String, nullable: true, example: 'chien-si-thi-dua-co-so' }) title!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Chiến sĩ thi đua cơ sở' }) titleLabel!: string | null;
  @ApiProperty({ type: () => RecipientItem }) recipient!: RecipientItem;
  @ApiProperty({ example: '1234/QĐ-BCA' }) decisionNo!: string;
  @ApiProperty({ example: '2016-12-20' }) decidedOn!: string;
  @ApiProperty({ example: 2016 }) year!: number;
  @ApiProperty({ example: 2016 }) achievementYear!: number;
  @ApiProperty({ type: String, nullable: true }) campaignId!: string | null;
  @ApiProperty({ type: String, nullable: true }) phaseId!: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 1_490_000 }) amountVnd!: number | null;
  @ApiProperty({ enum: ['active', 'revoked'], description: 'As recorded by asOf' }) status!: string;
}

export class CommendationList extends ListAnswer {
  @ApiProperty({ type: () => [CommendationListItem] }) items!: CommendationListItem[];
}
