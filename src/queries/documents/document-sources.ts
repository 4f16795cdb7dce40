import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PublicationReads } from '../../../projections/campaigns/publication-reads.js';
import { CommendationReads } from '../../../projections/commendations/commendation-reads.js';
import { UnitReads } from '../../../projections/registry/unit-reads.js';
import { chainLinkAt } from '../../integrity/chain-link.js';
import { IntegrityProcessor } from '../../integrity/integrity-processor.js';
import { sqlQuery } from '../../integrity/integrity.module.js';
import { NotFoundError } from '../../ledger/errors.js';
import { ReadPositions, READS } from '../shared/read-position.service.js';
import { upper } from './administrative.js';
import type { DecisionDocument, DecisionRecipient } from './decision-layout.js';
import { issuerOf, type UnitName } from './issuer.js';
import type { RankingDocument } from './ranking-layout.js';

/** A decision names its campaign (the campaigns read model) besides its recipients (registry) and itself (commendations). */
const DECISION_READS = [...READS.commendations, 'campaigns'] as const;

type Commendation = Awaited<ReturnType<CommendationReads['decision']>>['recipients'][number];

/** Null for what the registry does not (or no longer) hold, rather than failing the whole document. */
async function orNull<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

/**
 * Gathers what a printed document shows through the read side's reads (`*-reads.ts`), at one
 * position of the log, and names it the way the layouts print it. The layouts themselves are pure.
 */
@Injectable()
export class DocumentSources {
  constructor(
    private readonly commendations: CommendationReads,
    private readonly publications: PublicationReads,
    private readonly units: UnitReads,
    private readonly positions: ReadPositions,
    private readonly dataSource: DataSource,
    private readonly integrity: IntegrityProcessor,
  ) {}

  /** The decision (quyết định) a commendation belongs to, with every recipient it names, as the registry stood on its date. */
  async decision(commendationId: string, minPosition: number | undefined): Promise<DecisionDocument> {
    const asOf = await this.positions.resolve(undefined, minPosition, DECISION_READS);
    const { decision, recipients, campaign } = await this.commendations.decision(commendationId);
    const named = await Promise.all(recipients.map((r) => this.recipient(r, decision.decidedOn!, asOf.position)));
    return {
      commendationId,
      decisionNo: decision.decisionNo,
      decidedOn: decision.decidedOn!,
      authority: decision.authority,
      achievementYear: decision.achievementYear,
      issuer: issuerOf(
        decision.authority,
        named.map((n) => n.chain),
      ),
      campaign: campaign === null ? null : { title: campaign.title, phaseName: campaign.phaseName },
      recipients: named.map((n) => n.line),
      asOf,
    };
  }

  /** A recipient's name and unit on the decision's date (else as the registry has it last), and the units over it. */
  private async recipient(commendation: Commendation, on: string, position: number): Promise<{ line: DecisionRecipient; chain: UnitName[] }> {
    const line = (name: string, unit: string | null): DecisionRecipient => ({
      commendationId: commendation.commendationId,
      kind: commendation.recipient.kind,
      name,
      unit,
      form: commendation.form,
      title: commendation.title,
      amountVnd: commendation.amountVnd,
      revocation: commendation.revocation,
    });
    const unitOn = async (unitId: string) => (await orNull(this.units.unit(unitId, on, position))) ?? (await orNull(this.units.unit(unitId, null, position)));
    const { id } = commendation.recipient;
    if (commendation.recipient.kind === 'collective') {
      const unit = await unitOn(id);
      if (unit === null) return { line: line(id, null), chain: [] };
      return { line: line(unit.name, unit.parentChain[0]?.name ?? null), chain: unit.parentChain };
    }
    const officer = (await orNull(this.units.officer(id, on, position))) ?? (await orNull(this.units.officer(id, null, position)));
    if (officer === null) return { line: line(id, null), chain: [] };
    const name = officer.rank ? `${officer.rank} ${officer.fullName}` : (officer.fullName ?? id);
    const unit = await unitOn(officer.unitId);
    if (unit === null) return { line: line(name, officer.unit?.name ?? null), chain: [] };
    return { line: line(name, unit.name), chain: [{ unitId: unit.unitId, name: unit.name, kind: unit.kind }, ...unit.parentChain] };
  }

  /** A published ranking, its rows with their groups and names, and the hash chain's links of the log it reflects and of itself. */
  async ranking(campaignId: string, clusterId: string, publicationId: string, minPosition: number | undefined): Promise<RankingDocument> {
    const asOf = await this.positions.resolve(undefined, minPosition, READS.scores);
    const { campaign, cluster, phase, groups, publication, ranking } = await this.publications.document(campaignId, clusterId, publicationId);
    const organizer = await orNull(this.units.unit(campaign.organizerUnitId, null, asOf.position));
    const reflected = await this.positions.resolve(String(publication.reflectsPosition), undefined, READS.scores);
    const query = sqlQuery(this.dataSource);
    const [checkpoint, publicationLink] = [
      await chainLinkAt(query, this.integrity, publication.reflectsPosition),
      await chainLinkAt(query, this.integrity, publication.position),
    ];
    const recomputed = new Map(ranking.map((row) => [row.unitId, row]));
    return {
      campaign: { campaignId, title: campaign.title },
      organizer: { superior: organizer === null ? null : upper(organizer.name), name: upper(cluster.name) },
      cluster: { clusterId, name: cluster.name },
      phase,
      groups,
      publication: {
        publicationId: publication.publicationId,
        period: publication.period,
        final: publication.final,
        reflectsPosition: publication.reflectsPosition,
        reflectsRecordedAt: reflected.recordedAt,
        through: publication.clocks.through,
        position: publication.position,
        publishedAt: publication.publishedAt,
        publishedBy: publication.publishedBy,
        withdrawal: publication.withdrawal,
      },
      rows: publication.rows.map((row) => {
        const again = recomputed.get(row.unitId);
        // The groups are shown only where the ranking recomputed is the one published (the same total): never beside other numbers.
        const same = again !== undefined && again.total === row.total;
        return {
          ...row,
          unitName: again?.unitName ?? row.unitId,
          groups: same ? again.groups : null,
          carriedFrom: again?.carriedFrom ?? [],
        };
      }),
      checkpoint,
      publicationLink,
    };
  }
}
