import type { EntityManager } from 'typeorm';
import type { ApplyContext, Projection } from '../runner/projection.js';
import { PendingInserts } from '../shared/insert-rows.js';
import { searchText } from '../shared/search-text.js';

type Tables = 'units' | 'unitVersions' | 'officers' | 'officerVersions';

/** Version rows that place a unit (its parent), name it, or place an officer: the latest effective date wins, then the latest recorded. */
export const PLACES_UNIT = `('registered', 'moved', 'carried')`;
export const NAMES_UNIT = `('registered', 'renamed')`;
export const PLACES_OFFICER = `('registered', 'transferred', 'carried')`;
export const LATEST_EFFECTIVE = 'effective_on DESC NULLS LAST, position DESC';

/**
 * rm_units and rm_officers hold each unit and officer as of the latest effective date (the
 * current reads of other read models join them); rm_unit_versions and rm_officer_versions hold
 * every dated change, for reads on a date as known at a position. Registrations are inserted a
 * statement per table and batch; any other event flushes them first (it reads what they wrote).
 */
export const registryProjection: Projection<Tables> = {
  name: 'registry',
  tables: { units: 'rm_units', unitVersions: 'rm_unit_versions', officers: 'rm_officers', officerVersions: 'rm_officer_versions' },
  handles: new Set([
    'UnitRegistered',
    'UnitMoved',
    'UnitRenamed',
    'UnitMerged',
    'UnitDissolved',
    'UnitRetired',
    'OfficerRegistered',
    'OfficerTransferred',
    'OfficerRetired',
  ]),

  async apply(events, { manager, tables }: ApplyContext<Tables>) {
    const inserts = new PendingInserts();
    const { units, unitVersions, officers, officerVersions } = tables;
    /**
     * A version of each unit, its name, kind and parent copied from rm_units unless given. Reads
     * take a name only from registered and renamed versions, a parent only from placing ones, so a
     * version written before the unit's own row (units carried by a merge, applied by a Kafka
     * worker ahead of another partition) reads the same.
     */
    const unitVersion = (
      unitIds: string[],
      position: number,
      recordedAt: Date,
      change: string,
      set: { effectiveOn: string | null; parentId?: string; successorId?: string | null; name?: string; kind?: string },
    ) =>
      manager.query(
        `INSERT INTO ${unitVersions} (unit_id, position, recorded_at, name, kind, parent_id, effective_on, change, successor_id, search_name)
         SELECT m.unit_id, $2, $3, coalesce($4, u.name, ''), coalesce($5, u.kind, ''), CASE WHEN $6::boolean THEN $7 ELSE u.parent_id END, $8::date, $9, $10, $11
         FROM unnest($1::text[]) AS m(unit_id) LEFT JOIN ${units} u ON u.unit_id = m.unit_id`,
        [
          unitIds,
          position,
          recordedAt.toISOString(),
          set.name ?? null,
          set.kind ?? null,
          set.parentId !== undefined,
          set.parentId ?? null,
          set.effectiveOn,
          change,
          set.successorId ?? null,
          // Only a version that names the unit is searched by name (the reads take names from those alone).
          set.name === undefined ? null : searchText(set.name),
        ],
      );
    const officerVersion = (
      officerIds: string[],
      position: number,
      change: string,
      unitId: string | null,
      effectiveOn: string | null,
      note: string | null = null,
    ) =>
      manager.query(
        `INSERT INTO ${officerVersions} (officer_id, position, change, unit_id, effective_on, note)
         SELECT m.officer_id, $2, $3, coalesce($4, o.unit_id, ''), $5::date, $6
         FROM unnest($1::text[]) AS m(officer_id) LEFT JOIN ${officers} o ON o.officer_id = m.officer_id`,
        [officerIds, position, change, unitId, effectiveOn, note],
      );
    for (const event of events) {
      const at = event.position;
      if (event.type === 'UnitRegistered') {
        const d = event.data;
        inserts.add(units, { unit_id: d.unitId, name: d.name, kind: d.kind, parent_id: d.parentId, position: at });
        inserts.add(unitVersions, {
          unit_id: d.unitId,
          position: at,
          recorded_at: event.recordedAt.toISOString(),
          name: d.name,
          kind: d.kind,
          parent_id: d.parentId,
          effective_on: d.establishedOn ?? null,
          change: 'registered',
          successor_id: null,
          search_name: searchText(d.name),
        });
        continue;
      }
      if (event.type === 'OfficerRegistered') {
        const d = event.data;
        inserts.add(officers, { officer_id: d.officerId, full_name: d.fullName, rank: d.rank, unit_id: d.unitId, position: at, retired_on: null });
        inserts.add(officerVersions, {
          officer_id: d.officerId,
          position: at,
          change: 'registered',
          unit_id: d.unitId,
          effective_on: null,
          full_name: d.fullName,
          rank: d.rank,
          note: null,
          search_name: searchText(d.fullName),
        });
        continue;
      }
      await inserts.flush(manager);
      switch (event.type) {
        case 'UnitMoved': {
          const d = event.data;
          await unitVersion([d.unitId], at, event.recordedAt, 'moved', { effectiveOn: d.effectiveOn, parentId: d.parentId });
          await currentUnits(manager, tables, [d.unitId], at);
          break;
        }
        case 'UnitRenamed': {
          const d = event.data;
          await unitVersion([d.unitId], at, event.recordedAt, 'renamed', { effectiveOn: d.effectiveOn, name: d.name, kind: d.kind });
          await currentUnits(manager, tables, [d.unitId], at);
          break;
        }
        case 'UnitMerged':
        case 'UnitDissolved': {
          const d = event.data;
          const change = event.type === 'UnitMerged' ? 'merged' : 'dissolved';
          await unitVersion([d.unitId], at, event.recordedAt, change, { effectiveOn: d.effectiveOn, successorId: d.successorId });
          if (d.successorId !== null) {
            await unitVersion(d.movedUnitIds, at, event.recordedAt, 'carried', { effectiveOn: d.effectiveOn, parentId: d.successorId });
            await currentUnits(manager, tables, d.movedUnitIds, at);
            await officerVersion(d.movedOfficerIds, at, 'carried', d.successorId, d.effectiveOn);
            await currentOfficers(manager, tables, d.movedOfficerIds);
          }
          break;
        }
        case 'UnitRetired': {
          const d = event.data;
          await unitVersion([d.unitId], at, event.recordedAt, 'retired', { effectiveOn: null });
          await manager.query(`DELETE FROM ${units} WHERE unit_id = $1`, [d.unitId]);
          break;
        }
        case 'OfficerTransferred': {
          const d = event.data;
          await officerVersion([d.officerId], at, 'transferred', d.unitId, d.effectiveOn);
          await currentOfficers(manager, tables, [d.officerId]);
          break;
        }
        case 'OfficerRetired': {
          const d = event.data;
          const inError = d.reason === 'registered-in-error';
          await officerVersion([d.officerId], at, inError ? 'retired-in-error' : 'retired', null, d.retiredOn, d.note);
          if (inError) await manager.query(`DELETE FROM ${officers} WHERE officer_id = $1`, [d.officerId]);
          else await manager.query(`UPDATE ${officers} SET retired_on = $2::date WHERE officer_id = $1`, [d.officerId, d.retiredOn]);
          break;
        }
      }
    }
    await inserts.flush(manager);
  },
};

