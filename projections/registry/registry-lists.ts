import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../src/ledger/errors.js';
import type { UnitKind } from '../../src/ledger/events.js';
import { UNIT_KIND_LABELS } from '../../src/ledger/labels.js';
import { pageOf, type Page, type Paging } from '../shared/paging.js';
import { containsPattern, searchTerms } from '../shared/search-text.js';
import { LATEST_EFFECTIVE, NAMES_UNIT, PLACES_OFFICER, PLACES_UNIT } from './registry.projection.js';

/** `on` absent: every effective date counts (the latest effective state), as in unit-reads.ts. */
const LATEST_DATE = '9999-12-31';

export interface UnitFilter {
  /** Folded words every name must contain (search-text.ts); empty: no search. */
  q: string | null;
  parentId: string | null;
  kind: UnitKind | null;
  /** Also the units merged or dissolved by the date (default: only those standing). */
  includeEnded: boolean;
}

export interface OfficerFilter {
  q: string | null;
  unitId: string | null;
  /** Also the officers retired by the date (default: only those serving). */
  includeRetired: boolean;
}

interface UnitListRow {
  unit_id: string;
  name: string;
  kind: UnitKind;
  parent_id: string | null;
  established_on: string | null;
  ended: 'merged' | 'dissolved' | null;
  ended_on: string | null;
  successor_id: string | null;
}

interface OfficerListRow {
  officer_id: string;
  full_name: string;
  rank: string | null;
  unit_id: string;
  retired_on: string | null;
}

/** SQL parameters numbered as they are pushed. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    return `$${this.values.push(value)}`;
  }
}

/** `column` contains every term (folded names; LIKE with backslash escapes). */
const containsAll = (column: string, terms: string[], params: Params) => terms.map((t) => `${column} LIKE ${params.add(containsPattern(t))} ESCAPE '\\'`);

/**
 * The registry's browse lists (issue 14): units and officers on a business date (`on`) as recorded
 * by a position (`asOf`), with the same two-clock rule as unit-reads.ts (each attribute from the
 * version of the latest effective date on or before `on`, among those recorded by the position),
 * searched by name without tone marks, paged by id.
 */
@Injectable()
export class RegistryLists {
  constructor(private readonly dataSource: DataSource) {}

  /** 404 naming `field` unless the unit was registered by `position` and not retired as registered in error. */
  async requireUnit(unitId: string, position: number, field: string): Promise<void> {
    const [known] = await this.dataSource.query(
      `SELECT 1 FROM rm_unit_versions WHERE unit_id = $1 AND position <= $2
         AND NOT EXISTS (SELECT 1 FROM rm_unit_versions r WHERE r.unit_id = $1 AND r.position <= $2 AND r.change = 'retired') LIMIT 1`,
      [unitId, position],
    );
    if (!known) throw new NotFoundError('unit', unitId, field);
  }

