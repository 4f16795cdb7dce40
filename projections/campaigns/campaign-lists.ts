import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../src/ledger/errors.js';
import type { CampaignForm, ClusterKind, PledgeDirection, PledgeMeasure, Scale } from '../../src/ledger/events.js';
import { CAMPAIGN_FORM_LABELS, CLUSTER_KIND_LABELS } from '../../src/ledger/labels.js';
import { parsePoints, pointsToNumber } from '../../src/ledger/points.js';
import { RegistryLists } from '../registry/registry-lists.js';
import { MEMBER_AT } from '../scores/score-reads.js';
import { pageOf, type Page, type Paging } from '../shared/paging.js';
import { publicationJson, type PublicationRow } from './publication-reads.js';

interface CampaignRow {
  campaign_id: string;
  title: string;
  form: CampaignForm;
  organizer_unit_id: string;
  starts_on: string;
  ends_on: string;
  slogan: string | null;
  scale: Scale;
  closed_position: string | null;
}

interface PhaseRow {
  phase_id: string;
  name: string;
  starts_on: string;
  ends_on: string;
  occasion: string | null;
  slogan: string | null;
  closed_position: string | null;
  withdrawn_position: string | null;
  withdrawal_reason: string | null;
}

interface ClusterRow {
  cluster_id: string;
  name: string;
  kind: ClusterKind;
  head_unit_id: string;
  deputy_unit_id: string | null;
  member_count: string | number;
}

interface PledgeTargetRow {
  pledge_id: string;
  unit_id: string;
  signatory_kind: 'unit' | 'officer';
  signatory_id: string | null;
  signed_on: string;
  criterion_id: string;
  description: string | null;
  target: string;
  measure: PledgeMeasure | null;
  direction: PledgeDirection | null;
  unit_label: string | null;
  position: string;
}

const CAMPAIGN_COLUMNS = `campaign_id, title, form, organizer_unit_id, starts_on::text AS starts_on, ends_on::text AS ends_on, slogan, scale, closed_position`;
const PHASE_COLUMNS = `phase_id, name, starts_on::text AS starts_on, ends_on::text AS ends_on, occasion, slogan, closed_position, withdrawn_position, withdrawal_reason`;
/** A position column set at or before `at` (a closing, a withdrawal recorded by then). */
const by = (value: string | null, at: number) => value !== null && Number(value) <= at;
const points = (text: string) => pointsToNumber(parsePoints(text));

export interface CampaignFilter {
  /** Campaigns whose dates overlap this calendar year. */
  year: number | null;
  organiserId: string | null;
}

/**
 * The campaigns read model's browse lists (issue 14): campaigns, their phases, clusters with
 * their members, pledges and publications, each as recorded by a position (`asOf`); cluster
 * membership also on a business date (`on`, the rule of the rankings: MEMBER_AT). Unit and officer
 * names come from the registry, on the same clocks.
 */
