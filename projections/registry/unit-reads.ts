import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../src/ledger/errors.js';

interface UnitRow {
  unit_id: string;
  name: string;
  kind: string;
  parent_id: string | null;
}

/** Guards the parent-chain walk against a (never expected) cycle in the read model. */
const MAX_DEPTH = 64;

/**
 * A unit with its parent chain and children as the tree stood at a log position: every unit is
 * taken at its latest version (rm_unit_versions) with position <= the read position.
 */
@Injectable()
export class UnitReads {
  constructor(private readonly dataSource: DataSource) {}

  async unit(unitId: string, position: number) {
    const chain: (UnitRow & { depth: number })[] = await this.dataSource.query(
      `WITH RECURSIVE chain AS (
         SELECT v.unit_id, v.name, v.kind, v.parent_id, 0 AS depth
         FROM (SELECT unit_id, name, kind, parent_id FROM rm_unit_versions WHERE unit_id = $1 AND position <= $2 ORDER BY position DESC LIMIT 1) v
         UNION ALL
         SELECT v.unit_id, v.name, v.kind, v.parent_id, c.depth + 1
         FROM chain c CROSS JOIN LATERAL (
           SELECT unit_id, name, kind, parent_id FROM rm_unit_versions WHERE unit_id = c.parent_id AND position <= $2 ORDER BY position DESC LIMIT 1
         ) v
         WHERE c.depth < ${MAX_DEPTH}
       )
       SELECT unit_id, name, kind, parent_id, depth FROM chain ORDER BY depth`,
      [unitId, position],
    );
    const [self, ...ancestors] = chain;
    if (!self) throw new NotFoundError('unit', unitId);
    const children: UnitRow[] = await this.dataSource.query(
      `SELECT v.unit_id, v.name, v.kind
       FROM (SELECT DISTINCT unit_id FROM rm_unit_versions WHERE parent_id = $1 AND position <= $2) candidate
       CROSS JOIN LATERAL (
         SELECT unit_id, name, kind, parent_id FROM rm_unit_versions WHERE unit_id = candidate.unit_id AND position <= $2 ORDER BY position DESC LIMIT 1
       ) v
       WHERE v.parent_id = $1
       ORDER BY v.unit_id`,
      [unitId, position],
    );
    const brief = (row: UnitRow) => ({ unitId: row.unit_id, name: row.name, kind: row.kind });
    return { ...brief(self), parentId: self.parent_id, parentChain: ancestors.map(brief), children: children.map(brief) };
  }
}
