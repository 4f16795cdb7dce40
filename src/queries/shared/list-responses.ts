import { ApiProperty } from '@nestjs/swagger';

/** The point of the log a read reflects (every read answers it). */
export class AsOfAnswer {
  @ApiProperty({ example: 1200, description: 'Global log position' }) position!: number;
  @ApiProperty({ type: String, nullable: true, example: '2026-06-30T16:59:58.120Z', description: 'When that event was recorded (null: empty log)' })
  recordedAt!: string | null;
}

/** A unit or an officer named by a read: its id and its name on the read's clocks. */
export class NamedRef {
  @ApiProperty({ example: 'ca-hai-phong' }) unitId!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Công an thành phố Hải Phòng' }) name!: string | null;
}

/** The fields every browse list answers besides its items. */
export class ListAnswer {
  @ApiProperty({ type: String, nullable: true, description: 'Cursor for the next page (pass as `after`); null at the end' }) next!: string | null;
  @ApiProperty({ type: () => AsOfAnswer }) asOf!: AsOfAnswer;
}
