import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { measuredProgress } from '../../src/ledger/campaigns/pledge.decider.js';
import type { PledgeDirection, PledgeMeasure } from '../../src/ledger/events.js';
import { parsePoints, pointsToNumber } from '../../src/ledger/points.js';
import { ReadModelLookups } from '../shared/read-model-lookups.js';
import { carriedInto, mergesKnown, successorOf, type Merge } from '../shared/unit-merges.js';

interface ProgressRow {
  pledge_id: string;
  unit_id: string;
  signatory_kind: 'unit' | 'officer';
  signatory_id: string | null;
  criterion_id: string;
  description: string | null;
  measure: PledgeMeasure | null;
  direction: PledgeDirection | null;
  unit_label: string | null;
  target: string;
  points: string;
  points_percent: string;
  reported: string | null;
  reported_period: string | null;
  reported_evidence: string[] | null;
}

/**
 * Pledge progress (tiến độ thực hiện chỉ tiêu). A target with a measure: the actual is the value of
 * the latest month the unit reported, against the target in the target's own measure (never points
 * divided by a target). A target without one (pledges of before, schema version 1): the unit's raw
 * points on its criterion against the target, as before.
 */
@Injectable()
export class PledgeReads {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lookups: ReadModelLookups,
  ) {}

  async progress(campaignId: string, filter: { clusterId: string | null; unitId: string | null }) {
    await this.lookups.campaignScale(campaignId);
    if (filter.clusterId !== null) await this.lookups.requireCluster(campaignId, filter.clusterId);
    if (filter.unitId !== null) await this.lookups.requireUnit(filter.unitId);

    // docs/domain.md §5, merges: a successor's pledges include those of the units merged into it.
    const merges = await mergesKnown(this.dataSource, null, null);
    const withCarried = (unitIds: readonly string[]) => [...new Set(unitIds.flatMap((id) => [id, ...carriedInto(merges, id)]))];
    const params: unknown[] = [campaignId];
    const where = ['p.campaign_id = $1'];
    if (filter.unitId !== null) where.push(`p.unit_id = ANY($${params.push(withCarried([filter.unitId]))}::text[])`);
    if (filter.clusterId !== null) {
      const members: { unit_id: string }[] = await this.dataSource.query(
        'SELECT unit_id FROM rm_cluster_members WHERE campaign_id = $1 AND cluster_id = $2 AND to_position IS NULL',
        [campaignId, filter.clusterId],
      );
      where.push(`p.unit_id = ANY($${params.push(withCarried(members.map((m) => m.unit_id)))}::text[])`);
    }
    const rows: ProgressRow[] = await this.dataSource.query(
      `SELECT p.pledge_id, p.unit_id, p.signatory_kind, p.signatory_id, p.criterion_id, p.description, p.measure, p.direction, p.unit_label,
         p.target::text AS target, s.points::text AS points, round(s.points / p.target * 100, 2)::text AS points_percent,
         a.value::text AS reported, a.period AS reported_period, a.evidence AS reported_evidence
       FROM rm_pledge_targets p
       CROSS JOIN LATERAL (
         SELECT coalesce(sum(e.delta), 0) AS points FROM rm_score_events e
         WHERE p.measure IS NULL AND e.campaign_id = p.campaign_id AND e.unit_id = p.unit_id AND e.criterion_id = p.criterion_id
           AND e.kind IN ('achievement', 'adjustment')
       ) s
       LEFT JOIN LATERAL (
         SELECT x.value, x.period, x.evidence FROM rm_pledge_actuals x
         WHERE x.campaign_id = p.campaign_id AND x.pledge_id = p.pledge_id AND x.criterion_id = p.criterion_id
         ORDER BY x.period DESC LIMIT 1
       ) a ON true
       WHERE ${where.join(' AND ')}
       ORDER BY p.unit_id, p.pledge_id, p.criterion_id`,
      params,
    );
    const n = (text: string) => pointsToNumber(parsePoints(text));
    return rows.map((row) => {
      const common = {
        pledgeId: row.pledge_id,
        unitId: row.unit_id,
        signatory: { kind: row.signatory_kind, id: row.signatory_id ?? row.unit_id },
        criterionId: row.criterion_id,
        description: row.description,
        measure: row.measure,
        direction: row.direction,
        unit: row.unit_label,
        target: n(row.target),
        ...carriedTo(merges, row.unit_id),
      };
      if (row.measure === null) {
        const actual = n(row.points);
        const percent = Number(row.points_percent);
        return { ...common, basis: 'points' as const, actual, percent, met: actual >= common.target, period: null, evidence: [] as string[] };
      }
      const actual = row.reported === null ? null : parsePoints(row.reported);
      const { met, percent } = measuredProgress({ direction: row.direction }, parsePoints(row.target), actual);
      return {
        ...common,
        basis: 'reported' as const,
        actual: actual === null ? null : pointsToNumber(actual),
        percent: percent === null ? null : pointsToNumber(percent),
        met,
        period: row.reported_period,
        evidence: row.reported_evidence ?? [],
      };
    });
  }
}

/** A pledge whose unit was merged: the successor it carries on under and from when (absent: never merged). */
function carriedTo(merges: ReadonlyMap<string, Merge>, unitId: string) {
  const merge = merges.get(unitId);
  return merge === undefined ? {} : { carriedTo: { unitId: successorOf(merges, unitId), mergedOn: merge.effectiveOn } };
}
