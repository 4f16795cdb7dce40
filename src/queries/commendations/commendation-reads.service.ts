import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../ledger/errors.js';
import { AUTHORITIES, COMMENDATION_FORMS, RECIPIENT_KINDS, type Authority, type CommendationForm, type RecipientKind } from '../../ledger/events.js';
import { AUTHORITY_LABELS, COMMENDATION_FORM_LABELS, RECIPIENT_KIND_LABELS } from '../../ledger/labels.js';
import type { RegisterGroupKey } from './commendations.dto.js';

export interface RegisterFilter {
  unitId: string | null;
  includeSubunits: boolean;
  year: number | null;
  groupBy: RegisterGroupKey[];
  includeRevoked: boolean;
}

/** Each group key: its column and the order its values are listed in (the order of the law's lists). */
const GROUPS: Record<RegisterGroupKey, { column: string; order: readonly string[] }> = {
  form: { column: 'form', order: COMMENDATION_FORMS },
  authority: { column: 'authority', order: AUTHORITIES },
  recipientKind: { column: 'recipient_kind', order: RECIPIENT_KINDS },
};

/** The commendation register (sổ khen thưởng): counts and bonus money by form, authority, recipient kind. */
@Injectable()
export class CommendationReads {
  constructor(private readonly dataSource: DataSource) {}

  async register(filter: RegisterFilter) {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where: string[] = [];
    let scope = '';
    if (filter.unitId !== null) {
      const [unit] = await this.dataSource.query('SELECT 1 FROM rm_units WHERE unit_id = $1', [filter.unitId]);
      if (!unit) throw new NotFoundError('unit', filter.unitId);
      const root = param(filter.unitId);
      scope = filter.includeSubunits
        ? `WITH RECURSIVE scope(unit_id) AS (
             SELECT ${root}::text
             UNION
             SELECT u.unit_id FROM rm_units u JOIN scope s ON u.parent_id = s.unit_id
           )`
        : `WITH scope(unit_id) AS (SELECT ${root}::text)`;
      where.push(`((c.recipient_kind = 'collective' AND c.recipient_id IN (SELECT unit_id FROM scope))
        OR (c.recipient_kind = 'individual' AND EXISTS (SELECT 1 FROM rm_officers o WHERE o.officer_id = c.recipient_id AND o.unit_id IN (SELECT unit_id FROM scope))))`);
    }
    if (filter.year !== null) where.push(`c.year = ${param(filter.year)}`);
    if (!filter.includeRevoked) where.push(`c.status = 'active'`);

    const keys = filter.groupBy;
    const select = keys.map((k) => `c.${GROUPS[k].column} AS "${k}"`);
    const order = keys.map((k) => `array_position(${param(GROUPS[k].order)}::text[], c.${GROUPS[k].column}), c.${GROUPS[k].column}`);
    const rows: Record<string, string>[] = await this.dataSource.query(
      `${scope}
       SELECT ${[...select, 'count(*)::text AS count', 'coalesce(sum(c.amount_vnd), 0)::text AS amount_vnd'].join(', ')}
       FROM rm_commendations c
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ${keys.length > 0 ? `GROUP BY ${keys.map((k) => `c.${GROUPS[k].column}`).join(', ')} ORDER BY ${order.join(', ')}` : ''}`,
      params,
    );
    const out = rows
      .filter((row) => keys.length > 0 || Number(row.count) > 0)
      .map((row) => ({ ...groupKeys(keys, row), count: Number(row.count), amountVnd: Number(row.amount_vnd) }));
    return {
      rows: out,
      total: { count: out.reduce((sum, r) => sum + r.count, 0), amountVnd: out.reduce((sum, r) => sum + r.amountVnd, 0) },
    };
  }
}

function groupKeys(keys: RegisterGroupKey[], row: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) {
    const value = row[key];
    out[key] = value;
    if (key === 'form') out.formLabel = COMMENDATION_FORM_LABELS[value as CommendationForm] ?? value;
    else if (key === 'authority') out.authorityLabel = AUTHORITY_LABELS[value as Authority] ?? value;
    else out.recipientKindLabel = RECIPIENT_KIND_LABELS[value as RecipientKind] ?? value;
  }
  return out;
}
