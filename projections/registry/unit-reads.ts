import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../src/ledger/errors.js';
import type { UnitKind } from '../../src/ledger/events.js';
import type { UnitMembers } from '../../src/ledger/registry/unit.decider.js';
import { LATEST_EFFECTIVE, NAMES_UNIT, PLACES_OFFICER, PLACES_UNIT } from './registry.projection.js';

/** A unit on a date as known at a position. */
interface UnitRow {
  unit_id: string;
  name: string;
  kind: UnitKind;
  parent_id: string | null;
  established_on: string | null;
  ended: 'merged' | 'dissolved' | null;
  ended_on: string | null;
  successor_id: string | null;
}

/** `on` absent: every effective date counts (the latest effective state). */
const LATEST_DATE = '9999-12-31';
/** Guards the parent-chain walk and the tree against a (never expected) cycle in the read model. */
const MAX_DEPTH = 64;

const brief = (row: UnitRow) => ({ unitId: row.unit_id, name: row.name, kind: row.kind });
/** Whether the unit has been merged or dissolved by `date`. */
const endedBy = (row: UnitRow, date: string) => row.ended_on !== null && row.ended_on <= date;

/**
 * The registry on two clocks: `position` is the log as recorded then (asOf), `on` the business
 * date. Each attribute of a unit is taken from its version of the latest effective date on or
 * before `on` (the latest recorded among those of one date), among the versions recorded by
 * `position`; a unit retired as registered in error is gone from every read as of its retirement.
 */
@Injectable()
export class UnitReads {
  constructor(private readonly dataSource: DataSource) {}

  /** The units (of these ids) that stand registered on `date` as known at `position`. */
  private async unitsOn(unitIds: string[], date: string, position: number): Promise<Map<string, UnitRow>> {
    if (unitIds.length === 0) return new Map();
    const rows: UnitRow[] = await this.dataSource.query(
      `SELECT u.unit_id, nm.name, nm.kind, pa.parent_id, reg.established_on, en.change AS ended, en.ended_on, en.successor_id
       FROM unnest($1::text[]) AS u(unit_id)
       JOIN LATERAL (
         SELECT effective_on::text AS established_on FROM rm_unit_versions
         WHERE unit_id = u.unit_id AND position <= $2 AND change = 'registered' AND (effective_on IS NULL OR effective_on <= $3::date)
       ) reg ON true
       JOIN LATERAL (
         SELECT name, kind FROM rm_unit_versions
         WHERE unit_id = u.unit_id AND position <= $2 AND change IN ${NAMES_UNIT} AND (effective_on IS NULL OR effective_on <= $3::date)
         ORDER BY ${LATEST_EFFECTIVE} LIMIT 1
       ) nm ON true
       JOIN LATERAL (
         SELECT parent_id FROM rm_unit_versions
         WHERE unit_id = u.unit_id AND position <= $2 AND change IN ${PLACES_UNIT} AND (effective_on IS NULL OR effective_on <= $3::date)
         ORDER BY ${LATEST_EFFECTIVE} LIMIT 1
       ) pa ON true
       LEFT JOIN LATERAL (
         SELECT change, effective_on::text AS ended_on, successor_id FROM rm_unit_versions
         WHERE unit_id = u.unit_id AND position <= $2 AND change IN ('merged', 'dissolved') ORDER BY position LIMIT 1
       ) en ON true
       WHERE NOT EXISTS (SELECT 1 FROM rm_unit_versions r WHERE r.unit_id = u.unit_id AND r.position <= $2 AND r.change = 'retired')`,
      [unitIds, position, date],
    );
    return new Map(rows.map((row) => [row.unit_id, row]));
  }

