import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { parsePoints, pointsToNumber } from '../../src/ledger/points.js';
import { ReadModelLookups } from '../shared/read-model-lookups.js';

interface ProgressRow {
  pledge_id: string;
  unit_id: string;
  criterion_id: string;
  description: string | null;
  measure: string | null;
  target: string;
  actual: string;
  percent: string;
}

/** Pledge progress (tiến độ thực hiện chỉ tiêu): each target against the unit's raw points on its criterion. */
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

    const params: unknown[] = [campaignId];
    const where = ['p.campaign_id = $1'];
    if (filter.unitId !== null) where.push(`p.unit_id = $${params.push(filter.unitId)}`);
    if (filter.clusterId !== null) {
      where.push(`p.unit_id IN (SELECT m.unit_id FROM rm_cluster_members m
        WHERE m.campaign_id = p.campaign_id AND m.cluster_id = $${params.push(filter.clusterId)} AND m.to_position IS NULL)`);
    }
    const rows: ProgressRow[] = await this.dataSource.query(
      `SELECT p.pledge_id, p.unit_id, p.criterion_id, p.description, p.measure, p.target::text AS target,
         s.actual::text AS actual, round(s.actual / p.target * 100, 2)::text AS percent
       FROM rm_pledge_targets p
       CROSS JOIN LATERAL (
         SELECT coalesce(sum(e.delta), 0) AS actual FROM rm_score_events e
         WHERE e.campaign_id = p.campaign_id AND e.unit_id = p.unit_id AND e.criterion_id = p.criterion_id AND e.kind IN ('achievement', 'adjustment')
       ) s
       WHERE ${where.join(' AND ')}
       ORDER BY p.unit_id, p.pledge_id, p.criterion_id`,
      params,
    );
    return rows.map((row) => ({
      pledgeId: row.pledge_id,
      unitId: row.unit_id,
      criterionId: row.criterion_id,
      description: row.description,
      measure: row.measure,
      target: pointsToNumber(parsePoints(row.target)),
      actual: pointsToNumber(parsePoints(row.actual)),
      percent: Number(row.percent),
    }));
  }
}
