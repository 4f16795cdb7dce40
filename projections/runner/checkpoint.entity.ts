import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../shared/transformers.js';
import type { ProjectionFailure } from './failure.js';

/** How far each projection has applied the log; committed in the same transaction as its rows. */
@Entity('projection_checkpoints')
export class ProjectionCheckpoint {
  @PrimaryColumn('text') name: string;
  @Column('bigint', { transformer: bigintAsNumber }) position: number;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
  /** Set while the projection is failed at an event (failure.ts); NULL when healthy. */
  @Column('jsonb', { nullable: true }) failure: ProjectionFailure | null;
}
