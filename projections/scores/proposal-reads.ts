import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

interface ProposalRow {
  campaign_id: string;
  unit_id: string;
  proposal_id: string;
  action: string;
  change: unknown;
  reason: string;
  proposed_by: string;
  proposed_position: string;
  proposed_at: Date | string;
  status: string;
  decided_by: string | null;
  decided_position: string | null;
  decided_at: Date | string | null;
  decision_note: string | null;
}

/** Proposed changes to closed phases or campaigns (rm_proposals), oldest first. */
@Injectable()
export class ProposalReads {
  constructor(private readonly dataSource: DataSource) {}

  async list(status: string, campaignId: string | null, unitId: string | null) {
    const rows: ProposalRow[] = await this.dataSource.query(
      `SELECT * FROM rm_proposals WHERE ($1 = 'all' OR status = $1) AND ($2::text IS NULL OR campaign_id = $2) AND ($3::text IS NULL OR unit_id = $3)
       ORDER BY proposed_position LIMIT 1000`,
      [status, campaignId, unitId],
    );
    return rows.map((row) => ({
      proposalId: row.proposal_id,
      campaignId: row.campaign_id,
      unitId: row.unit_id,
      action: row.action,
      change: row.change,
      reason: row.reason,
      proposedBy: row.proposed_by,
      proposedAt: new Date(row.proposed_at).toISOString(),
      proposedPosition: Number(row.proposed_position),
      status: row.status,
      decidedBy: row.decided_by,
      decidedAt: row.decided_at === null ? null : new Date(row.decided_at).toISOString(),
      decidedPosition: row.decided_position === null ? null : Number(row.decided_position),
      decisionNote: row.decision_note,
    }));
  }
}
