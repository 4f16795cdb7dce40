import type { ApplyContext, Projection } from '../runner/projection.js';
import { PendingInserts } from '../shared/insert-rows.js';

type Tables = 'units' | 'unitVersions' | 'officers';

/** Registrations are inserted a statement per table and batch; a move flushes them first (it updates a registered unit). */
export const registryProjection: Projection<Tables> = {
  name: 'registry',
  tables: { units: 'rm_units', unitVersions: 'rm_unit_versions', officers: 'rm_officers' },
  handles: new Set(['UnitRegistered', 'UnitMoved', 'OfficerRegistered']),

  async apply(events, { manager, tables }: ApplyContext<Tables>) {
    const inserts = new PendingInserts();
    for (const event of events) {
      if (event.type === 'UnitRegistered') {
        const d = event.data;
        inserts.add(tables.units, { unit_id: d.unitId, name: d.name, kind: d.kind, parent_id: d.parentId, position: event.position });
        inserts.add(tables.unitVersions, {
          unit_id: d.unitId,
          position: event.position,
          recorded_at: event.recordedAt.toISOString(),
          name: d.name,
          kind: d.kind,
          parent_id: d.parentId,
          effective_on: null,
        });
      } else if (event.type === 'UnitMoved') {
        const d = event.data;
        await inserts.flush(manager);
        await manager.query(`UPDATE ${tables.units} SET parent_id = $2, position = $3 WHERE unit_id = $1`, [d.unitId, d.parentId, event.position]);
        await manager.query(
          `INSERT INTO ${tables.unitVersions} (unit_id, position, recorded_at, name, kind, parent_id, effective_on)
           SELECT unit_id, $2, $3, name, kind, $4, $5 FROM ${tables.units} WHERE unit_id = $1`,
          [d.unitId, event.position, event.recordedAt.toISOString(), d.parentId, d.effectiveOn],
        );
      } else if (event.type === 'OfficerRegistered') {
        const d = event.data;
        inserts.add(tables.officers, { officer_id: d.officerId, full_name: d.fullName, rank: d.rank, unit_id: d.unitId, position: event.position });
      }
    }
    await inserts.flush(manager);
  },
};
