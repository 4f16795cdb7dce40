import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { parseScale, type ParsedScale } from '../../src/ledger/campaigns/campaign.decider.js';
import { NotFoundError } from '../../src/ledger/errors.js';
import type { Scale } from '../../src/ledger/events.js';
import { LruCache } from '../../src/lru-cache.js';

/** Existence checks of the read side: a path naming what the read models do not hold is a 404. */
@Injectable()
export class ReadModelLookups {
  /** A campaign's scale is fixed when it is launched: once read, it is kept. */
  private readonly scales = new LruCache<string, ParsedScale>(1024);

  constructor(private readonly dataSource: DataSource) {}

  /** The campaign's scale (which also proves the campaign exists). */
  async campaignScale(campaignId: string): Promise<ParsedScale> {
    const known = this.scales.get(campaignId);
    if (known) return known;
    const [row]: { scale: Scale }[] = await this.dataSource.query('SELECT scale FROM rm_campaigns WHERE campaign_id = $1', [campaignId]);
    if (!row) throw new NotFoundError('campaign', campaignId);
    const scale = parseScale(row.scale);
    this.scales.set(campaignId, scale);
    return scale;
  }

  requireUnit(unitId: string): Promise<void> {
    return this.require('SELECT 1 FROM rm_units WHERE unit_id = $1', [unitId], 'unit', unitId);
  }

  requirePhase(campaignId: string, phaseId: string): Promise<void> {
    return this.require('SELECT 1 FROM rm_phases WHERE campaign_id = $1 AND phase_id = $2', [campaignId, phaseId], 'phase', phaseId);
  }

  /** The cluster as formed at or before `position` (any time when omitted). */
  requireCluster(campaignId: string, clusterId: string, position = Number.MAX_SAFE_INTEGER): Promise<void> {
    return this.require(
      'SELECT 1 FROM rm_clusters WHERE campaign_id = $1 AND cluster_id = $2 AND position <= $3',
      [campaignId, clusterId, position],
      'cluster',
      clusterId,
    );
  }

  private async require(sql: string, params: unknown[], resource: string, id: string): Promise<void> {
    const [row] = await this.dataSource.query(sql, params);
    if (!row) throw new NotFoundError(resource, id);
  }
}
