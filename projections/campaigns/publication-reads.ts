import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../src/ledger/errors.js';
import type { PublishedRow } from '../../src/ledger/events.js';
import { parsePoints, pointsToNumber } from '../../src/ledger/points.js';
import { ReadModelLookups } from '../shared/read-model-lookups.js';
import { publicationPeriods } from '../../src/ledger/scores/periods.js';
import { auditJson, ScoreReads, type ScoreRow } from '../scores/score-reads.js';

export interface PublicationRow {
  publication_id: string;
  period: string;
  phase_id: string | null;
  reflects_position: string;
  position: string;
  recorded_at: Date | string;
  actor: string;
  final: boolean;
  rows: PublishedRow[];
  // Withdrawal (issue 13, PublicationWithdrawn), set by the campaigns projection:
  withdrawn_position?: string | null;
  withdrawal_reason?: string | null;
  superseded_by?: string | null;
  withdrawn_at?: Date | string | null;
  withdrawn_by?: string | null;
}

/** Published rankings and how today's ranking differs from one, event by event. */
@Injectable()
export class PublicationReads {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lookups: ReadModelLookups,
    private readonly scores: ScoreReads,
  ) {}

  async list(campaignId: string, clusterId: string) {
    await this.lookups.campaignScale(campaignId);
    await this.lookups.requireCluster(campaignId, clusterId);
    const rows: PublicationRow[] = await this.dataSource.query('SELECT * FROM rm_publications WHERE campaign_id = $1 AND cluster_id = $2 ORDER BY position', [
      campaignId,
      clusterId,
    ]);
    return rows.map(publicationJson);
  }

  async compare(campaignId: string, clusterId: string, publicationId: string, position: number) {
    await this.lookups.campaignScale(campaignId);
    await this.lookups.requireCluster(campaignId, clusterId);
    const [row]: PublicationRow[] = await this.dataSource.query(
      'SELECT * FROM rm_publications WHERE campaign_id = $1 AND cluster_id = $2 AND publication_id = $3',
      [campaignId, clusterId, publicationId],
    );
    if (!row) throw new NotFoundError('publication', publicationId);
    const published = publicationJson(row);
    // Today's ranking for the publication's period (through its month, when it is one): what changed for that period since.
    const periods = publicationPeriods(published.period);
    const current = await this.scores.ranking(campaignId, clusterId, published.phaseId, position, false, periods);
    const units = [...new Set([...published.rows.map((r) => r.unitId), ...current.map((r) => r.unitId)])].sort();
    const changes = units
      .map((unitId) => {
        const before = published.rows.find((r) => r.unitId === unitId) ?? null;
        const now = current.find((r) => r.unitId === unitId) ?? null;
        return {
          unitId,
          publishedRank: before?.rank ?? null,
          currentRank: now?.rank ?? null,
          publishedTotal: before?.total ?? null,
          currentTotal: now?.total ?? null,
          publishedVetoed: before?.vetoed ?? null,
          currentVetoed: now?.vetoed ?? null,
        };
      })
      .filter((c) => c.publishedRank !== c.currentRank || c.publishedTotal !== c.currentTotal || c.publishedVetoed !== c.currentVetoed);
    // The events recorded since that count for the period (a correction to March, not April's entries, for March).
    const params: unknown[] = [campaignId, units, published.reflectsPosition, position];
    const phase = published.phaseId === null ? '' : `AND phase_id = $${params.push(published.phaseId)}`;
    const through = periods.through === null ? '' : `AND period <= $${params.push(periods.through)}`;
    const events: ScoreRow[] = await this.dataSource.query(
      `SELECT * FROM rm_score_events WHERE campaign_id = $1 AND unit_id = ANY($2::text[]) AND position > $3 AND position <= $4 ${phase} ${through}
       ORDER BY position`,
      params,
    );
    return { publication: published, current: { rows: current }, changes, events: events.map((e) => ({ unitId: e.unit_id, ...auditJson(e) })) };
  }

  /**
   * One publication as published, with what a printed copy names besides its rows: the campaign
   * (title, organiser), the cluster and the phase, and the ranking it published recomputed at the
   * position it reflects, for the units' names and the group subtotals it did not store (a ranking
   * at a position never changes: the same rows, with their groups).
   */
  async document(campaignId: string, clusterId: string, publicationId: string) {
    const scale = await this.lookups.campaignScale(campaignId);
    await this.lookups.requireCluster(campaignId, clusterId);
    const [row]: PublicationRow[] = await this.dataSource.query(
      'SELECT * FROM rm_publications WHERE campaign_id = $1 AND cluster_id = $2 AND publication_id = $3',
      [campaignId, clusterId, publicationId],
    );
    if (!row) throw new NotFoundError('publication', publicationId);
    const publication = publicationJson(row);
    const [heading]: { title: string; organizer_unit_id: string; cluster_name: string; cluster_kind: string; phase_name: string | null }[] =
      await this.dataSource.query(
        `SELECT c.title, c.organizer_unit_id, k.name AS cluster_name, k.kind AS cluster_kind, p.name AS phase_name
         FROM rm_campaigns c JOIN rm_clusters k ON k.campaign_id = c.campaign_id AND k.cluster_id = $2
         LEFT JOIN rm_phases p ON p.campaign_id = c.campaign_id AND p.phase_id = $3
         WHERE c.campaign_id = $1`,
        [campaignId, clusterId, publication.phaseId],
      );
    const ranking = await this.scores.ranking(
      campaignId,
      clusterId,
      publication.phaseId,
      publication.reflectsPosition,
      true,
      publicationPeriods(publication.period),
    );
    return {
      campaign: { campaignId, title: heading.title, organizerUnitId: heading.organizer_unit_id },
      cluster: { clusterId, name: heading.cluster_name, kind: heading.cluster_kind },
      phase: publication.phaseId === null ? null : { phaseId: publication.phaseId, name: heading.phase_name },
      groups: scale.groups.map((g) => ({ id: g.id, name: g.name, maxPoints: pointsToNumber(g.max) })),
      publication,
      ranking,
    };
  }
}

export function publicationJson(row: PublicationRow) {
  const n = (text: string) => pointsToNumber(parsePoints(text));
  return {
    publicationId: row.publication_id,
    period: row.period,
    phaseId: row.phase_id,
    final: row.final,
    // Its two clocks: the log as recorded at reflectsPosition, and the months it counts (through its period, when a month).
    clocks: { asOf: Number(row.reflects_position), through: publicationPeriods(row.period).through },
    reflectsPosition: Number(row.reflects_position),
    position: Number(row.position),
    publishedAt: new Date(row.recorded_at).toISOString(),
    publishedBy: row.actor,
    rows: row.rows.map((r) => ({ rank: r.rank, unitId: r.unitId, total: n(r.total), bonus: n(r.bonus), penalty: n(r.penalty), vetoed: r.vetoed })),
    // Issue 13: a withdrawn publication stays listed, marked (null while in force).
    withdrawal: withdrawalJson(row),
  };
}

/** Issue 13: the withdrawal of a publication (thu hồi, thay thế), or null. */
function withdrawalJson(row: PublicationRow) {
  if (row.withdrawn_position === null || row.withdrawn_position === undefined) return null;
  return {
    reason: row.withdrawal_reason ?? null,
    supersededBy: row.superseded_by ?? null,
    position: Number(row.withdrawn_position),
    withdrawnAt: row.withdrawn_at ? new Date(row.withdrawn_at).toISOString() : null,
    withdrawnBy: row.withdrawn_by ?? null,
  };
}
