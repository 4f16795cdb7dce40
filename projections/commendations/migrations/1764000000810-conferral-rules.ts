import type { MigrationInterface, QueryRunner } from 'typeorm';
import { MONEY_COLUMN } from '../../../src/ledger/limits.js';

/**
 * The register learns what the conferral rules look at (docs/domain.md §6 rules 3, 4, 6, 7): the year
 * an award is for, what it rested on, the revoking authority, what was recovered, and which revoked
 * bases a review has already upheld it against.
 */
export class ConferralRules1764000000810 implements MigrationInterface {
  name = 'ConferralRules1764000000810';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rm_commendations
      ADD COLUMN IF NOT EXISTS achievement_year int,
      ADD COLUMN IF NOT EXISTS initiative_ref text,
      ADD COLUMN IF NOT EXISTS rests_on text[] NOT NULL DEFAULT '{}',
      ADD COLUMN IF NOT EXISTS quota_slots text[] NOT NULL DEFAULT '{}',
      ADD COLUMN IF NOT EXISTS revocation_authority text,
      ADD COLUMN IF NOT EXISTS recovered_object boolean NOT NULL DEFAULT false,
      ADD COLUMN IF NOT EXISTS recovered_vnd ${MONEY_COLUMN} NOT NULL DEFAULT 0,
      ADD COLUMN IF NOT EXISTS reviewed_basis text[] NOT NULL DEFAULT '{}'`);
    await q.query('UPDATE rm_commendations SET achievement_year = year WHERE achievement_year IS NULL');
    await q.query('CREATE INDEX IF NOT EXISTS rm_commendations_title_year ON rm_commendations (title, achievement_year)');
    await q.query('CREATE INDEX IF NOT EXISTS rm_commendations_campaign ON rm_commendations (campaign_id, form)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS rm_commendations_title_year');
    await q.query('DROP INDEX IF EXISTS rm_commendations_campaign');
    await q.query(`ALTER TABLE rm_commendations DROP COLUMN IF EXISTS achievement_year, DROP COLUMN IF EXISTS initiative_ref, DROP COLUMN IF EXISTS rests_on,
      DROP COLUMN IF EXISTS quota_slots, DROP COLUMN IF EXISTS revocation_authority, DROP COLUMN IF EXISTS recovered_object,
      DROP COLUMN IF EXISTS recovered_vnd, DROP COLUMN IF EXISTS reviewed_basis`);
  }
}
