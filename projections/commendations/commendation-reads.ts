import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../src/ledger/errors.js';
import { AUTHORITIES, COMMENDATION_FORMS, RECIPIENT_KINDS, type Authority, type CommendationForm, type RecipientKind } from '../../src/ledger/events.js';
import { LATEST_EFFECTIVE, PLACES_OFFICER, PLACES_UNIT } from '../registry/registry.projection.js';
import { AUTHORITY_LABELS, COMMENDATION_FORM_LABELS, RECIPIENT_KIND_LABELS } from '../../src/ledger/labels.js';
import { TITLES } from '../../src/ledger/commendations/conferral-authority.js';

/** The register's groupings (`groupBy`). */
export const REGISTER_GROUP_KEYS = ['form', 'title', 'authority', 'recipientKind'] as const;
export type RegisterGroupKey = (typeof REGISTER_GROUP_KEYS)[number];

export interface RegisterFilter {
  unitId: string | null;
  includeSubunits: boolean;
  year: number | null;
  /** What `year` counts by: the achievement's year (sổ khen thưởng, the default) or the decision's. */
  yearBasis: RegisterYearBasis;
  groupBy: RegisterGroupKey[];
  includeRevoked: boolean;
  /** Each row with the decisions behind its count. */
  withDecisions: boolean;
}

export const REGISTER_YEAR_BASES = ['achievement', 'decision'] as const;
export type RegisterYearBasis = (typeof REGISTER_YEAR_BASES)[number];

/** Each group key: its column and the order its values are listed in (the order of the law's lists). */
const GROUPS: Record<RegisterGroupKey, { column: string; order: readonly string[] }> = {
  form: { column: 'form', order: COMMENDATION_FORMS },
  title: { column: 'title', order: TITLES.map((t) => t.code) },
  authority: { column: 'authority', order: AUTHORITIES },
  recipientKind: { column: 'recipient_kind', order: RECIPIENT_KINDS },
};

/**
 * SQL for the unit an officer served in at the end of an achievement year (31 December), from rm_officer_versions: the
 * posting in force then (latest effective date, then latest recorded), today's unit only for an officer with no version.
 */
export const officerUnitAtYearEnd = (officer: string, year: string) =>
  `coalesce((SELECT v.unit_id FROM rm_officer_versions v WHERE v.officer_id = ${officer} AND v.change IN ${PLACES_OFFICER}
     AND (v.effective_on IS NULL OR v.effective_on <= make_date(${year}, 12, 31)) ORDER BY ${LATEST_EFFECTIVE} LIMIT 1),
   (SELECT o.unit_id FROM rm_officers o WHERE o.officer_id = ${officer}))`;

/** A unit the register may be asked about: one merged or dissolved since still has its register; one registered in error has none. */
export async function requireRegisterUnit(dataSource: DataSource, unitId: string, field?: string): Promise<void> {
  const [unit] = await dataSource.query(
    `SELECT 1 FROM rm_unit_versions WHERE unit_id = $1 AND NOT EXISTS (SELECT 1 FROM rm_unit_versions r WHERE r.unit_id = $1 AND r.change = 'retired') LIMIT 1`,
    [unitId],
  );
  if (!unit) throw new NotFoundError('unit', unitId, field);
}

/**
 * The decisions the register counts under a unit (and its subtree): the unit as it stood at the
 * end of each award's achievement year, a unit's parent and an officer's unit taken from the
 * version in force on 31 December of that year, not from today's tree. `cte` defines `scope(unit_id,
 * y)` over the years of `decisions` (a table or CTE with `year` and `achievement_year`); `where` is
 * the condition on a decision `c` (recipient_kind, recipient_id, achievement_year).
 */
