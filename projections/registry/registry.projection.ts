import type { OfficerRegistered, UnitMoved, UnitRegistered } from '../../src/ledger/events.js';
import type { ApplyContext, Projection } from '../runner/projection.js';

type Tables = 'units' | 'unitVersions' | 'officers';

/** Registrations and moves are rare next to scores: applied in order, a statement or two each. */
export const registryProjection: Projection<Tables> = {
  name: 'registry',
  tables: { units: 'rm_units', unitVersions: 'rm_unit_versions', officers: 'rm_officers' },
  handles: new Set(['UnitRegistered', 'UnitMoved', 'OfficerRegistered']),

  async apply(events, { manager, tables }: ApplyContext<Tables>) {
    for (const event of events) {
      if (event.type === 'UnitRegistered') {
        const d = event.data as UnitRegistered['data'];
        await manager.query(`INSERT INTO ${tables.units} (unit_id, name, kind, parent_id, position) VALUES ($1, $2, $3, $4, $5)`, [d.unitId, d.name, d.kind, d.parentId, event.position]);
        await manager.query(
          `INSERT INTO ${tables.unitVersions} (unit_id, position, recorded_at, name, kind, parent_id, effective_on) VALUES ($1, $2, $3, $4, $5, $6, NULL)`,
          [d.unitId, event.position, event.recordedAt.toISOString(), d.name, d.kind, d.parentId],
        );
      } else if (event.type === 'UnitMoved') {
        const d = event.data as UnitMoved['data'];
        await manager.query(`UPDATE ${tables.units} SET parent_id = $2, position = $3 WHERE unit_id = $1`, [d.unitId, d.parentId, event.position]);
        await manager.query(
          `INSERT INTO ${tables.unitVersions} (unit_id, position, recorded_at, name, kind, parent_id, effective_on)
           SELECT unit_id, $2, $3, name, kind, $4, $5 FROM ${tables.units} WHERE unit_id = $1`,
          [d.unitId, event.position, event.recordedAt.toISOString(), d.parentId, d.effectiveOn],
        );
      } else if (event.type === 'OfficerRegistered') {
        const d = event.data as OfficerRegistered['data'];
        await manager.query(`INSERT INTO ${tables.officers} (officer_id, full_name, rank, unit_id, position) VALUES ($1, $2, $3, $4, $5)`, [d.officerId, d.fullName, d.rank, d.unitId, event.position]);
      }
    }
  },
};
