import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../src/ledger/errors.js';
import type { Authority, CommendationForm, RecipientKind } from '../../src/ledger/events.js';
import { AUTHORITY_LABELS, COMMENDATION_FORM_LABELS, RECIPIENT_KIND_LABELS, TITLE_LABELS } from '../../src/ledger/labels.js';
import { RegistryLists } from '../registry/registry-lists.js';
import { pageOf, type Page, type Paging } from '../shared/paging.js';
import { registerUnitScope, requireRegisterUnit } from './commendation-reads.js';

export const COMMENDATION_STATUSES = ['active', 'revoked', 'all'] as const;
export type CommendationStatusFilter = (typeof COMMENDATION_STATUSES)[number];

export interface CommendationFilter {
  /** Decisions for this recipient (a unit or an officer). */
  recipientId: string | null;
  /** Decisions counted under this unit (and, with includeSubunits, its subtree), as the register counts them. */
  unitId: string | null;
  includeSubunits: boolean;
  /** The decision's year (decidedOn), as the register's `year`. */
  year: number | null;
  form: CommendationForm | null;
  /** A title's or flag's code, or a medal's free title, exactly as recorded. */
  title: string | null;
  authority: Authority | null;
  status: CommendationStatusFilter;
}

interface DecisionRow {
  commendation_id: string;
  form: CommendationForm;
  authority: Authority;
  title: string | null;
  campaign_id: string | null;
  phase_id: string | null;
  amount_vnd: string | null;
  decision_no: string;
  decided_on: string;
  year: number;
  achievement_year: number;
  recipient_kind: RecipientKind;
  recipient_id: string;
  status: 'active' | 'revoked';
}

const COLUMNS = `c.commendation_id, c.form, c.authority, c.title, c.campaign_id, c.phase_id, c.amount_vnd::text AS amount_vnd, c.decision_no,
  c.decided_on::text AS decided_on, c.year, c.achievement_year, c.recipient_kind, c.recipient_id, c.status`;

/** The latest value of `column` among the changes of decision `c` recorded by the position `at` (rm_commendation_changes). */
const latest = (column: string, at: string, extra = `x.${column} IS NOT NULL`) =>
  `(SELECT x.${column} FROM rm_commendation_changes x WHERE x.commendation_id = c.commendation_id AND x.position <= ${at} AND ${extra}
    ORDER BY x.position DESC LIMIT 1)`;

/**
 * The decisions as recorded by the position `at`: rm_commendations for what never changes (form,
 * authority, title, campaign, amount), rm_commendation_changes for what a correction, a revocation
 * or its annulment changed since.
 */
const decisionsAt = (at: string) => `decisions AS (
  SELECT d.*, extract(year FROM d.decided_on)::int AS year FROM (
    SELECT c.commendation_id, c.form, c.authority, c.title, c.campaign_id, c.phase_id, c.amount_vnd, c.position,
      ${latest('decision_no', at)} AS decision_no,
      ${latest('decided_on', at)} AS decided_on,
      ${latest('achievement_year', at)} AS achievement_year,
      ${latest('recipient_kind', at)} AS recipient_kind,
      ${latest('recipient_id', at, 'x.recipient_kind IS NOT NULL')} AS recipient_id,
      CASE WHEN ${latest('change', at, `x.change IN ('recorded', 'revoked', 'annulled')`)} = 'revoked' THEN 'revoked' ELSE 'active' END AS status
    FROM rm_commendations c WHERE c.position <= ${at}
  ) d
)`;

/**
 * The list of commendation decisions (issue 14): filtered like the register (the same unit scope,
 * the same year), newest decision first, as recorded by a position. When nothing that the list
 * shows has changed since that position, the register's own rows are read; otherwise each decision
 * is taken back to the position through its changes.
 */