  async units(filter: UnitFilter, on: string | null, position: number, paging: Paging): Promise<Page<ReturnType<typeof unitItem>>> {
    const date = on ?? LATEST_DATE;
    if (filter.parentId !== null) await this.requireUnit(filter.parentId, position, 'parentId');
    const params = new Params();
    const at = params.add(position);
    const day = `${params.add(date)}::date`;
    const inForce = `position <= ${at} AND (effective_on IS NULL OR effective_on <= ${day})`;
    // Each unit has one registered version: the list's rows, by id, without a DISTINCT over every version.
    const where: string[] = [];
    if (paging.after !== null) where.push(`u.unit_id > ${params.add(paging.after[0])}`);
    if (filter.parentId !== null) {
      const parent = params.add(filter.parentId);
      where.push(`u.unit_id IN (SELECT unit_id FROM rm_unit_versions WHERE parent_id = ${parent} AND position <= ${at} AND change IN ${PLACES_UNIT})`);
      where.push(`pa.parent_id = ${parent}`);
    }
    const terms = searchTerms(filter.q ?? '');
    if (terms.length > 0) {
      // Any name it ever had makes a unit a candidate; the name it has on the date must match.
      where.push(`u.unit_id IN (SELECT unit_id FROM rm_unit_versions WHERE position <= ${at} AND ${containsAll('search_name', terms, params).join(' AND ')})`);
      where.push(...containsAll('nm.search_name', terms, params));
    }
    if (filter.kind !== null) where.push(`nm.kind = ${params.add(filter.kind)}`);
    if (!filter.includeEnded) where.push(`NOT (en.ended_on IS NOT NULL AND en.ended_on <= ${day})`);
    const rows: UnitListRow[] = await this.dataSource.query(
      `SELECT u.unit_id, nm.name, nm.kind, pa.parent_id, u.effective_on::text AS established_on, en.change AS ended, en.ended_on::text AS ended_on, en.successor_id
       FROM rm_unit_versions u
       JOIN LATERAL (
         SELECT name, kind, search_name FROM rm_unit_versions WHERE unit_id = u.unit_id AND change IN ${NAMES_UNIT} AND ${inForce}
         ORDER BY ${LATEST_EFFECTIVE} LIMIT 1
       ) nm ON true
       JOIN LATERAL (
         SELECT parent_id FROM rm_unit_versions WHERE unit_id = u.unit_id AND change IN ${PLACES_UNIT} AND ${inForce}
         ORDER BY ${LATEST_EFFECTIVE} LIMIT 1
       ) pa ON true
       LEFT JOIN LATERAL (
         SELECT change, effective_on AS ended_on, successor_id FROM rm_unit_versions
         WHERE unit_id = u.unit_id AND position <= ${at} AND change IN ('merged', 'dissolved') ORDER BY position LIMIT 1
       ) en ON true
       WHERE u.change = 'registered' AND u.position <= ${at} AND (u.effective_on IS NULL OR u.effective_on <= ${day})
         AND NOT EXISTS (SELECT 1 FROM rm_unit_versions r WHERE r.unit_id = u.unit_id AND r.position <= ${at} AND r.change = 'retired')
         ${where.map((w) => `AND ${w}`).join(' ')}
       ORDER BY u.unit_id LIMIT ${params.add(paging.limit + 1)}`,
      params.values,
    );
    const parents = await this.unitNames(
      rows.flatMap((r) => (r.parent_id === null ? [] : [r.parent_id])),
      on,
      position,
    );
    return pageOf(
      rows,
      paging,
      (row) => [row.unit_id],
      (row) => unitItem(row, date, parents),
    );
  }

  async officers(filter: OfficerFilter, on: string | null, position: number, paging: Paging): Promise<Page<ReturnType<typeof officerItem>>> {
    const date = on ?? LATEST_DATE;
    if (filter.unitId !== null) await this.requireUnit(filter.unitId, position, 'unitId');
    const params = new Params();
    const at = params.add(position);
    const day = `${params.add(date)}::date`;
    // Each officer has one registered version (its name and rank): the list's rows, by id.
    const where: string[] = [];
    if (paging.after !== null) where.push(`o.officer_id > ${params.add(paging.after[0])}`);
    if (filter.unitId !== null) {
      const unit = params.add(filter.unitId);
      where.push(`o.officer_id IN (SELECT officer_id FROM rm_officer_versions WHERE unit_id = ${unit} AND position <= ${at})`);
      where.push(`p.unit_id = ${unit}`);
    }
    where.push(...containsAll('o.search_name', searchTerms(filter.q ?? ''), params));
    if (!filter.includeRetired) where.push(`NOT (ret.retired_on IS NOT NULL AND ret.retired_on <= ${day})`);
    const rows: OfficerListRow[] = await this.dataSource.query(
      `SELECT o.officer_id, o.full_name, o.rank, p.unit_id, ret.retired_on::text AS retired_on
       FROM rm_officer_versions o
       JOIN LATERAL (
         SELECT unit_id FROM rm_officer_versions WHERE officer_id = o.officer_id AND position <= ${at} AND change IN ${PLACES_OFFICER}
           AND (effective_on IS NULL OR effective_on <= ${day})
         ORDER BY ${LATEST_EFFECTIVE} LIMIT 1
       ) p ON true
       LEFT JOIN LATERAL (
         SELECT effective_on AS retired_on FROM rm_officer_versions WHERE officer_id = o.officer_id AND position <= ${at} AND change = 'retired'
         ORDER BY position DESC LIMIT 1
       ) ret ON true
       WHERE o.change = 'registered' AND o.position <= ${at}
         AND NOT EXISTS (SELECT 1 FROM rm_officer_versions r WHERE r.officer_id = o.officer_id AND r.position <= ${at} AND r.change = 'retired-in-error')
         ${where.map((w) => `AND ${w}`).join(' ')}
       ORDER BY o.officer_id LIMIT ${params.add(paging.limit + 1)}`,
      params.values,
    );
    const units = await this.unitNames(
      rows.map((r) => r.unit_id),
      on,
      position,
    );
    return pageOf(
      rows,
      paging,
      (row) => [row.officer_id],
      (row) => officerItem(row, date, units),
    );
  }