/** rm_units: name, kind and parent of the latest effective date. */
async function currentUnits(manager: EntityManager, tables: ApplyContext<Tables>['tables'], unitIds: string[], position: number): Promise<void> {
  if (unitIds.length === 0) return;
  await manager.query(
    `UPDATE ${tables.units} u SET position = $2,
       parent_id = (SELECT parent_id FROM ${tables.unitVersions} v WHERE v.unit_id = u.unit_id AND v.change IN ${PLACES_UNIT} ORDER BY ${LATEST_EFFECTIVE} LIMIT 1),
       name = (SELECT name FROM ${tables.unitVersions} v WHERE v.unit_id = u.unit_id AND v.change IN ${NAMES_UNIT} ORDER BY ${LATEST_EFFECTIVE} LIMIT 1),
       kind = (SELECT kind FROM ${tables.unitVersions} v WHERE v.unit_id = u.unit_id AND v.change IN ${NAMES_UNIT} ORDER BY ${LATEST_EFFECTIVE} LIMIT 1)
     WHERE u.unit_id = ANY($1::text[])`,
    [unitIds, position],
  );
}

/** rm_officers: the unit of the latest effective date. */
async function currentOfficers(manager: EntityManager, tables: ApplyContext<Tables>['tables'], officerIds: string[]): Promise<void> {
  if (officerIds.length === 0) return;
  await manager.query(
    `UPDATE ${tables.officers} o SET
       unit_id = (SELECT unit_id FROM ${tables.officerVersions} v WHERE v.officer_id = o.officer_id AND v.change IN ${PLACES_OFFICER} ORDER BY ${LATEST_EFFECTIVE} LIMIT 1)
     WHERE o.officer_id = ANY($1::text[])`,
    [officerIds],
  );
}
