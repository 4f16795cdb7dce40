import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { achievementClaim, commendationDecider } from '../../ledger/commendations/commendation.decider.js';
import { canonicalTitle } from '../../ledger/commendations/conferral-authority.js';
import { conferralParametersDecider } from '../../ledger/commendations/conferral-parameters.js';
import type { CommendationRecorded } from '../../ledger/events.js';
import { streamIds } from '../../ledger/ids.js';
import { LedgerWriter } from '../shared/ledger-writer.js';
import { Lookups } from '../shared/lookups.js';
import type { WriteRequest, WriteResult } from '../shared/write-request.js';
import { ConferralFacts } from './conferral-facts.js';
import type { ConcludeReviewDto, RecordCommendationDto, RecordRecoveryDto, RevokeCommendationDto, SetConferralParametersDto } from './commendations.dto.js';

export class RecordCommendation extends Command<WriteResult> {
  constructor(
    readonly body: RecordCommendationDto,
    readonly request: WriteRequest,
  ) {
    super();
  }
}
export class RevokeCommendation extends Command<WriteResult> {
  constructor(
    readonly commendationId: string,
    readonly body: RevokeCommendationDto,
    readonly request: WriteRequest,
  ) {
    super();
  }
}
export class RecordRecovery extends Command<WriteResult> {
  constructor(
    readonly commendationId: string,
    readonly body: RecordRecoveryDto,
    readonly request: WriteRequest,
  ) {
    super();
  }
}
export class ConcludeReview extends Command<WriteResult> {
  constructor(
    readonly commendationId: string,
    readonly body: ConcludeReviewDto,
    readonly request: WriteRequest,
  ) {
    super();
  }
}
export class SetConferralParameters extends Command<WriteResult> {
  constructor(
    readonly body: SetConferralParametersDto,
    readonly request: WriteRequest,
  ) {
    super();
  }
}

/** Quota slots (e.g. the 3rd Ministry flag of a cluster) taken first by someone else: decide again on fresh counts. */
const isQuotaSlot = (claim: string) => claim.startsWith('quota:');

@CommandHandler(RecordCommendation)
export class RecordCommendationHandler implements ICommandHandler<RecordCommendation> {
  constructor(
    private readonly writer: LedgerWriter,
    private readonly lookups: Lookups,
    private readonly facts: ConferralFacts,
  ) {}
  execute({ body, request }: RecordCommendation) {
    const campaignId = body.campaignId ?? null;
    const decision: CommendationRecorded['data'] = {
      commendationId: body.id,
      form: body.form,
      authority: body.authority,
      recipient: { kind: body.recipient.kind, id: body.recipient.id },
      // An emulation title or flag named by its label is stored as its code.
      title: canonicalTitle(body.form, body.title ?? null),
      campaignId,
      phaseId: body.phaseId ?? null,
      achievementId: body.achievementId ?? null,
      decisionNo: body.decisionNo,
      decidedOn: body.decidedOn,
      achievementPeriod: body.achievementPeriod ? { from: body.achievementPeriod.from, to: body.achievementPeriod.to } : null,
      amountVnd: body.amountVnd ?? null,
      ...(body.initiativeRef ? { initiativeRef: body.initiativeRef } : {}),
    };
    return this.writer.execute(
      {
        streamId: streamIds.commendation(body.id),
        decider: commendationDecider,
        command: { type: 'RecordCommendation', ...decision },
        // domain.md §6 rule 1: one achievement, one award, held by the store across all commendations;
        // rule 6: the quota slot the decision takes.
        claims: (events) => [
          ...(body.achievementId ? [achievementClaim(body.achievementId)] : []),
          ...events.flatMap((e) => (e.type === 'CommendationRecorded' ? (e.data.quotaSlots ?? []) : [])),
        ],
        retryClaim: isQuotaSlot,
        context: async (state) => ({
          recipientExists:
            body.recipient.kind === 'collective' ? await this.lookups.unitExists(body.recipient.id) : await this.lookups.officerExists(body.recipient.id),
          campaign: campaignId === null ? null : await this.lookups.campaign(campaignId),
          // A decision already recorded is refused (409) before its eligibility is looked at.
          eligibility: state.exists ? null : await this.facts.gather(decision),
          revokedBasis: [],
        }),
      },
      request,
    );
  }
}

/** Revocation, recovery and review touch an existing decision only: no facts from elsewhere. */
const noContext = async () => ({ recipientExists: true, campaign: null, eligibility: null, revokedBasis: [] });

@CommandHandler(RevokeCommendation)
export class RevokeCommendationHandler implements ICommandHandler<RevokeCommendation> {
  constructor(private readonly writer: LedgerWriter) {}
  execute({ commendationId, body, request }: RevokeCommendation) {
    return this.writer.execute(
      {
        streamId: streamIds.commendation(commendationId),
        decider: commendationDecider,
        command: {
          type: 'RevokeCommendation',
          commendationId,
          ground: body.ground,
          reason: body.reason,
          decisionNo: body.decisionNo,
          decidedOn: body.decidedOn,
          authority: body.authority ?? null,
        },
        context: noContext,
      },
      request,
    );
  }
}

@CommandHandler(RecordRecovery)
export class RecordRecoveryHandler implements ICommandHandler<RecordRecovery> {
  constructor(private readonly writer: LedgerWriter) {}
  execute({ commendationId, body, request }: RecordRecovery) {
    return this.writer.execute(
      {
        streamId: streamIds.commendation(commendationId),
        decider: commendationDecider,
        command: {
          type: 'RecordRecovery',
          commendationId,
          objectRecovered: body.objectRecovered,
          amountVnd: body.amountVnd,
          recordedOn: body.recordedOn,
          note: body.note ?? null,
        },
        context: noContext,
      },
      request,
    );
  }
}

@CommandHandler(ConcludeReview)
export class ConcludeReviewHandler implements ICommandHandler<ConcludeReview> {
  constructor(
    private readonly writer: LedgerWriter,
    private readonly lookups: Lookups,
  ) {}
  execute({ commendationId, body, request }: ConcludeReview) {
    return this.writer.execute(
      {
        streamId: streamIds.commendation(commendationId),
        decider: commendationDecider,
        command: { type: 'ConcludeReview', commendationId, reason: body.reason },
        // Which awards it rested on are revoked now, read from their own streams.
        context: async (state) => ({
          ...(await noContext()),
          revokedBasis: state.exists ? await this.lookups.revokedCommendations(state.decision.restsOn ?? []) : [],
        }),
      },
      request,
    );
  }
}

@CommandHandler(SetConferralParameters)
export class SetConferralParametersHandler implements ICommandHandler<SetConferralParameters> {
  constructor(private readonly writer: LedgerWriter) {}
  execute({ body, request }: SetConferralParameters) {
    const { year, ...changes } = body;
    return this.writer.execute(
      {
        streamId: streamIds.conferralParameters(year),
        decider: conferralParametersDecider,
        command: { type: 'SetConferralParameters', year, changes },
        context: async () => undefined,
        answer: { year },
      },
      request,
    );
  }
}

export const commendationHandlers = [
  RecordCommendationHandler,
  RevokeCommendationHandler,
  RecordRecoveryHandler,
  ConcludeReviewHandler,
  SetConferralParametersHandler,
];