  /** Direct subunits of each of `parentIds` on `date` (not merged or dissolved by then), by id. */
  private async childrenOf(parentIds: string[], date: string, position: number): Promise<UnitRow[]> {
    const candidates: { unit_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT unit_id FROM rm_unit_versions WHERE parent_id = ANY($1::text[]) AND position <= $2 AND change IN ${PLACES_UNIT}`,
      [parentIds, position],
    );
    const units = await this.unitsOn(
      candidates.map((c) => c.unit_id),
      date,
      position,
    );
    return [...units.values()]
      .filter((u) => u.parent_id !== null && parentIds.includes(u.parent_id) && !endedBy(u, date))
      .sort((a, b) => (a.unit_id < b.unit_id ? -1 : a.unit_id > b.unit_id ? 1 : 0));
  }

  private async self(unitId: string, date: string, position: number): Promise<UnitRow> {
    const self = (await this.unitsOn([unitId], date, position)).get(unitId);
    if (!self) throw new NotFoundError('unit', unitId);
    return self;
  }

  /** A unit with its parent chain (up to the root) and its children, on `on` (null: the latest effective) as known at `position`. */
  async unit(unitId: string, on: string | null, position: number) {
    const date = on ?? LATEST_DATE;
    const self = await this.self(unitId, date, position);
    const chain: UnitRow[] = [];
    for (let parentId = self.parent_id; parentId !== null && chain.length < MAX_DEPTH;) {
      const parent = (await this.unitsOn([parentId], date, position)).get(parentId);
      if (!parent) break;
      chain.push(parent);
      parentId = parent.parent_id;
    }
    const ended = endedBy(self, date);
    return {
      ...brief(self),
      parentId: self.parent_id,
      establishedOn: self.established_on,
      status: ended ? self.ended! : ('active' as const),
      ...(ended ? { endedOn: self.ended_on, successorId: self.successor_id } : {}),
      parentChain: chain.map(brief),
      children: ended ? [] : (await this.childrenOf([unitId], date, position)).map(brief),
    };
  }

  /** The unit and every unit under it on `on` (null: the latest effective), as known at `position`. */
  async tree(unitId: string, on: string | null, position: number) {
    const date = on ?? LATEST_DATE;
    const self = await this.self(unitId, date, position);
    type Node = ReturnType<typeof brief> & { children: Node[] };
    const root: Node = { ...brief(self), children: [] };
    if (endedBy(self, date)) return { ...root, status: self.ended!, endedOn: self.ended_on, successorId: self.successor_id };
    const nodes = new Map<string, Node>([[unitId, root]]);
    let level = [unitId];
    for (let depth = 0; level.length > 0 && depth < MAX_DEPTH; depth++) {
      const children = (await this.childrenOf(level, date, position)).filter((c) => !nodes.has(c.unit_id));
      for (const child of children) {
        const node: Node = { ...brief(child), children: [] };
        nodes.set(child.unit_id, node);
        nodes.get(child.parent_id!)!.children.push(node);
      }
      level = children.map((c) => c.unit_id);
    }
    return { ...root, status: 'active' as const, count: nodes.size };
  }

  /** What the unit was renamed from, what merged or was dissolved into it, where it went, with dates, as known at `position`. */
  async lineage(unitId: string, position: number) {
    const self = await this.self(unitId, LATEST_DATE, position);
    const versions: { change: string; name: string; kind: UnitKind; parent_id: string | null; effective_on: string | null }[] = await this.dataSource.query(
      `SELECT change, name, kind, parent_id, effective_on::text AS effective_on FROM rm_unit_versions
       WHERE unit_id = $1 AND position <= $2 ORDER BY effective_on ASC NULLS FIRST, position ASC`,
      [unitId, position],
    );
    const renames: { effectiveOn: string; fromName: string; fromKind: UnitKind; name: string; kind: UnitKind }[] = [];
    const moves: { effectiveOn: string; parentId: string | null; how: 'moved' | 'carried' }[] = [];
    let naming: { name: string; kind: UnitKind } | null = null;
    for (const v of versions) {
      if (v.change === 'registered' || v.change === 'renamed') {
        if (naming && v.change === 'renamed')
          renames.push({ effectiveOn: v.effective_on!, fromName: naming.name, fromKind: naming.kind, name: v.name, kind: v.kind });
        naming = { name: v.name, kind: v.kind };
      } else if (v.change === 'moved' || v.change === 'carried') moves.push({ effectiveOn: v.effective_on!, parentId: v.parent_id, how: v.change });
    }
    const absorbed: { unit_id: string; change: 'merged' | 'dissolved'; effective_on: string }[] = await this.dataSource.query(
      `SELECT v.unit_id, v.change, v.effective_on::text AS effective_on FROM rm_unit_versions v
       WHERE v.successor_id = $1 AND v.position <= $2 AND v.change IN ('merged', 'dissolved')
         AND NOT EXISTS (SELECT 1 FROM rm_unit_versions r WHERE r.unit_id = v.unit_id AND r.position <= $2 AND r.change = 'retired')
       ORDER BY v.effective_on, v.unit_id`,
      [unitId, position],
    );
    // The absorbed units under the name they had the day before they went.
    const before = new Map<string, UnitRow>();
    for (const a of absorbed) {
      const day = new Date(Date.parse(`${a.effective_on}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      const row = (await this.unitsOn([a.unit_id], day, position)).get(a.unit_id) ?? (await this.unitsOn([a.unit_id], LATEST_DATE, position)).get(a.unit_id);
      if (row) before.set(a.unit_id, row);
    }
    return {
      ...brief(self),
      establishedOn: self.established_on,
      renamedFrom: renames,
      moves,
      mergedFrom: absorbed.map((a) => ({
        unitId: a.unit_id,
        name: before.get(a.unit_id)?.name ?? null,
        kind: before.get(a.unit_id)?.kind ?? null,
        how: a.change,
        effectiveOn: a.effective_on,
      })),
      successor: self.ended ? { how: self.ended, unitId: self.successor_id, effectiveOn: self.ended_on } : null,
    };
  }

