import { ApiProperty } from '@nestjs/swagger';
import { UNIT_KINDS } from '../../ledger/events.js';
import { ListAnswer } from '../shared/list-responses.js';

export class UnitListItem {
  @ApiProperty({ example: 'ca-hai-phong' }) unitId!: string;
  @ApiProperty({ example: 'Công an thành phố Hải Phòng', description: 'The name on the date' }) name!: string;
  @ApiProperty({ enum: UNIT_KINDS }) kind!: string;
  @ApiProperty({ example: 'Công an tỉnh, thành phố' }) kindLabel!: string;
  @ApiProperty({ type: String, nullable: true, example: 'bo-cong-an' }) parentId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Bộ Công an' }) parentName!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'establishedOn, when registered with one' }) establishedOn!: string | null;
  @ApiProperty({ enum: ['active', 'merged', 'dissolved'] }) status!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Merged or dissolved on (by the date)' }) endedOn!: string | null;
  @ApiProperty({ type: String, nullable: true }) successorId!: string | null;
}

export class UnitList extends ListAnswer {
  @ApiProperty({ type: () => [UnitListItem] }) items!: UnitListItem[];
  @ApiProperty({ type: String, nullable: true, description: 'The business date read (null: the latest effective)' }) on!: string | null;
}

export class OfficerListItem {
  @ApiProperty({ example: 'nguyen-van-an' }) officerId!: string;
  @ApiProperty({ example: 'Nguyễn Văn An' }) fullName!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Thiếu tá' }) rank!: string | null;
  @ApiProperty({ example: 'ca-hai-phong', description: 'The unit the officer serves in on the date' }) unitId!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Công an thành phố Hải Phòng' }) unitName!: string | null;
  @ApiProperty({ enum: ['serving', 'retired'] }) status!: string;
  @ApiProperty({ type: String, nullable: true }) retiredOn!: string | null;
}

export class OfficerList extends ListAnswer {
  @ApiProperty({ type: () => [OfficerListItem] }) items!: OfficerListItem[];
  @ApiProperty({ type: String, nullable: true }) on!: string | null;
}