@Injectable()
export class CampaignLists {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: RegistryLists,
  ) {}

  async campaigns(filter: CampaignFilter, position: number, paging: Paging): Promise<Page<ReturnType<typeof campaignItem>>> {
    if (filter.organiserId !== null) await this.registry.requireUnit(filter.organiserId, position, 'organiserId');
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where = [`position <= ${param(position)}`];
    if (filter.year !== null) {
      const year = param(filter.year);
      where.push(`starts_on <= make_date(${year}, 12, 31) AND ends_on >= make_date(${year}, 1, 1)`);
    }
    if (filter.organiserId !== null) where.push(`organizer_unit_id = ${param(filter.organiserId)}`);
    if (paging.after !== null) {
      // Newest first: later starts before earlier ones, then by id.
      const day = `${param(paging.after[0])}::date`;
      where.push(`(starts_on < ${day} OR (starts_on = ${day} AND campaign_id > ${param(paging.after[1])}))`);
    }
    const rows: CampaignRow[] = await this.dataSource.query(
      `SELECT ${CAMPAIGN_COLUMNS} FROM rm_campaigns WHERE ${where.join(' AND ')} ORDER BY starts_on DESC, campaign_id LIMIT ${param(paging.limit + 1)}`,
      params,
    );
    const organisers = await this.registry.unitNames(
      rows.map((r) => r.organizer_unit_id),
      null,
      position,
    );
    return pageOf(
      rows,
      paging,
      (row) => [row.starts_on, row.campaign_id],
      (row) => campaignItem(row, organisers, position),
    );
  }

  /** One campaign with its scale (groups with their criteria), phases and clusters, as recorded by `position`. */
  async campaign(campaignId: string, on: string | null, position: number) {
    const row = await this.campaignAt(campaignId, position);
    const organisers = await this.registry.unitNames([row.organizer_unit_id], null, position);
    const phases: PhaseRow[] = await this.dataSource.query(
      `SELECT ${PHASE_COLUMNS} FROM rm_phases WHERE campaign_id = $1 AND position <= $2 ORDER BY starts_on, phase_id`,
      [campaignId, position],
    );
    const clusters = await this.clusterRows(campaignId, on, position, null, null);
    const names = await this.clusterUnitNames(clusters, on, position);
    return {
      ...campaignItem(row, organisers, position),
      scale: scaleJson(row.scale),
      phases: phases.map((p) => phaseItem(p, position)),
      clusters: clusters.map((c) => clusterItem(c, names)),
    };
  }

  async phases(campaignId: string, position: number, paging: Paging): Promise<Page<ReturnType<typeof phaseItem>>> {
    await this.campaignAt(campaignId, position);
    const params: unknown[] = [campaignId, position];
    const after = paging.after === null ? '' : `AND (starts_on > $3::date OR (starts_on = $3::date AND phase_id > $4))`;
    if (paging.after !== null) params.push(paging.after[0], paging.after[1]);
    const rows: PhaseRow[] = await this.dataSource.query(
      `SELECT ${PHASE_COLUMNS} FROM rm_phases WHERE campaign_id = $1 AND position <= $2 ${after}
       ORDER BY starts_on, phase_id LIMIT $${params.push(paging.limit + 1)}`,
      params,
    );
    return pageOf(
      rows,
      paging,
      (row) => [row.starts_on, row.phase_id],
      (row) => phaseItem(row, position),
    );
  }

  async clusters(campaignId: string, on: string | null, position: number, paging: Paging): Promise<Page<ReturnType<typeof clusterItem>>> {
    await this.campaignAt(campaignId, position);
    const rows = await this.clusterRows(campaignId, on, position, paging.after?.[0] ?? null, paging.limit + 1);
    const names = await this.clusterUnitNames(rows.slice(0, paging.limit), on, position);
    return pageOf(
      rows,
      paging,
      (row) => [row.cluster_id],
      (row) => clusterItem(row, names),
    );
  }

  /** A cluster with its head, deputy and members as they stood on `on` (null: as recorded alone, like a ranking without a date). */
  async cluster(campaignId: string, clusterId: string, on: string | null, position: number) {
    await this.campaignAt(campaignId, position);
    const [row] = await this.clusterRows(campaignId, on, position, null, null, clusterId);
    if (!row) throw new NotFoundError('cluster', clusterId);
    const params: unknown[] = [campaignId, clusterId, position];
    const members: { unit_id: string; from_on: string | null; to_on: string | null }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (m.unit_id) m.unit_id, m.from_on::text AS from_on, CASE WHEN m.to_position <= $3 THEN m.to_on::text END AS to_on
       FROM rm_cluster_members m
       WHERE m.campaign_id = $1 AND m.cluster_id = $2 AND ${MEMBER_AT('$3', on === null ? null : `$${params.push(on)}`)}
       ORDER BY m.unit_id, m.from_position DESC`,
      params,
    );
    const names = await this.registry.unitNames(
      [row.head_unit_id, ...(row.deputy_unit_id === null ? [] : [row.deputy_unit_id]), ...members.map((m) => m.unit_id)],
      on,
      position,
    );
    return {
      campaignId,
      ...clusterItem(row, names),
      members: members.map((m) => ({ unitId: m.unit_id, unitName: names.get(m.unit_id) ?? null, fromOn: m.from_on, toOn: m.to_on })),
    };
  }

  /** The campaign's pledges (each with its targets), by unit then pledge id; a cluster's: those of its members as recorded by `position`. */
  async pledges(campaignId: string, filter: { unitId: string | null; clusterId: string | null }, position: number, paging: Paging) {
    const campaign = await this.campaignAt(campaignId, position);
    if (filter.unitId !== null) await this.registry.requireUnit(filter.unitId, position, 'unitId');
    if (filter.clusterId !== null) await this.requireCluster(campaignId, filter.clusterId, position, 'clusterId');
    const params: unknown[] = [campaignId, position];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where = ['p.campaign_id = $1', 'p.position <= $2'];
    if (filter.unitId !== null) where.push(`p.unit_id = ${param(filter.unitId)}`);
    if (filter.clusterId !== null) {
      where.push(`p.unit_id IN (SELECT m.unit_id FROM rm_cluster_members m
        WHERE m.campaign_id = p.campaign_id AND m.cluster_id = ${param(filter.clusterId)} AND ${MEMBER_AT('$2', null)})`);
    }
    if (paging.after !== null) where.push(`(p.unit_id, p.pledge_id) > (${param(paging.after[0])}, ${param(paging.after[1])})`);
    const pledges: { unit_id: string; pledge_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT p.unit_id, p.pledge_id FROM rm_pledge_targets p WHERE ${where.join(' AND ')}
       ORDER BY p.unit_id, p.pledge_id LIMIT ${param(paging.limit + 1)}`,
      params,
    );
    const kept = pledges.slice(0, paging.limit);
    const targets: PledgeTargetRow[] = await this.dataSource.query(
      `SELECT pledge_id, unit_id, signatory_kind, signatory_id, signed_on::text AS signed_on, criterion_id, description, target::text AS target,
         measure, direction, unit_label, position
       FROM rm_pledge_targets WHERE campaign_id = $1 AND pledge_id = ANY($2::text[])`,
      [campaignId, kept.map((p) => p.pledge_id)],
    );
    const officerIds = targets.filter((t) => t.signatory_kind === 'officer').map((t) => t.signatory_id ?? t.unit_id);
    const units = await this.registry.unitNames(
      targets.map((t) => t.unit_id),
      null,
      position,
    );
    const officers = await this.registry.officerNames(officerIds, position);
    const criteria = new Map(campaign.scale.criteria.map((c, i) => [c.id, { ...c, order: i }]));
    return pageOf(
      pledges,
      paging,
      (row) => [row.unit_id, row.pledge_id],
      (row) => {
        const own = targets
          .filter((t) => t.pledge_id === row.pledge_id)
          .sort((a, b) => (criteria.get(a.criterion_id)?.order ?? 0) - (criteria.get(b.criterion_id)?.order ?? 0));
        const first = own[0];
        const signatoryId = first.signatory_id ?? first.unit_id;
        return {
          pledgeId: row.pledge_id,
          unitId: row.unit_id,
          unitName: units.get(row.unit_id) ?? null,
          signatory: {
            kind: first.signatory_kind,
            id: signatoryId,
            name: (first.signatory_kind === 'officer' ? officers : units).get(signatoryId) ?? null,
          },
          signedOn: first.signed_on,
          position: Number(first.position),
          targets: own.map((t) => ({
            criterionId: t.criterion_id,
            criterionName: criteria.get(t.criterion_id)?.name ?? null,
            groupId: criteria.get(t.criterion_id)?.groupId ?? null,
            description: t.description,
            target: points(t.target),
            measure: t.measure,
            direction: t.direction,
            unit: t.unit_label,
          })),
        };
      },
    );
  }

  /** The campaign's published rankings, of every cluster or of one, oldest first; a withdrawal shows once recorded by `position`. */
  async publications(campaignId: string, filter: { clusterId: string | null }, position: number, paging: Paging) {
    await this.campaignAt(campaignId, position);
    if (filter.clusterId !== null) await this.requireCluster(campaignId, filter.clusterId, position, 'clusterId');
    const params: unknown[] = [campaignId, position];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where = ['p.campaign_id = $1', 'p.position <= $2'];
    if (filter.clusterId !== null) where.push(`p.cluster_id = ${param(filter.clusterId)}`);
    if (paging.after !== null) where.push(`p.position > ${param(paging.after[0])}::bigint`);
    const rows: (PublicationRow & { cluster_id: string; cluster_name: string })[] = await this.dataSource.query(
      `SELECT p.*, k.name AS cluster_name FROM rm_publications p
       JOIN rm_clusters k ON k.campaign_id = p.campaign_id AND k.cluster_id = p.cluster_id
       WHERE ${where.join(' AND ')} ORDER BY p.position LIMIT ${param(paging.limit + 1)}`,
      params,
    );
    const names = await this.registry.unitNames(
      rows.slice(0, paging.limit).flatMap((r) => r.rows.map((x) => x.unitId)),
      null,
      position,
    );
    return pageOf(
      rows,
      paging,
      (row) => [String(row.position)],
      (row) => {
        const withdrawnSince = row.withdrawn_position !== null && row.withdrawn_position !== undefined && Number(row.withdrawn_position) > position;
        const published = publicationJson(withdrawnSince ? { ...row, withdrawn_position: null } : row);
        return {
          clusterId: row.cluster_id,
          clusterName: row.cluster_name,
          ...published,
          rows: published.rows.map((r) => ({ ...r, unitName: names.get(r.unitId) ?? null })),
        };
      },
    );
  }

  private async campaignAt(campaignId: string, position: number): Promise<CampaignRow> {
    const [row]: CampaignRow[] = await this.dataSource.query(`SELECT ${CAMPAIGN_COLUMNS} FROM rm_campaigns WHERE campaign_id = $1 AND position <= $2`, [
      campaignId,
      position,
    ]);
    if (!row) throw new NotFoundError('campaign', campaignId);
    return row;
  }

  private async requireCluster(campaignId: string, clusterId: string, position: number, field: string): Promise<void> {
    const [row] = await this.dataSource.query('SELECT 1 FROM rm_clusters WHERE campaign_id = $1 AND cluster_id = $2 AND position <= $3', [
      campaignId,
      clusterId,
      position,
    ]);
    if (!row) throw new NotFoundError('cluster', clusterId, field);
  }

  /** Clusters formed by `position`, by id (after `after`, at most `limit`; or only `clusterId`), with their member count on `on`. */
  private clusterRows(
    campaignId: string,
    on: string | null,
    position: number,
    after: string | null,
    limit: number | null,
    clusterId: string | null = null,
  ): Promise<ClusterRow[]> {
    const params: unknown[] = [campaignId, position];
    const param = (value: unknown) => `$${params.push(value)}`;
    const member = MEMBER_AT('$2', on === null ? null : param(on));
    const where = ['k.campaign_id = $1', 'k.position <= $2'];
    if (after !== null) where.push(`k.cluster_id > ${param(after)}`);
    if (clusterId !== null) where.push(`k.cluster_id = ${param(clusterId)}`);
    return this.dataSource.query(
      `SELECT k.cluster_id, k.name, k.kind, k.head_unit_id, k.deputy_unit_id,
         (SELECT count(DISTINCT m.unit_id) FROM rm_cluster_members m WHERE m.campaign_id = k.campaign_id AND m.cluster_id = k.cluster_id AND ${member}) AS member_count
       FROM rm_clusters k WHERE ${where.join(' AND ')} ORDER BY k.cluster_id ${limit === null ? '' : `LIMIT ${param(limit)}`}`,
      params,
    );
  }

  private clusterUnitNames(rows: readonly ClusterRow[], on: string | null, position: number): Promise<Map<string, string>> {
    return this.registry.unitNames(
      rows.flatMap((r) => [r.head_unit_id, ...(r.deputy_unit_id === null ? [] : [r.deputy_unit_id])]),
      on,
      position,
    );
  }
}

