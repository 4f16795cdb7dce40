import type { MigrationInterface, QueryRunner } from 'typeorm';
import { POINTS_COLUMN } from '../../../src/ledger/limits.js';

/** Campaigns, phases, clusters with their membership over time (for as-of rankings), pledges. */
export class Campaigns1764000000300 implements MigrationInterface {
  name = 'Campaigns1764000000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS rm_campaigns (
      campaign_id text PRIMARY KEY, title text NOT NULL, form text NOT NULL, organizer_unit_id text NOT NULL,
      starts_on date NOT NULL, ends_on date NOT NULL, slogan text, scale jsonb NOT NULL,
      position bigint NOT NULL, closed_position bigint)`);
    await q.query(`CREATE TABLE IF NOT EXISTS rm_phases (
      campaign_id text NOT NULL, phase_id text NOT NULL, name text NOT NULL, starts_on date NOT NULL, ends_on date NOT NULL,
      occasion text, slogan text, position bigint NOT NULL, closed_position bigint, PRIMARY KEY (campaign_id, phase_id))`);
    await q.query(`CREATE TABLE IF NOT EXISTS rm_clusters (
      campaign_id text NOT NULL, cluster_id text NOT NULL, name text NOT NULL, kind text NOT NULL,
      head_unit_id text NOT NULL, deputy_unit_id text, position bigint NOT NULL, PRIMARY KEY (campaign_id, cluster_id))`);
    await q.query(`CREATE TABLE IF NOT EXISTS rm_cluster_members (
      campaign_id text NOT NULL, cluster_id text NOT NULL, unit_id text NOT NULL,
      from_position bigint NOT NULL, to_position bigint, PRIMARY KEY (campaign_id, cluster_id, unit_id, from_position))`);
    await q.query(`CREATE TABLE IF NOT EXISTS rm_pledge_targets (
      campaign_id text NOT NULL, pledge_id text NOT NULL, unit_id text NOT NULL, signed_on date NOT NULL,
      criterion_id text NOT NULL, description text, target ${POINTS_COLUMN} NOT NULL, measure text, position bigint NOT NULL,
      PRIMARY KEY (campaign_id, pledge_id, criterion_id))`);
    await q.query('CREATE INDEX IF NOT EXISTS rm_pledge_targets_unit ON rm_pledge_targets (campaign_id, unit_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS rm_campaigns, rm_phases, rm_clusters, rm_cluster_members, rm_pledge_targets');
  }
}