@Injectable()
export class CommendationLists {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: RegistryLists,
  ) {}

  async list(filter: CommendationFilter, position: number, paging: Paging): Promise<Page<ReturnType<typeof decisionItem>>> {
    if (filter.unitId !== null) await requireRegisterUnit(this.dataSource, filter.unitId, 'unitId');
    if (filter.recipientId !== null) await this.requireRecipient(filter.recipientId);
    const [{ changed }]: { changed: boolean }[] = await this.dataSource.query(
      'SELECT EXISTS (SELECT 1 FROM rm_commendation_changes WHERE position > $1) AS changed',
      [position],
    );
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const at = param(position);
    const ctes: string[] = [];
    let recursive = false;
    const source = changed ? 'decisions' : 'rm_commendations';
    if (source === 'decisions') ctes.push(decisionsAt(at));
    const where: string[] = [`c.position <= ${at}`];
    if (filter.unitId !== null) {
      const scope = registerUnitScope(filter.unitId, filter.includeSubunits, filter.year, param, source);
      ctes.push(scope.cte);
      recursive = scope.recursive;
      where.push(scope.where);
    }
    if (filter.recipientId !== null) where.push(`c.recipient_id = ${param(filter.recipientId)}`);
    if (filter.year !== null) where.push(`c.year = ${param(filter.year)}`);
    if (filter.form !== null) where.push(`c.form = ${param(filter.form)}`);
    if (filter.title !== null) where.push(`c.title = ${param(filter.title)}`);
    if (filter.authority !== null) where.push(`c.authority = ${param(filter.authority)}`);
    if (filter.status !== 'all') where.push(`c.status = ${param(filter.status)}`);
    if (paging.after !== null) {
      const [decidedOn, commendationId] = paging.after;
      const day = `${param(decidedOn)}::date`;
      where.push(`(c.decided_on < ${day} OR (c.decided_on = ${day} AND c.commendation_id > ${param(commendationId)}))`);
    }
    const rows: DecisionRow[] = await this.dataSource.query(
      `${ctes.length > 0 ? `WITH ${recursive ? 'RECURSIVE ' : ''}${ctes.join(', ')}` : ''}
       SELECT ${COLUMNS} FROM ${source} c WHERE ${where.join(' AND ')}
       ORDER BY c.decided_on DESC, c.commendation_id LIMIT ${param(paging.limit + 1)}`,
      params,
    );
    const kept = rows.slice(0, paging.limit);
    const units = await this.registry.unitNames(
      kept.filter((r) => r.recipient_kind === 'collective').map((r) => r.recipient_id),
      null,
      position,
    );
    const officers = await this.registry.officerNames(
      kept.filter((r) => r.recipient_kind === 'individual').map((r) => r.recipient_id),
      position,
    );
    return pageOf(
      rows,
      paging,
      (row) => [row.decided_on, row.commendation_id],
      (row) => decisionItem(row, (row.recipient_kind === 'collective' ? units : officers).get(row.recipient_id) ?? null),
    );
  }

  /** 404 naming recipientId unless it is a unit or an officer the registry knows. */
  private async requireRecipient(recipientId: string): Promise<void> {
    const [known] = await this.dataSource.query(
      `SELECT 1 FROM rm_unit_versions WHERE unit_id = $1 UNION ALL SELECT 1 FROM rm_officer_versions WHERE officer_id = $1 LIMIT 1`,
      [recipientId],
    );
    if (!known) throw new NotFoundError('recipient', recipientId, 'recipientId');
  }
}

function decisionItem(row: DecisionRow, recipientName: string | null) {
  return {
    commendationId: row.commendation_id,
    form: row.form,
    formLabel: COMMENDATION_FORM_LABELS[row.form] ?? row.form,
    authority: row.authority,
    authorityLabel: AUTHORITY_LABELS[row.authority] ?? row.authority,
    title: row.title,
    titleLabel: row.title === null ? null : ((TITLE_LABELS as Record<string, string>)[row.title] ?? row.title),
    recipient: {
      kind: row.recipient_kind,
      kindLabel: RECIPIENT_KIND_LABELS[row.recipient_kind] ?? row.recipient_kind,
      id: row.recipient_id,
      name: recipientName,
    },
    decisionNo: row.decision_no,
    decidedOn: row.decided_on,
    year: row.year,
    achievementYear: row.achievement_year,
    campaignId: row.campaign_id,
    phaseId: row.phase_id,
    amountVnd: row.amount_vnd === null ? null : Number(row.amount_vnd),
    status: row.status,
  };
}
