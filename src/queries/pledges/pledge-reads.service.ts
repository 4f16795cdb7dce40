import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../ledger/errors.js';
import { parsePoints, pointsToNumber } from '../../ledger/points.js';

interface ProgressRow {
  pledge_id: string; unit_id: string; criterion_id: string; description: string | null; measure: string | null;
  target: string; actual: string; percent: string;
}

/** Pledge progress (tiến độ thực hiện chỉ tiêu): each target against the unit's raw points on its criterion. */
@Injectable()
export class PledgeReads {
  constructor(private readonly dataSource: DataSource) {}

  async progress(campaignId: string, filter: { clusterId: string | null; unitId: string | null }) {
    await this.require('SELECT 1 FROM rm_campaigns WHERE campaign_id = $1', [campaignId], 'campaign', campaignId);
    if (filter.clusterId !== null) {
      await this.require('SELECT 1 FROM rm_clusters WHERE campaign_id = $1 AND cluster_id = $2', [campaignId, filter.clusterId], 'cluster', filter.clusterId);
    }
    if (filter.unitId !== null) await this.require('SELECT 1 FROM rm_units WHERE unit_id = $1', [filter.unitId], 'unit', filter.unitId);

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

  private async require(sql: string, params: unknown[], resource: string, id: string): Promise<void> {
    const [row] = await this.dataSource.query(sql, params);
    if (!row) throw new NotFoundError(resource, id);
  }
}