export function registerUnitScope(
  unitId: string,
  includeSubunits: boolean,
  year: number | null,
  param: (value: unknown) => string,
  decisions = 'rm_commendations',
): { cte: string; recursive: boolean; where: string } {
  const root = param(unitId);
  const years = `SELECT DISTINCT achievement_year AS y FROM ${decisions}${year !== null ? ` WHERE year = ${param(year)}` : ''}`;
  const cte = includeSubunits
    ? `scope(unit_id, y) AS (
         SELECT ${root}::text, years.y FROM (${years}) years
         UNION
         SELECT c.unit_id, s.y FROM scope s
         JOIN (SELECT DISTINCT unit_id, parent_id FROM rm_unit_versions WHERE change IN ${PLACES_UNIT}) c ON c.parent_id = s.unit_id
         WHERE (SELECT v.parent_id FROM rm_unit_versions v
                WHERE v.unit_id = c.unit_id AND v.change IN ${PLACES_UNIT} AND (v.effective_on IS NULL OR v.effective_on <= make_date(s.y, 12, 31))
                ORDER BY ${LATEST_EFFECTIVE} LIMIT 1) = s.unit_id
           AND NOT EXISTS (SELECT 1 FROM rm_unit_versions r WHERE r.unit_id = c.unit_id AND r.change = 'retired')
       )`
    : `scope(unit_id, y) AS (SELECT ${root}::text, years.y FROM (${years}) years)`;
  return {
    cte,
    recursive: includeSubunits,
    where: `((c.recipient_kind = 'collective' AND (c.recipient_id, c.achievement_year) IN (SELECT unit_id, y FROM scope))
      OR (c.recipient_kind = 'individual' AND (${officerUnitAtYearEnd('c.recipient_id', 'c.achievement_year')}, c.achievement_year) IN (SELECT unit_id, y FROM scope)))`,
  };
}

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
      await requireRegisterUnit(this.dataSource, filter.unitId);
      // The scope's years are decision years; by achievement year every year is scoped and the year filter below narrows.
      const unitScope = registerUnitScope(filter.unitId, filter.includeSubunits, filter.yearBasis === 'decision' ? filter.year : null, param);
      scope = `WITH ${unitScope.recursive ? 'RECURSIVE ' : ''}${unitScope.cte}`;
      where.push(unitScope.where);
    }
    if (filter.year !== null) where.push(`c.${filter.yearBasis === 'decision' ? 'year' : 'achievement_year'} = ${param(filter.year)}`);
    if (!filter.includeRevoked) where.push(`c.status = 'active'`);

    const keys = filter.groupBy;
    // The parameters of the scope and the conditions only: the decisions behind the rows are read with them.
    const whereParams = [...params];
    const select = keys.map((k) => `c.${GROUPS[k].column} AS "${k}"`);
    const order = keys.map((k) => `array_position(${param(GROUPS[k].order)}::text[], c.${GROUPS[k].column}), c.${GROUPS[k].column}`);
    const rows: Record<string, string>[] = await this.dataSource.query(
      `${scope}
       SELECT ${[
         ...select,
         'count(*)::text AS count',
         'coalesce(sum(c.amount_vnd), 0)::text AS amount_vnd',
         `count(*) FILTER (WHERE c.recorded_as = 'historical')::text AS historical`,
         `count(*) FILTER (WHERE jsonb_array_length(c.warnings) > 0)::text AS with_warnings`,
       ].join(', ')}
       FROM rm_commendations c
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ${keys.length > 0 ? `GROUP BY ${keys.map((k) => `c.${GROUPS[k].column}`).join(', ')} ORDER BY ${order.join(', ')}` : ''}`,
      params,
    );
    const out = rows
      .filter((row) => keys.length > 0 || Number(row.count) > 0)
      .map((row) => ({
        ...groupKeys(keys, row),
        count: Number(row.count),
        amountVnd: Number(row.amount_vnd),
        // Decisions recorded from the books, and those recorded against a rule (docs/domain.md §6, historical decisions).
        ...(Number(row.historical) > 0 ? { historical: Number(row.historical) } : {}),
        ...(Number(row.with_warnings) > 0 ? { withWarnings: Number(row.with_warnings) } : {}),
      }));
    const decisions = filter.withDecisions ? await this.decisionsBehind(scope, where, whereParams, keys) : null;
    return {
      yearBasis: filter.yearBasis,
      rows: decisions === null ? out : out.map((row) => ({ ...row, decisions: decisions.get(groupId(keys, row)) ?? [] })),
      total: { count: out.reduce((sum, r) => sum + r.count, 0), amountVnd: out.reduce((sum, r) => sum + r.amountVnd, 0) },
    };
  }

  /** The decisions behind each register row (number, date, recipient with its name and unit in the achievement year, title, money), by group. */
  private async decisionsBehind(scope: string, where: string[], params: unknown[], keys: RegisterGroupKey[]) {
    const rows: (Record<string, string | null> & { amount_vnd: string | null; achievement_year: number; source: CommendationRow['source'] })[] =
      await this.dataSource.query(
        `${scope}
       SELECT c.commendation_id, c.decision_no, c.decided_on::text AS decided_on, c.achievement_year, c.form, c.title, c.authority, c.recipient_kind,
              c.recipient_id, c.amount_vnd::text AS amount_vnd, c.status, c.recorded_as, c.source, c.campaign_id, c.achievement_id, c.initiative_ref,
              ${keys.map((k) => `c.${GROUPS[k].column} AS "${k}"`).join(', ')}${keys.length > 0 ? ',' : ''}
              CASE WHEN c.recipient_kind = 'individual' THEN (SELECT o.full_name FROM rm_officers o WHERE o.officer_id = c.recipient_id)
                   ELSE (SELECT u.name FROM rm_units u WHERE u.unit_id = c.recipient_id) END AS recipient_name,
              CASE WHEN c.recipient_kind = 'individual' THEN ${officerUnitAtYearEnd('c.recipient_id', 'c.achievement_year')} ELSE c.recipient_id END AS unit_id
       FROM rm_commendations c
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY c.decided_on, c.decision_no, c.commendation_id`,
        params,
      );
    const unitIds = [...new Set(rows.map((r) => r.unit_id).filter((id): id is string => id !== null))];
    const names: { unit_id: string; name: string }[] =
      unitIds.length === 0 ? [] : await this.dataSource.query('SELECT unit_id, name FROM rm_units WHERE unit_id = ANY($1::text[])', [unitIds]);
    const unitName = new Map(names.map((n) => [n.unit_id, n.name]));
    const byGroup = new Map<string, unknown[]>();
    for (const row of rows) {
      const key = groupId(keys, row as Record<string, string>);
      const list = byGroup.get(key) ?? [];
      list.push({
        commendationId: row.commendation_id,
        decisionNo: row.decision_no,
        decidedOn: row.decided_on,
        achievementYear: row.achievement_year,
        form: row.form,
        authority: row.authority,
        title: row.title,
        titleLabel: titleLabel(row.title),
        recipient: { kind: row.recipient_kind, id: row.recipient_id, name: row.recipient_name },
        unit: row.unit_id === null ? null : { unitId: row.unit_id, name: unitName.get(row.unit_id) ?? row.unit_id },
        amountVnd: row.amount_vnd === null ? null : Number(row.amount_vnd),
        status: row.status,
        campaignId: row.campaign_id,
        achievementId: row.achievement_id,
        initiativeRef: row.initiative_ref,
        ...(row.recorded_as === 'historical' ? { recordedAs: 'historical', source: row.source } : {}),
      });
      byGroup.set(key, list);
    }
    return byGroup;
  }

  /** Decisions in force resting on a revoked award not yet reviewed, oldest first, with the revoked basis. */
  async reviews() {
    const rows: (CommendationRow & { basis: { commendationId: string; title: string | null; revokedOn: string; ground: string; decisionNo: string }[] })[] =
      await this.dataSource.query(
        `SELECT c.*, json_agg(json_build_object('commendationId', r.commendation_id, 'title', r.title, 'revokedOn', r.revoked_on::text,
                'ground', r.revocation_ground, 'decisionNo', r.revocation_decision_no) ORDER BY r.revoked_position) AS basis
       FROM rm_commendations c JOIN rm_commendations r ON r.commendation_id = ANY (c.rests_on)
       WHERE c.status = 'active' AND r.status = 'revoked' AND NOT (r.commendation_id = ANY (c.reviewed_basis))
       GROUP BY c.commendation_id ORDER BY c.position`,
      );
    return rows.map((row) => ({ ...decisionJson(row), revokedBasis: row.basis }));
  }

  async one(commendationId: string) {
    const [row]: CommendationRow[] = await this.dataSource.query('SELECT * FROM rm_commendations WHERE commendation_id = $1', [commendationId]);
    if (!row) throw new NotFoundError('commendation', commendationId);
    return decisionJson(row);
  }

  /**
   * A decision as signed: one paper (quyết định) often rewards several recipients, each recorded as
   * a commendation of its own with the same number, date and authority. The one asked for, and every
   * commendation of its paper (itself included), in the order they were recorded; with the title of
   * the campaign and the name of the phase it names (the campaigns read model's).
   */
  async decision(commendationId: string) {
    const decision = await this.one(commendationId);
    const rows: CommendationRow[] = await this.dataSource.query(
      'SELECT * FROM rm_commendations WHERE decision_no = $1 AND decided_on = $2::date AND authority = $3 ORDER BY position',
      [decision.decisionNo, decision.decidedOn, decision.authority],
    );
    const [campaign]: { title: string; phase_name: string | null }[] =
      decision.campaignId === null
        ? []
        : await this.dataSource.query(
            `SELECT c.title, p.name AS phase_name FROM rm_campaigns c
             LEFT JOIN rm_phases p ON p.campaign_id = c.campaign_id AND p.phase_id = $2 WHERE c.campaign_id = $1`,
            [decision.campaignId, decision.phaseId],
          );
    return {
      decision,
      recipients: rows.map(decisionJson),
      campaign: campaign ? { campaignId: decision.campaignId!, title: campaign.title, phaseName: campaign.phase_name } : null,
    };
  }
}

