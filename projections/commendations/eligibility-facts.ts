import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ConferralParameters } from '../../src/ledger/commendations/conferral-parameters.js';
import { achievementYear, factsNeeded, type EligibilityFacts, type HeldAward } from '../../src/ledger/commendations/eligibility.js';
import type { CommendationRecorded, PublishedRow } from '../../src/ledger/events.js';
import { officerUnitAtYearEnd } from './commendation-reads.js';

interface AwardRow {
  commendation_id: string;
  form: string;
  authority: string;
  title: string | null;
  achievement_year: number;
  decided_on: Date | string;
}

const award = (row: AwardRow): HeldAward => ({
  commendationId: row.commendation_id,
  form: row.form,
  authority: row.authority,
  title: row.title,
  year: Number(row.achievement_year),
  decidedOn: typeof row.decided_on === 'string' ? row.decided_on.slice(0, 10) : isoDate(row.decided_on),
});
const isoDate = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/**
 * The facts the eligibility rules need, from the read models (an award history is not one
 * stream), as far as they have applied the log: the caller waits for them to reach its head first.
 */
@Injectable()
export class EligibilityFactsReads {
  constructor(private readonly dataSource: DataSource) {}

  async gather(decision: CommendationRecorded['data'], parameters: ConferralParameters): Promise<EligibilityFacts> {
    const needed = factsNeeded(decision);
    const year = achievementYear(decision);
    const facts: EligibilityFacts = {
      parameters,
      recipientAwards: [],
      unitMembers: null,
      unitQuota: null,
      cluster: null,
      vetoed: false,
    };
    const { kind, id } = decision.recipient;
    // The decision itself is never among the facts it is judged on: a new one is not recorded yet, a corrected one is being moved.
    const self = decision.commendationId;
    if (needed.has('recipientAwards')) {
      const rows: AwardRow[] = await this.dataSource.query(
        `SELECT commendation_id, form, authority, title, achievement_year, decided_on::text AS decided_on FROM rm_commendations
         WHERE recipient_kind = $1 AND recipient_id = $2 AND status = 'active' AND commendation_id <> $3`,
        [kind, id, self],
      );
      facts.recipientAwards = rows.map(award);
    }
    if (needed.has('unitMembers')) {
      // The unit's officers as it stood at the end of the achievement year (postings in force on 31 December), serving then.
      const [{ officers }] = await this.dataSource.query(
        `SELECT count(*)::int AS officers FROM (SELECT DISTINCT officer_id FROM rm_officer_versions WHERE unit_id = $1) o
         WHERE ${officerUnitAtYearEnd('o.officer_id', '$2::int')} = $1
           AND NOT EXISTS (SELECT 1 FROM rm_officer_versions r WHERE r.officer_id = o.officer_id
             AND (r.change = 'retired-in-error' OR (r.change = 'retired' AND r.effective_on <= make_date($2::int, 12, 31))))`,
        [id, year],
      );
      const rows: (AwardRow & { officer_id: string })[] = await this.dataSource.query(
        `SELECT c.recipient_id AS officer_id, c.commendation_id, c.form, c.authority, c.title, c.achievement_year, c.decided_on::text AS decided_on
         FROM rm_commendations c
         WHERE c.recipient_kind = 'individual' AND c.status = 'active' AND c.form = 'emulation-title' AND c.achievement_year = $2
           AND c.title IN ('chien-si-tien-tien', 'chien-si-thi-dua-co-so') AND c.commendation_id <> $3
           AND ${officerUnitAtYearEnd('c.recipient_id', 'c.achievement_year')} = $1`,
        [id, year, self],
      );
      facts.unitMembers = { officers, titlesOfYear: rows.map((row) => ({ officerId: row.officer_id, award: award(row) })) };
    }
    if (needed.has('unitQuota')) {
      // The quota is the unit's the officer served in at the end of the achievement year, counted over its officers of that year.
      const [officer]: { unit_id: string | null }[] = await this.dataSource.query(`SELECT ${officerUnitAtYearEnd('$1', '$2::int')} AS unit_id`, [id, year]);
      if (officer?.unit_id) {
        const [counts]: { cstt: number; cstdcs_in_force: number; cstdcs_ever: number }[] = await this.dataSource.query(
          `SELECT count(DISTINCT c.recipient_id) FILTER (WHERE c.title = 'chien-si-tien-tien' AND c.status = 'active')::int AS cstt,
                  count(*) FILTER (WHERE c.title = 'chien-si-thi-dua-co-so' AND c.status = 'active' AND c.commendation_id <> $3)::int AS cstdcs_in_force,
                  count(*) FILTER (WHERE c.title = 'chien-si-thi-dua-co-so')::int AS cstdcs_ever
           FROM rm_commendations c
           WHERE c.recipient_kind = 'individual' AND c.form = 'emulation-title' AND c.achievement_year = $2
             AND ${officerUnitAtYearEnd('c.recipient_id', 'c.achievement_year')} = $1`,
          [officer.unit_id, year, self],
        );
        facts.unitQuota = { unitId: officer.unit_id, csttHolders: counts.cstt, cstdcsInForce: counts.cstdcs_in_force, cstdcsEverRecorded: counts.cstdcs_ever };
      }
    }
    if (needed.has('cluster') && decision.campaignId !== null) {
      const campaignId = decision.campaignId;
      const [member]: { cluster_id: string }[] = await this.dataSource.query(
        'SELECT cluster_id FROM rm_cluster_members WHERE campaign_id = $1 AND unit_id = $2 AND to_position IS NULL LIMIT 1',
        [campaignId, id],
      );
      if (member) {
        const [publication]: { rows: PublishedRow[] }[] = await this.dataSource.query(
          `SELECT rows FROM rm_publications WHERE campaign_id = $1 AND cluster_id = $2 AND final AND phase_id IS NULL AND withdrawn_position IS NULL
           ORDER BY position DESC LIMIT 1`,
          [campaignId, member.cluster_id],
        );
        const [flags]: { in_force: number; ever: number }[] = await this.dataSource.query(
          `SELECT count(*) FILTER (WHERE c.status = 'active' AND c.commendation_id <> $4)::int AS in_force, count(*)::int AS ever
           FROM rm_commendations c JOIN rm_cluster_members m ON m.campaign_id = c.campaign_id AND m.unit_id = c.recipient_id AND m.to_position IS NULL
           WHERE c.campaign_id = $1 AND m.cluster_id = $2 AND c.form = 'emulation-flag' AND c.title = $3 AND c.recipient_kind = 'collective'`,
          [campaignId, member.cluster_id, decision.title, self],
        );
        facts.cluster = { clusterId: member.cluster_id, finalRanking: publication?.rows ?? null, flagsInForce: flags.in_force, flagsEverRecorded: flags.ever };
      }
      const [veto] = await this.dataSource.query('SELECT 1 FROM rm_vetoes WHERE campaign_id = $1 AND unit_id = $2 AND lifted_position IS NULL', [
        campaignId,
        id,
      ]);
      facts.vetoed = veto !== undefined;
    }
    return facts;
  }
}
