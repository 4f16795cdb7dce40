import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { uuidv7 } from '../../event-store/uuid-v7.js';
import { NotFoundError } from '../../ledger/errors.js';
import { streamIds } from '../../ledger/ids.js';
import { formatPoints, parsePoints } from '../../ledger/points.js';
import { scorecardDecider, type ScorecardCommand } from '../../ledger/scores/scorecard.decider.js';
import { campaignState, unitState } from '../../streams/lookups.js';
import type { WriteRequest, WriteResult } from '../../streams/write-request.js';
import { LedgerWriter } from '../shared/ledger-writer.js';
import type {
  ApproveChangeDto,
  CorrectScoreEntryDto,
  ProposeChangeDto,
  RecordScoreEntryDto,
  RejectChangeDto,
  ReverseScoreEntryDto,
  VetoDecisionDto,
} from './scores.dto.js';
import type { ProposedScoreChange } from '../../ledger/events.js';

export type ScoreChange =
  | { kind: 'record'; body: RecordScoreEntryDto }
  | { kind: 'reverse'; entryId: string; body: ReverseScoreEntryDto }
  | { kind: 'correct'; entryId: string; body: CorrectScoreEntryDto }
  | { kind: 'impose-veto' | 'lift-veto' | 'annul-veto'; body: VetoDecisionDto }
  | { kind: 'propose'; body: ProposeChangeDto }
  | { kind: 'approve'; proposalId: string; body: ApproveChangeDto }
  | { kind: 'reject'; proposalId: string; body: RejectChangeDto };

/** Record, reverse or correct a score entry, or impose or lift a veto, on a unit's scorecard (one stream per campaign and unit). */
export class ChangeScore extends Command<WriteResult> {
  constructor(
    readonly campaignId: string,
    readonly unitId: string,
    readonly change: ScoreChange,
    readonly request: WriteRequest,
  ) {
    super();
  }
}

@CommandHandler(ChangeScore)
export class ChangeScoreHandler implements ICommandHandler<ChangeScore> {
  constructor(private readonly writer: LedgerWriter) {}

  async execute({ campaignId, unitId, change, request }: ChangeScore) {
    const [command, answer] = toCommand(campaignId, unitId, change, request.actor);
    return this.writer.execute(
      {
        streamId: streamIds.scorecard(campaignId, unitId),
        decider: scorecardDecider,
        command,
        context: async (_, reader) => {
          const campaign = await campaignState(reader, campaignId);
          if (!campaign.exists) throw new NotFoundError('campaign', campaignId);
          const unit = await unitState(reader, unitId);
          if (!unit.exists) throw new NotFoundError('unit', unitId);
          // A merged unit's entries from its merge date on are refused (they are recorded for the successor).
          return { campaign, unitEnd: unit.ended };
        },
        answer,
      },
      request,
    );
  }
}

function toCommand(campaignId: string, unitId: string, change: ScoreChange, actor: string): [ScorecardCommand, Record<string, unknown>] {
  switch (change.kind) {
    case 'propose': {
      const proposalId = change.body.proposalId ?? uuidv7();
      const proposed = proposedChange(change.body);
      return [
        { type: 'ProposeChange', campaignId, unitId, proposalId, change: proposed, reason: change.body.reason, actor },
        { proposalId, action: proposed.action },
      ];
    }
    case 'approve':
      return [
        { type: 'ApproveChange', campaignId, unitId, proposalId: change.proposalId, actor, note: change.body.note ?? null },
        { proposalId: change.proposalId },
      ];
    case 'reject':
      return [
        { type: 'RejectChange', campaignId, unitId, proposalId: change.proposalId, actor, reason: change.body.reason },
        { proposalId: change.proposalId },
      ];
    case 'record': {
      const { body } = change;
      const entryId = body.entryId ?? uuidv7();
      return [
        {
          type: 'RecordScoreEntry',
          campaignId,
          unitId,
          entryId,
          kind: body.kind,
          criterionId: body.criterionId ?? null,
          points: parsePoints(body.points),
          phaseId: body.phaseId ?? null,
          period: body.period,
          occurredOn: body.occurredOn ?? null,
          source: body.source,
          reason: body.reason,
          evidence: body.evidence ?? [],
        },
        { entryId },
      ];
    }
    case 'reverse':
      return [{ type: 'ReverseScoreEntry', campaignId, unitId, entryId: change.entryId, reason: change.body.reason }, { entryId: change.entryId }];
    case 'impose-veto':
    case 'lift-veto':
    case 'annul-veto': {
      const { reason, decisionNo, decidedOn } = change.body;
      const type = change.kind === 'impose-veto' ? 'ImposeVeto' : change.kind === 'lift-veto' ? 'LiftVeto' : 'AnnulVeto';
      return [{ type, campaignId, unitId, reason, decisionNo, decidedOn }, {}];
    }
    case 'correct': {
      const replacementEntryId = uuidv7();
      return [
        {
          type: 'CorrectScoreEntry',
          campaignId,
          unitId,
          entryId: change.entryId,
          replacementEntryId,
          points: parsePoints(change.body.points),
          reason: change.body.reason,
          evidence: change.body.evidence ?? null,
        },
        { entryId: change.entryId, replacementEntryId },
      ];
    }
  }
}

/** The proposal's change in full, ids and canonical points fixed now, so the approval writes exactly this. */
function proposedChange(body: ProposeChangeDto): ProposedScoreChange {
  switch (body.action) {
    case 'record':
      return {
        action: 'record',
        entry: {
          entryId: body.entryId ?? uuidv7(),
          kind: body.kind!,
          criterionId: body.criterionId ?? null,
          points: formatPoints(parsePoints(body.points!)),
          phaseId: body.phaseId ?? null,
          period: body.period!,
          ...(body.occurredOn === undefined ? {} : { occurredOn: body.occurredOn }),
          source: body.source!,
          evidence: body.evidence ?? [],
        },
      };
    case 'reverse':
      return { action: 'reverse', entryId: body.entryId! };
    case 'correct':
      return {
        action: 'correct',
        entryId: body.entryId!,
        replacementEntryId: uuidv7(),
        points: formatPoints(parsePoints(body.points!)),
        evidence: body.evidence ?? null,
      };
  }
}
