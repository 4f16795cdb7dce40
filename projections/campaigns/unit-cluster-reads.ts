import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A unit as ranked: itself or a successor it was merged or dissolved into, and a cluster holding that one. */
export interface RankedAs {
  /** The unit asked about. */
  unitId: string;
  /** The unit itself, or a successor (directly or through several merges) whose rows carry its points. */
  rankedUnitId: string;
  /** A cluster that holds or held `rankedUnitId`, at any date (null: none). */
  campaignId: string | null;
  clusterId: string | null;
}

/**
 * Where units are ranked, for the live stream: every cluster that holds or ever held each unit or
 * one of its successors (a successor's rows count a merged unit's entries: docs/domain.md §5, "after
 * a merge"). At any business date, since a ranking may be read for any: a refresh too many is
 * harmless, a missed one is not.
 */
@Injectable()
export class UnitClusterReads {
  constructor(private readonly dataSource: DataSource) {}

  async rankedAs(unitIds: readonly string[]): Promise<RankedAs[]> {
    if (unitIds.length === 0) return [];
    const rows: { unit_id: string; ranked_unit_id: string; campaign_id: string | null; cluster_id: string | null }[] = await this.dataSource.query(
      `WITH RECURSIVE heirs (unit_id, ranked_unit_id) AS (
         SELECT u, u FROM unnest($1::text[]) AS u
         UNION
         SELECT h.unit_id, v.successor_id FROM heirs h JOIN rm_unit_versions v ON v.unit_id = h.ranked_unit_id WHERE v.successor_id IS NOT NULL
       )
       SELECT DISTINCT h.unit_id, h.ranked_unit_id, m.campaign_id, m.cluster_id
       FROM heirs h LEFT JOIN rm_cluster_members m ON m.unit_id = h.ranked_unit_id
       ORDER BY h.unit_id, h.ranked_unit_id, m.campaign_id, m.cluster_id`,
      [[...new Set(unitIds)]],
    );
    return rows.map((r) => ({ unitId: r.unit_id, rankedUnitId: r.ranked_unit_id, campaignId: r.campaign_id, clusterId: r.cluster_id }));
  }
}
