import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Published rankings: the rows as published and the log position they reflected. */
export class Publications1764000000600 implements MigrationInterface {
  name = 'Publications1764000000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS rm_publications (
      campaign_id text NOT NULL, cluster_id text NOT NULL, publication_id text NOT NULL, period text NOT NULL, phase_id text,
      reflects_position bigint NOT NULL, position bigint NOT NULL, recorded_at timestamptz NOT NULL, actor text NOT NULL,
      final boolean NOT NULL, rows jsonb NOT NULL,
      PRIMARY KEY (campaign_id, cluster_id, publication_id))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS rm_publications');
  }
}