  /** An officer on `on` (null: the latest effective) as known at `position`: the unit then, the postings, the retirement. */
  async officer(officerId: string, on: string | null, position: number) {
    const date = on ?? LATEST_DATE;
    const rows: { change: string; unit_id: string; effective_on: string | null; full_name: string | null; rank: string | null }[] = await this.dataSource.query(
      `SELECT change, unit_id, effective_on::text AS effective_on, full_name, rank FROM rm_officer_versions
       WHERE officer_id = $1 AND position <= $2 ORDER BY effective_on ASC NULLS FIRST, position ASC`,
      [officerId, position],
    );
    const registered = rows.find((r) => r.change === 'registered');
    if (!registered || rows.some((r) => r.change === 'retired-in-error')) throw new NotFoundError('officer', officerId);
    const postings = rows.filter((r) => PLACES_OFFICER.includes(`'${r.change}'`));
    const inForce = postings.filter((p) => p.effective_on === null || p.effective_on <= date);
    const unitId = inForce.length > 0 ? inForce[inForce.length - 1].unit_id : null;
    if (unitId === null) throw new NotFoundError('officer', officerId);
    const retiredOn = rows.find((r) => r.change === 'retired')?.effective_on ?? null;
    const unit = (await this.unitsOn([unitId], date, position)).get(unitId);
    return {
      officerId,
      fullName: registered.full_name,
      rank: registered.rank,
      unitId,
      unit: unit ? brief(unit) : null,
      status: retiredOn !== null && retiredOn <= date ? ('retired' as const) : ('serving' as const),
      retiredOn,
      postings: postings.map((p) => ({ unitId: p.unit_id, from: p.effective_on, how: p.change })),
    };
  }

  /** A unit's direct subunits and officers (serving) on `on` (null: the latest effective), as known at `position`. */
  async members(unitId: string, on: string | null, position: number): Promise<UnitMembers> {
    const date = on ?? LATEST_DATE;
    const units = await this.childrenOf([unitId], date, position);
    const officers: { officer_id: string }[] = await this.dataSource.query(
      `SELECT o.officer_id FROM (SELECT DISTINCT officer_id FROM rm_officer_versions WHERE unit_id = $1 AND position <= $2) o
       CROSS JOIN LATERAL (
         SELECT unit_id FROM rm_officer_versions v WHERE v.officer_id = o.officer_id AND v.position <= $2 AND v.change IN ${PLACES_OFFICER}
           AND (v.effective_on IS NULL OR v.effective_on <= $3::date)
         ORDER BY ${LATEST_EFFECTIVE} LIMIT 1
       ) p
       WHERE p.unit_id = $1
         AND NOT EXISTS (SELECT 1 FROM rm_officer_versions r WHERE r.officer_id = o.officer_id AND r.position <= $2
           AND (r.change = 'retired-in-error' OR (r.change = 'retired' AND r.effective_on <= $3::date)))
       ORDER BY o.officer_id`,
      [unitId, position, date],
    );
    return { units: units.map((u) => ({ unitId: u.unit_id, kind: u.kind })), officerIds: officers.map((o) => o.officer_id) };
  }
}