function groupKeys(keys: RegisterGroupKey[], row: Record<string, string>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const key of keys) {
    const value = row[key];
    out[key] = value;
    if (key === 'form') out.formLabel = COMMENDATION_FORM_LABELS[value as CommendationForm] ?? value;
    else if (key === 'title') out.titleLabel = titleLabel(value);
    else if (key === 'authority') out.authorityLabel = AUTHORITY_LABELS[value as Authority] ?? value;
    else out.recipientKindLabel = RECIPIENT_KIND_LABELS[value as RecipientKind] ?? value;
  }
  return out;
}

/** A title's Vietnamese label; a free-text title (a diploma's wording) is its own. */
function titleLabel(title: string | null): string | null {
  return title === null ? null : (TITLES.find((t) => t.code === title)?.label ?? title);
}

/** A row's group, as a key: the values of its group keys. */
function groupId(keys: RegisterGroupKey[], row: Record<string, string | null | number>): string {
  return JSON.stringify(keys.map((k) => row[k] ?? null));
}

interface CommendationRow {
  commendation_id: string;
  form: CommendationForm;
  authority: Authority;
  recipient_kind: RecipientKind;
  recipient_id: string;
  title: string | null;
  campaign_id: string | null;
  phase_id: string | null;
  achievement_id: string | null;
  decision_no: string;
  decided_on: string | Date;
  achievement_year: number;
  amount_vnd: string | null;
  status: string;
  rests_on: string[];
  quota_slots: string[];
  initiative_ref: string | null;
  revoked_on: string | Date | null;
  revocation_ground: string | null;
  revocation_decision_no: string | null;
  revocation_reason: string | null;
  revocation_authority: string | null;
  recovered_object: boolean;
  recovered_vnd: string;
  position: string;
  recorded_as: 'historical' | null;
  source: { document: string; page: string | null; fileRef: string | null } | null;
  warnings: { code: string; detail: string; field: string | null }[];
  /** Compensations (issue 13), oldest first: revocations annulled, corrections of number, date or recipient. */
  annulments?: unknown[];
  corrections?: unknown[];
}

