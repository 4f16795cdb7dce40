import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { achievementClaim, commendationDecider } from '../../ledger/commendations/commendation.decider.js';
import { streamIds } from '../../ledger/ids.js';
import { LedgerWriter } from '../shared/ledger-writer.js';
import { Lookups } from '../shared/lookups.js';
import type { WriteRequest, WriteResult } from '../shared/write-request.js';
import type { RecordCommendationDto, RevokeCommendationDto } from './commendations.dto.js';

export class RecordCommendation extends Command<WriteResult> {
  constructor(readonly body: RecordCommendationDto, readonly request: WriteRequest) { super(); }
}
export class RevokeCommendation extends Command<WriteResult> {
  constructor(readonly commendationId: string, readonly body: RevokeCommendationDto, readonly request: WriteRequest) { super(); }
}

@CommandHandler(RecordCommendation)
export class RecordCommendationHandler implements ICommandHandler<RecordCommendation> {
  constructor(private readonly writer: LedgerWriter, private readonly lookups: Lookups) {}
  execute({ body, request }: RecordCommendation) {
    const campaignId = body.campaignId ?? null;
    return this.writer.execute({
      streamId: streamIds.commendation(body.id),
      decider: commendationDecider,
      command: {
        type: 'RecordCommendation', commendationId: body.id, form: body.form, authority: body.authority,
        recipient: { kind: body.recipient.kind, id: body.recipient.id }, title: body.title ?? null, campaignId,
        phaseId: body.phaseId ?? null, achievementId: body.achievementId ?? null, decisionNo: body.decisionNo, decidedOn: body.decidedOn,
        achievementPeriod: body.achievementPeriod ? { from: body.achievementPeriod.from, to: body.achievementPeriod.to } : null,
        amountVnd: body.amountVnd ?? null,
      },
      // domain.md §6 rule 1: one achievement, one award, held by the store across all commendations.
      claims: body.achievementId ? [achievementClaim(body.achievementId)] : [],
      context: async () => ({
        recipientExists: body.recipient.kind === 'collective' ? await this.lookups.unitExists(body.recipient.id) : await this.lookups.officerExists(body.recipient.id),
        campaign: campaignId === null ? null : await this.lookups.campaign(campaignId),
      }),
    }, request);
  }
}

@CommandHandler(RevokeCommendation)
export class RevokeCommendationHandler implements ICommandHandler<RevokeCommendation> {
  constructor(private readonly writer: LedgerWriter) {}
  execute({ commendationId, body, request }: RevokeCommendation) {
    return this.writer.execute({
      streamId: streamIds.commendation(commendationId),
      decider: commendationDecider,
      command: { type: 'RevokeCommendation', commendationId, ground: body.ground, reason: body.reason, decisionNo: body.decisionNo, decidedOn: body.decidedOn },
      context: async () => ({ recipientExists: true, campaign: null }),
    }, request);
  }
}

export const commendationHandlers = [RecordCommendationHandler, RevokeCommendationHandler];