  /**
   * Units' names on `on` (null: the latest effective) as recorded by `position`; a unit not yet
   * established then is named by its latest name, one never registered by then is left out.
   */
  async unitNames(unitIds: readonly string[], on: string | null, position: number): Promise<Map<string, string>> {
    const ids = [...new Set(unitIds)];
    if (ids.length === 0) return new Map();
    const rows: { unit_id: string; name: string }[] = await this.dataSource.query(
      `SELECT u.unit_id, nm.name FROM unnest($1::text[]) AS u(unit_id)
       JOIN LATERAL (
         SELECT name FROM rm_unit_versions WHERE unit_id = u.unit_id AND position <= $2 AND change IN ${NAMES_UNIT}
         ORDER BY (effective_on IS NULL OR effective_on <= $3::date) DESC, ${LATEST_EFFECTIVE} LIMIT 1
       ) nm ON true`,
      [ids, position, on ?? LATEST_DATE],
    );
    return new Map(rows.map((r) => [r.unit_id, r.name]));
  }

  /** Officers' full names as registered by `position`. */
  async officerNames(officerIds: readonly string[], position: number): Promise<Map<string, string>> {
    const ids = [...new Set(officerIds)];
    if (ids.length === 0) return new Map();
    const rows: { officer_id: string; full_name: string }[] = await this.dataSource.query(
      `SELECT officer_id, full_name FROM rm_officer_versions WHERE officer_id = ANY($1::text[]) AND change = 'registered' AND position <= $2`,
      [ids, position],
    );
    return new Map(rows.map((r) => [r.officer_id, r.full_name]));
  }
}

function unitItem(row: UnitListRow, date: string, names: ReadonlyMap<string, string>) {
  const ended = row.ended_on !== null && row.ended_on <= date;
  return {
    unitId: row.unit_id,
    name: row.name,
    kind: row.kind,
    kindLabel: UNIT_KIND_LABELS[row.kind] ?? row.kind,
    parentId: row.parent_id,
    parentName: row.parent_id === null ? null : (names.get(row.parent_id) ?? null),
    establishedOn: row.established_on,
    status: ended ? row.ended! : ('active' as const),
    endedOn: ended ? row.ended_on : null,
    successorId: ended ? row.successor_id : null,
  };
}

function officerItem(row: OfficerListRow, date: string, units: ReadonlyMap<string, string>) {
  return {
    officerId: row.officer_id,
    fullName: row.full_name,
    rank: row.rank,
    unitId: row.unit_id,
    unitName: units.get(row.unit_id) ?? null,
    status: row.retired_on !== null && row.retired_on <= date ? ('retired' as const) : ('serving' as const),
    retiredOn: row.retired_on,
  };
}
