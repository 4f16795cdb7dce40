import type { MigrationInterface, QueryRunner } from 'typeorm';
import { searchText } from '../../shared/search-text.js';

/**
 * Names searchable without tone marks (issue 14, the browse lists): `search_name` holds the folded
 * name (search-text.ts) of the unit versions that name a unit (registered, renamed) and of the
 * officer versions that name an officer (registered). The projector writes it from now on; rows
 * already there get it here, folded by the same function (PostgreSQL's unaccent is not available on
 * the embedded store, so the fold cannot be SQL).
 */
export class SearchNames1764000001400 implements MigrationInterface {
  name = 'SearchNames1764000001400';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE rm_unit_versions ADD COLUMN IF NOT EXISTS search_name text');
    await q.query('ALTER TABLE rm_officer_versions ADD COLUMN IF NOT EXISTS search_name text');
    /** `naming`: the condition (on `t`) of the rows that carry a name. */
    const fill = async (table: string, column: string, naming: string) => {
      const rows: { name: string }[] = await q.query(`SELECT DISTINCT t.${column} AS name FROM ${table} t WHERE ${naming} AND t.${column} IS NOT NULL`);
      if (rows.length === 0) return;
      await q.query(
        `UPDATE ${table} t SET search_name = f.folded FROM unnest($1::text[], $2::text[]) AS f(name, folded) WHERE t.${column} = f.name AND ${naming}`,
        [rows.map((r) => r.name), rows.map((r) => searchText(r.name))],
      );
    };
    await fill('rm_unit_versions', 'name', `t.change IN ('registered', 'renamed')`);
    await fill('rm_officer_versions', 'full_name', `t.change = 'registered'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE rm_unit_versions DROP COLUMN IF EXISTS search_name');
    await q.query('ALTER TABLE rm_officer_versions DROP COLUMN IF EXISTS search_name');
  }
}
