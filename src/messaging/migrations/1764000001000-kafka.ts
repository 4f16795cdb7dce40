import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Kafka bookkeeping, in the ledger's database so it commits with what it describes:
 * - the relay's checkpoint per topic (moved only after the broker acknowledged), and per partition
 *   the last position it delivered there (the projector workers' watermark needs it);
 * - the projector workers' next offset and last applied position per partition, committed in the
 *   same transaction as the read-model rows.
 */
export class Kafka1764000001000 implements MigrationInterface {
  name = 'Kafka1764000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS kafka_relay_checkpoints (
      topic text PRIMARY KEY,
      position bigint NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE IF NOT EXISTS kafka_relay_partitions (
      topic text NOT NULL,
      partition int NOT NULL,
      last_position bigint NOT NULL,
      PRIMARY KEY (topic, partition)
    )`);
    await q.query(`CREATE TABLE IF NOT EXISTS kafka_consumer_offsets (
      group_id text NOT NULL,
      topic text NOT NULL,
      partition int NOT NULL,
      next_offset bigint NOT NULL DEFAULT 0,
      last_position bigint NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (group_id, topic, partition)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS kafka_consumer_offsets');
    await q.query('DROP TABLE IF EXISTS kafka_relay_partitions');
    await q.query('DROP TABLE IF EXISTS kafka_relay_checkpoints');
  }
}
