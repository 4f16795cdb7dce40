import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { achievementClaim, commendationDecider, newQuotaSlots, type CommendationState } from '../../ledger/commendations/commendation.decider.js';
import { canonicalTitle } from '../../ledger/commendations/conferral-authority.js';
import { conferralParametersDecider } from '../../ledger/commendations/conferral-parameters.js';
import { ELIGIBILITY_FACTS, type EligibilityFactsSource } from '../../ledger/commendations/eligibility-facts.port.js';
import { achievementYear, factsNeeded } from '../../ledger/commendations/eligibility.js';
import type { CommendationRecorded } from '../../ledger/events.js';
import { streamIds } from '../../ledger/ids.js';
import { campaignState, conferralParameters, officerExists, revokedCommendations, unitExists } from '../../streams/lookups.js';
import type { StreamReader } from '../../streams/stream-states.js';
import type { WriteRequest, WriteResult } from '../../streams/write-request.js';
import { LedgerWriter } from '../shared/ledger-writer.js';
import type {
  AnnulRevocationDto,
  ConcludeReviewDto,
  CorrectCommendationDto,
  RecordCommendationDto,
  RecordRecoveryDto,
  RevokeCommendationDto,
  SetConferralParametersDto,
} from './commendations.dto.js';

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
export class AnnulRevocation extends Command<WriteResult> {
  constructor(
    readonly commendationId: string,
    readonly body: AnnulRevocationDto,
    readonly request: WriteRequest,
  ) {
    super();
  }
}
export class CorrectCommendation extends Command<WriteResult> {
  constructor(
    readonly commendationId: string,
    readonly body: CorrectCommendationDto,
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
    @Inject(ELIGIBILITY_FACTS) private readonly facts: EligibilityFactsSource,
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
      ...(body.recordedAs === 'historical' && body.source
        ? {
            recordedAs: 'historical' as const,
            source: { document: body.source.document, page: body.source.page ?? null, fileRef: body.source.fileRef ?? null },
          }
        : {}),
    };
    return this.writer.execute(
      {
        streamId: streamIds.commendation(body.id),
        decider: commendationDecider,
        command: { type: 'RecordCommendation', ...decision },
        // docs/domain.md §6 rule 1: one achievement, one award, held by the store across all commendations;
        // rule 6: the quota slot the decision takes.
        claims: (events) => [
          ...(body.achievementId ? [achievementClaim(body.achievementId)] : []),
          ...events.flatMap((e) => (e.type === 'CommendationRecorded' ? (e.data.quotaSlots ?? []) : [])),
        ],
        retryClaim: isQuotaSlot,
        context: async (state, reader) => ({
          recipientExists: body.recipient.kind === 'collective' ? await unitExists(reader, body.recipient.id) : await officerExists(reader, body.recipient.id),
          campaign: campaignId === null ? null : await campaignState(reader, campaignId),
          // A decision already recorded is refused (409) before its eligibility is looked at.
          eligibility: state.exists ? null : await this.eligibilityFacts(decision, reader),
          revokedBasis: [],
        }),
      },
      request,
    );
  }

  /** Only the facts the decision's rules look at; the year's parameters from their stream, so that a change of them is a conflict. */
  private async eligibilityFacts(decision: CommendationRecorded['data'], reader: StreamReader) {
    if (factsNeeded(decision).size === 0) return null;
    return this.facts.gather(decision, await conferralParameters(reader, achievementYear(decision)));
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
  constructor(private readonly writer: LedgerWriter) {}
  execute({ commendationId, body, request }: ConcludeReview) {
    return this.writer.execute(
      {
        streamId: streamIds.commendation(commendationId),
        decider: commendationDecider,
        command: { type: 'ConcludeReview', commendationId, reason: body.reason },
        // Which awards it rested on are revoked now, read from their own streams.
        context: async (state, reader) => ({
          ...(await noContext()),
          revokedBasis: state.exists ? await revokedCommendations(reader, state.decision.restsOn ?? []) : [],
        }),
      },
      request,
    );
  }
}

@CommandHandler(AnnulRevocation)
export class AnnulRevocationHandler implements ICommandHandler<AnnulRevocation> {
  constructor(private readonly writer: LedgerWriter) {}
  execute({ commendationId, body, request }: AnnulRevocation) {
    return this.writer.execute(
      {
        streamId: streamIds.commendation(commendationId),
        decider: commendationDecider,
        command: {
          type: 'AnnulRevocation',
          commendationId,
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

@CommandHandler(CorrectCommendation)
export class CorrectCommendationHandler implements ICommandHandler<CorrectCommendation> {
  constructor(
    private readonly writer: LedgerWriter,
    @Inject(ELIGIBILITY_FACTS) private readonly facts: EligibilityFactsSource,
  ) {}
  execute({ commendationId, body, request }: CorrectCommendation) {
    const recipient = body.recipient ? { kind: body.recipient.kind, id: body.recipient.id } : null;
    let before: CommendationState = { exists: false };
    return this.writer.execute(
      {
        streamId: streamIds.commendation(commendationId),
        decider: commendationDecider,
        command: {
          type: 'CorrectCommendation',
          commendationId,
          reason: body.reason,
          decisionNo: body.decisionNo ?? null,
          decidedOn: body.decidedOn ?? null,
          recipient,
        },
        // A new recipient or date: the facts of the corrected decision (this one not counted), as for a new decision.
        context: async (state, reader) => {
          before = state;
          if ((recipient === null && !body.decidedOn) || !state.exists) return noContext();
          const corrected = { ...state.decision, ...(recipient ? { recipient } : {}), ...(body.decidedOn ? { decidedOn: body.decidedOn } : {}) };
          return {
            recipientExists:
              recipient === null ? true : recipient.kind === 'collective' ? await unitExists(reader, recipient.id) : await officerExists(reader, recipient.id),
            campaign: null,
            eligibility:
              factsNeeded(corrected).size === 0 ? null : await this.facts.gather(corrected, await conferralParameters(reader, achievementYear(corrected))),
            revokedBasis: [],
          };
        },
        // Only the slots in a new scope are taken anew; one achievement, one award: the claim stays with the decision.
        claims: (events) => events.flatMap((e) => (e.type === 'CommendationCorrected' ? newQuotaSlots(e, before) : [])),
        retryClaim: isQuotaSlot,
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
  AnnulRevocationHandler,
  CorrectCommendationHandler,
  SetConferralParametersHandler,
];
