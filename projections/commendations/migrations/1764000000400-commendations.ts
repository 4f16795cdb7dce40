import type { MigrationInterface, QueryRunner } from 'typeorm';
import { MONEY_COLUMN } from '../../../src/ledger/limits.js';

/**
 * rm_commendations: the register of commendation decisions (sổ khen thưởng), one row per decision.
 * A revocation never deletes: it sets status 'revoked' and the revocation's fields on the row.
 * `position` / `revoked_position` are the log positions of the decision and of its revocation.
 */
export class Commendations1764000000400 implements MigrationInterface {
  name = 'Commendations1764000000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS rm_commendations (
      commendation_id text PRIMARY KEY,
      form text NOT NULL,
      authority text NOT NULL,
      recipient_kind text NOT NULL,
      recipient_id text NOT NULL,
      title text,
      campaign_id text,
      phase_id text,
      achievement_id text,
      decision_no text NOT NULL,
      decided_on date NOT NULL,
      year int NOT NULL,
      amount_vnd ${MONEY_COLUMN},
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
      revoked_on date,
      revocation_ground text,
      revocation_decision_no text,
      revocation_reason text,
      position bigint NOT NULL,
      revoked_position bigint
    )`);
    await q.query('CREATE INDEX IF NOT EXISTS rm_commendations_year ON rm_commendations (year)');
    await q.query('CREATE INDEX IF NOT EXISTS rm_commendations_recipient ON rm_commendations (recipient_kind, recipient_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS rm_commendations');
  }
}