function campaignItem(row: CampaignRow, organisers: ReadonlyMap<string, string>, position: number) {
  return {
    campaignId: row.campaign_id,
    /** The campaign's title (tên phong trào), also under `title` as it was launched. */
    name: row.title,
    title: row.title,
    year: Number(row.starts_on.slice(0, 4)),
    form: row.form,
    formLabel: CAMPAIGN_FORM_LABELS[row.form] ?? row.form,
    organiser: { unitId: row.organizer_unit_id, name: organisers.get(row.organizer_unit_id) ?? null },
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    slogan: row.slogan,
    status: by(row.closed_position, position) ? ('closed' as const) : ('open' as const),
  };
}

function phaseItem(row: PhaseRow, position: number) {
  const withdrawn = by(row.withdrawn_position, position);
  return {
    phaseId: row.phase_id,
    name: row.name,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    occasion: row.occasion,
    slogan: row.slogan,
    status: withdrawn ? ('withdrawn' as const) : by(row.closed_position, position) ? ('closed' as const) : ('open' as const),
    withdrawalReason: withdrawn ? row.withdrawal_reason : null,
  };
}

function clusterItem(row: ClusterRow, names: ReadonlyMap<string, string>) {
  return {
    clusterId: row.cluster_id,
    name: row.name,
    kind: row.kind,
    kindLabel: CLUSTER_KIND_LABELS[row.kind] ?? row.kind,
    head: { unitId: row.head_unit_id, name: names.get(row.head_unit_id) ?? null },
    deputy: row.deputy_unit_id === null ? null : { unitId: row.deputy_unit_id, name: names.get(row.deputy_unit_id) ?? null },
    memberCount: Number(row.member_count),
  };
}

/** The scale with its Vietnamese names: each group with its criteria, maxima as numbers. */
function scaleJson(scale: Scale) {
  return {
    groups: scale.groups.map((g) => ({
      groupId: g.id,
      name: g.name,
      maxPoints: points(g.maxPoints),
      criteria: scale.criteria.filter((c) => c.groupId === g.id).map((c) => ({ criterionId: c.id, name: c.name, maxPoints: points(c.maxPoints) })),
    })),
    bonusCap: points(scale.bonusCap),
  };
}
