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

interface PhaseWithdrawalRow {
  campaign_id: string;
  proposal_id: string;
  phase_id: string;
  reason: string;
  proposed_by: string;
  proposed_on: string;
  proposed_position: string;
  proposed_at: Date | string;
  status: string;
  decided_by: string | null;
  decided_position: string | null;
  decided_at: Date | string | null;
  decision_note: string | null;
}

const LIMIT = 1000;

/**
 * Two-person proposals, oldest first: changes to closed phases or campaigns (rm_proposals, `kind:
 * 'score'`) and withdrawals of started phases (the campaigns model's rm_phase_withdrawal_proposals,
 * `kind: 'phase-withdrawal'`, which name no unit: left out when the list is asked for one unit).
 */
@Injectable()
export class ProposalReads {
  constructor(private readonly dataSource: DataSource) {}

  async list(status: string, campaignId: string | null, unitId: string | null) {
    const rows: ProposalRow[] = await this.dataSource.query(
      `SELECT * FROM rm_proposals WHERE ($1 = 'all' OR status = $1) AND ($2::text IS NULL OR campaign_id = $2) AND ($3::text IS NULL OR unit_id = $3)
       ORDER BY proposed_position LIMIT ${LIMIT}`,
      [status, campaignId, unitId],
    );
    const scores = rows.map((row) => ({
      kind: 'score' as const,
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
    if (unitId !== null) return scores;
    const withdrawals: PhaseWithdrawalRow[] = await this.dataSource.query(
      `SELECT campaign_id, proposal_id, phase_id, reason, proposed_by, proposed_on::text AS proposed_on, proposed_position, proposed_at,
         status, decided_by, decided_position, decided_at, decision_note
       FROM rm_phase_withdrawal_proposals WHERE ($1 = 'all' OR status = $1) AND ($2::text IS NULL OR campaign_id = $2)
       ORDER BY proposed_position LIMIT ${LIMIT}`,
      [status, campaignId],
    );
    const phases = withdrawals.map((row) => ({
      kind: 'phase-withdrawal' as const,
      proposalId: row.proposal_id,
      campaignId: row.campaign_id,
      phaseId: row.phase_id,
      reason: row.reason,
      proposedBy: row.proposed_by,
      proposedOn: row.proposed_on,
      proposedAt: new Date(row.proposed_at).toISOString(),
      proposedPosition: Number(row.proposed_position),
      status: row.status,
      decidedBy: row.decided_by,
      decidedAt: row.decided_at === null ? null : new Date(row.decided_at).toISOString(),
      decidedPosition: row.decided_position === null ? null : Number(row.decided_position),
      decisionNote: row.decision_note,
    }));
    return [...scores, ...phases].sort((a, b) => a.proposedPosition - b.proposedPosition).slice(0, LIMIT);
  }
}
