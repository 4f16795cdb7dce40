import type { MigrationInterface, QueryRunner } from 'typeorm';
import { POINTS_COLUMN } from '../../../src/ledger/limits.js';

/**
 * rm_score_events: one row per score event (the audit trail), carrying the unit's totals after it,
 * for the whole campaign and for the event's phase: rankings and as-of reads are index lookups.
 * rm_score_state: the projector's running sums per campaign, unit and scope ('' or a phase id).
 * rm_score_scales: each campaign's scale, to compute capped totals.
 */
export class ScoreEvents1764000000100 implements MigrationInterface {
  name = 'ScoreEvents1764000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS rm_score_events (
      campaign_id text NOT NULL,
      unit_id text NOT NULL,
      position bigint NOT NULL,
      recorded_at timestamptz NOT NULL,
      actor text NOT NULL,
      event_type text NOT NULL,
      entry_id text NOT NULL,
      kind text NOT NULL,
      source text NOT NULL,
      criterion_id text,
      phase_id text,
      points ${POINTS_COLUMN} NOT NULL,
      delta ${POINTS_COLUMN} NOT NULL,
      reason text NOT NULL,
      evidence jsonb NOT NULL,
      compensates text,
      total_after ${POINTS_COLUMN} NOT NULL,
      bonus_after ${POINTS_COLUMN} NOT NULL,
      penalty_after ${POINTS_COLUMN} NOT NULL,
      groups_after jsonb NOT NULL,
      phase_total_after ${POINTS_COLUMN},
      phase_bonus_after ${POINTS_COLUMN},
      phase_penalty_after ${POINTS_COLUMN},
      phase_groups_after jsonb,
      PRIMARY KEY (campaign_id, unit_id, position)
    )`);
    await q.query('CREATE INDEX IF NOT EXISTS rm_score_events_phase ON rm_score_events (campaign_id, unit_id, phase_id, position)');
    await q.query('CREATE INDEX IF NOT EXISTS rm_score_events_entry ON rm_score_events (campaign_id, unit_id, entry_id)');
    await q.query(`CREATE TABLE IF NOT EXISTS rm_score_state (
      campaign_id text NOT NULL,
      unit_id text NOT NULL,
      scope text NOT NULL,
      criteria jsonb NOT NULL,
      bonus bigint NOT NULL,
      penalty bigint NOT NULL,
      PRIMARY KEY (campaign_id, unit_id, scope)
    )`);
    await q.query('CREATE TABLE IF NOT EXISTS rm_score_scales (campaign_id text PRIMARY KEY, scale jsonb NOT NULL)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS rm_score_events, rm_score_state, rm_score_scales');
  }
}
