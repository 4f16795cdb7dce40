import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The integrity chain (one link per event of the log) and the signed checkpoints, beside the log in
 * the same database. Both are append-only: a trigger refuses UPDATE, DELETE and TRUNCATE (someone
 * with the rights to disable it can still edit them; verification then shows it).
 */
export class Integrity1764000002000 implements MigrationInterface {
  name = 'Integrity1764000002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS ledger_integrity_chain (
      position      bigint PRIMARY KEY,
      prev_position bigint NOT NULL,
      hash          text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
      chained_at    timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE IF NOT EXISTS ledger_integrity_checkpoints (
      position   bigint PRIMARY KEY,
      head_hash  text NOT NULL,
      signed_at  timestamptz NOT NULL,
      key_id     text NOT NULL,
      public_key text NOT NULL,
      signature  text NOT NULL
    )`);
    await q.query(`CREATE OR REPLACE FUNCTION ledger_integrity_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'LI403';
      END $$`);
    for (const table of ['ledger_integrity_chain', 'ledger_integrity_checkpoints']) {
      await q.query(
        `CREATE OR REPLACE TRIGGER ${table}_no_change BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ledger_integrity_append_only()`,
      );
      await q.query(
        `CREATE OR REPLACE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ledger_integrity_append_only()`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS ledger_integrity_checkpoints');
    await q.query('DROP TABLE IF EXISTS ledger_integrity_chain');
    await q.query('DROP FUNCTION IF EXISTS ledger_integrity_append_only()');
  }
}