const dateOnly = (d: string | Date | null) =>
  d === null ? null : typeof d === 'string' ? d.slice(0, 10) : new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);

function decisionJson(row: CommendationRow) {
  return {
    commendationId: row.commendation_id,
    form: row.form,
    formLabel: COMMENDATION_FORM_LABELS[row.form],
    authority: row.authority,
    authorityLabel: AUTHORITY_LABELS[row.authority],
    recipient: { kind: row.recipient_kind, id: row.recipient_id },
    title: row.title,
    campaignId: row.campaign_id,
    phaseId: row.phase_id,
    achievementId: row.achievement_id,
    decisionNo: row.decision_no,
    decidedOn: dateOnly(row.decided_on),
    achievementYear: row.achievement_year,
    amountVnd: row.amount_vnd === null ? null : Number(row.amount_vnd),
    initiativeRef: row.initiative_ref,
    restsOn: row.rests_on,
    quotaSlots: row.quota_slots,
    status: row.status,
    position: Number(row.position),
    ...(row.recorded_as === 'historical' ? { recordedAs: row.recorded_as, source: row.source, warnings: row.warnings } : {}),
    revocation:
      row.status === 'revoked'
        ? {
            decidedOn: dateOnly(row.revoked_on),
            ground: row.revocation_ground,
            decisionNo: row.revocation_decision_no,
            reason: row.revocation_reason,
            authority: row.revocation_authority,
            recovery: {
              objectRecovered: row.recovered_object,
              amountVnd: Number(row.recovered_vnd),
              outstandingVnd: Math.max(0, Number(row.amount_vnd ?? 0) - Number(row.recovered_vnd)),
            },
          }
        : null,
    // The decision as it stands above; what was corrected or annulled, with the reason, below (the original stays in the log).
    corrected: (row.corrections ?? []).length > 0,
    corrections: row.corrections ?? [],
    annulledRevocations: row.annulments ?? [],
  };
}
