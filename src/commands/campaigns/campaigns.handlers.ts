import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { uuidv7 } from '../../event-store/uuid-v7.js';
import { PHASE_ENTRIES, type PhaseEntriesSource } from '../../ledger/campaigns/phase-entries.port.js';
import { campaignDecider } from '../../ledger/campaigns/campaign.decider.js';
import { clusterDecider } from '../../ledger/campaigns/cluster.decider.js';
import { pledgeDecider } from '../../ledger/campaigns/pledge.decider.js';
import { streamIds } from '../../ledger/ids.js';
import { parsePoints } from '../../ledger/points.js';
import { campaignState, mergeSuccessors, unitExists, unknownUnits } from '../../streams/lookups.js';
import type { WriteRequest, WriteResult } from '../../streams/write-request.js';
import { LedgerWriter } from '../shared/ledger-writer.js';
import { vietnamToday } from '../../http/validation.js';
import { measureOf } from './campaigns.dto.js';
import type {
  AddPhaseDto,
  FormClusterDto,
  LaunchCampaignDto,
  ReportPledgeActualDto,
  SignPledgeDto,
  WithdrawPhaseDto,
  ProposePhaseWithdrawalDto,
  ApprovePhaseWithdrawalDto,
  RejectPhaseWithdrawalDto,
  WithdrawPublicationDto,
} from './campaigns.dto.js';
import { officerDecider } from '../../ledger/registry/officer.decider.js';
import type { StreamReader } from '../../streams/stream-states.js';

export class LaunchCampaign extends Command<WriteResult> {
  constructor(
    readonly body: LaunchCampaignDto,
    readonly request: WriteRequest,
  ) {
    super();
  }
}
export class AddPhase extends Command<WriteResult> {
  constructor(
    readonly campaignId: string,
    readonly body: AddPhaseDto,
    readonly request: WriteRequest,
  ) {
    super();
  }
}
export class ClosePhase extends Command<WriteResult> {
  constructor(
    readonly campaignId: string,
    readonly phaseId: string,
    readonly request: WriteRequest,
  ) {
    super();
  }
}
export class WithdrawPhase extends Command<WriteResult> {
  constructor(
    readonly campaignId: string,
    readonly phaseId: string,
    readonly body: WithdrawPhaseDto,
    readonly request: WriteRequest,
  ) {
    super();
  }
}
/** A started phase's withdrawal under the two-person rule: proposed, then approved or rejected by another administrator. */
export class DecidePhaseWithdrawal extends Command<WriteResult> {
  constructor(
    readonly campaignId: string,
    readonly decision:
      | { kind: 'propose'; phaseId: string; body: ProposePhaseWithdrawalDto }
      | { kind: 'approve'; proposalId: string; body: ApprovePhaseWithdrawalDto }
      | { kind: 'reject'; proposalId: string; body: RejectPhaseWithdrawalDto },
    readonly request: WriteRequest,
  ) {
    super();
  }
}
export class WithdrawPublication extends Command<WriteResult> {
  constructor(
    readonly campaignId: string,
    readonly clusterId: string,
    readonly publicationId: string,
    readonly body: WithdrawPublicationDto,
    readonly request: WriteRequest,
  ) {
    super();
  }
}
export class CloseCampaign extends Command<WriteResult> {
  constructor(
    readonly campaignId: string,
    readonly request: WriteRequest,
  ) {
    super();
  }
}
export class FormCluster extends Command<WriteResult> {
  constructor(
    readonly campaignId: string,
    readonly body: FormClusterDto,
    readonly request: WriteRequest,
  ) {
    super();
  }
}
export class ChangeClusterMembership extends Command<WriteResult> {
  constructor(
    readonly change: 'add' | 'remove',
    readonly campaignId: string,
    readonly clusterId: string,
    readonly unitId: string,
    /** The business date it takes effect (null: the day it is recorded, in Vietnam time). */
    readonly effectiveOn: string | null,
    readonly request: WriteRequest,
  ) {
    super();
  }
}
export class ReportPledgeActual extends Command<WriteResult> {
  constructor(
    readonly campaignId: string,
    readonly pledgeId: string,
    readonly body: ReportPledgeActualDto,
    readonly request: WriteRequest,
  ) {
    super();
  }
}
export class SignPledge extends Command<WriteResult> {
  constructor(
    readonly campaignId: string,
    readonly body: SignPledgeDto,
    readonly request: WriteRequest,
  ) {
    super();
  }
}

/** Phases and closing decide on the campaign's own stream alone. */
const noContext = async () => ({ organizerExists: true });

@CommandHandler(LaunchCampaign)
export class LaunchCampaignHandler implements ICommandHandler<LaunchCampaign> {
  constructor(private readonly writer: LedgerWriter) {}
  execute({ body, request }: LaunchCampaign) {
    return this.writer.execute(
      {
        streamId: streamIds.campaign(body.id),
        decider: campaignDecider,
        command: {
          type: 'LaunchCampaign',
          campaignId: body.id,
          title: body.title,
          form: body.form,
          organizerUnitId: body.organizerUnitId,
          startsOn: body.startsOn,
          endsOn: body.endsOn,
          slogan: body.slogan ?? null,
          scale: {
            groups: body.scale.groups.map((g) => ({ id: g.id, name: g.name, maxPoints: parsePoints(g.maxPoints) })),
            criteria: body.scale.criteria.map((c) => ({ id: c.id, groupId: c.groupId, name: c.name, maxPoints: parsePoints(c.maxPoints) })),
            bonusCap: parsePoints(body.scale.bonusCap),
          },
        },
        context: async (_, reader) => ({ organizerExists: await unitExists(reader, body.organizerUnitId) }),
      },
      request,
    );
  }
}

@CommandHandler(AddPhase)
export class AddPhaseHandler implements ICommandHandler<AddPhase> {
  constructor(private readonly writer: LedgerWriter) {}
  execute({ campaignId, body, request }: AddPhase) {
    return this.writer.execute(
      {
        streamId: streamIds.campaign(campaignId),
        decider: campaignDecider,
        command: {
          type: 'AddPhase',
          campaignId,
          phaseId: body.id,
          name: body.name,
          startsOn: body.startsOn,
          endsOn: body.endsOn,
          occasion: body.occasion ?? null,
          slogan: body.slogan ?? null,
        },
        context: noContext,
        answer: { phaseId: body.id },
      },
      request,
    );
  }
}

@CommandHandler(ClosePhase)
export class ClosePhaseHandler implements ICommandHandler<ClosePhase> {
  constructor(private readonly writer: LedgerWriter) {}
  execute({ campaignId, phaseId, request }: ClosePhase) {
    return this.writer.execute(
      { streamId: streamIds.campaign(campaignId), decider: campaignDecider, command: { type: 'ClosePhase', campaignId, phaseId }, context: noContext },
      request,
    );
  }
}

@CommandHandler(WithdrawPhase)
export class WithdrawPhaseHandler implements ICommandHandler<WithdrawPhase> {
  constructor(private readonly writer: LedgerWriter) {}
  execute({ campaignId, phaseId, body, request }: WithdrawPhase) {
    return this.writer.execute(
      {
        streamId: streamIds.campaign(campaignId),
        decider: campaignDecider,
        // Today in Vietnam (UTC+7): a phase starting later than today has not started.
        command: { type: 'WithdrawPhase', campaignId, phaseId, reason: body.reason, today: vietnamToday() },
        context: noContext,
      },
      request,
    );
  }
}

@CommandHandler(DecidePhaseWithdrawal)
export class DecidePhaseWithdrawalHandler implements ICommandHandler<DecidePhaseWithdrawal> {
  constructor(
    private readonly writer: LedgerWriter,
    @Inject(PHASE_ENTRIES) private readonly entries: PhaseEntriesSource,
  ) {}

  execute({ campaignId, decision, request }: DecidePhaseWithdrawal) {
    const actor = request.actor;
    const today = vietnamToday();
    const proposalId = decision.kind === 'propose' ? (decision.body.proposalId ?? uuidv7()) : decision.proposalId;
    const command =
      decision.kind === 'propose'
        ? ({ type: 'ProposePhaseWithdrawal', campaignId, phaseId: decision.phaseId, proposalId, reason: decision.body.reason, actor, today } as const)
        : decision.kind === 'approve'
          ? ({ type: 'ApprovePhaseWithdrawal', campaignId, proposalId, actor, note: decision.body.note ?? null, today } as const)
          : ({ type: 'RejectPhaseWithdrawal', campaignId, proposalId, actor, reason: decision.body.reason } as const);
    return this.writer.execute(
      {
        streamId: streamIds.campaign(campaignId),
        decider: campaignDecider,
        command,
        // The phase's entries live in scorecard streams: the read side lists those still live, at the head of the log.
        context: async (state) => {
          if (decision.kind === 'reject' || !state.exists) return { organizerExists: true };
          const phaseId = decision.kind === 'propose' ? decision.phaseId : state.withdrawalProposals.get(proposalId)?.phaseId;
          return { organizerExists: true, liveEntries: phaseId === undefined ? [] : await this.entries.liveEntries(campaignId, phaseId) };
        },
        answer: { proposalId },
      },
      request,
    );
  }
}

@CommandHandler(WithdrawPublication)
export class WithdrawPublicationHandler implements ICommandHandler<WithdrawPublication> {
  constructor(private readonly writer: LedgerWriter) {}
  execute({ campaignId, clusterId, publicationId, body, request }: WithdrawPublication) {
    return this.writer.execute(
      {
        streamId: streamIds.cluster(campaignId, clusterId),
        decider: clusterDecider,
        command: { type: 'WithdrawPublication', campaignId, clusterId, publicationId, reason: body.reason, supersededBy: body.supersededBy ?? null },
        context: async (_, reader) => ({ campaign: await campaignState(reader, campaignId), unknownUnitIds: new Set<string>() }),
      },
      request,
    );
  }
}

@CommandHandler(CloseCampaign)
export class CloseCampaignHandler implements ICommandHandler<CloseCampaign> {
  constructor(private readonly writer: LedgerWriter) {}
  execute({ campaignId, request }: CloseCampaign) {
    return this.writer.execute(
      { streamId: streamIds.campaign(campaignId), decider: campaignDecider, command: { type: 'CloseCampaign', campaignId }, context: noContext },
      request,
    );
  }
}

@CommandHandler(FormCluster)
export class FormClusterHandler implements ICommandHandler<FormCluster> {
  constructor(private readonly writer: LedgerWriter) {}
  execute({ campaignId, body, request }: FormCluster) {
    return this.writer.execute(
      {
        streamId: streamIds.cluster(campaignId, body.id),
        decider: clusterDecider,
        command: {
          type: 'FormCluster',
          campaignId,
          clusterId: body.id,
          name: body.name,
          kind: body.kind,
          headUnitId: body.headUnitId,
          deputyUnitId: body.deputyUnitId ?? null,
          memberUnitIds: body.memberUnitIds,
        },
        context: async (_, reader) => ({
          campaign: await campaignState(reader, campaignId),
          unknownUnitIds: await unknownUnits(reader, body.memberUnitIds),
        }),
      },
      request,
    );
  }
}

@CommandHandler(ChangeClusterMembership)
export class ChangeClusterMembershipHandler implements ICommandHandler<ChangeClusterMembership> {
  constructor(private readonly writer: LedgerWriter) {}
  execute({ change, campaignId, clusterId, unitId, effectiveOn, request }: ChangeClusterMembership) {
    return this.writer.execute(
      {
        streamId: streamIds.cluster(campaignId, clusterId),
        decider: clusterDecider,
        command: { type: change === 'add' ? 'AddClusterMember' : 'RemoveClusterMember', campaignId, clusterId, unitId, effectiveOn, today: vietnamToday() },
        context: async (_, reader) => ({
          campaign: await campaignState(reader, campaignId),
          unknownUnitIds: change === 'add' ? await unknownUnits(reader, [unitId]) : new Set<string>(),
        }),
      },
      request,
    );
  }
}

@CommandHandler(SignPledge)
export class SignPledgeHandler implements ICommandHandler<SignPledge> {
  constructor(private readonly writer: LedgerWriter) {}
  execute({ campaignId, body, request }: SignPledge) {
    return this.writer.execute(
      {
        streamId: streamIds.pledge(campaignId, body.id),
        decider: pledgeDecider,
        command: {
          type: 'SignPledge',
          campaignId,
          pledgeId: body.id,
          unitId: body.unitId,
          officerId: body.officerId ?? null,
          signedOn: body.signedOn,
          targets: body.targets.map((t) => ({
            criterionId: t.criterionId,
            description: t.description ?? null,
            target: parsePoints(t.target),
            ...measureOf(t),
            direction: t.direction ?? null,
          })),
        },
        context: async (_, reader) => ({
          campaign: await campaignState(reader, campaignId),
          unitExists: await unitExists(reader, body.unitId),
          officerUnitId: body.officerId ? await officerUnit(reader, body.officerId) : null,
        }),
      },
      request,
    );
  }
}

@CommandHandler(ReportPledgeActual)
export class ReportPledgeActualHandler implements ICommandHandler<ReportPledgeActual> {
  constructor(private readonly writer: LedgerWriter) {}
  execute({ campaignId, pledgeId, body, request }: ReportPledgeActual) {
    return this.writer.execute(
      {
        streamId: streamIds.pledge(campaignId, pledgeId),
        decider: pledgeDecider,
        command: {
          type: 'ReportPledgeActual',
          campaignId,
          pledgeId,
          unitId: body.unitId,
          criterionId: body.criterionId,
          period: body.period,
          value: parsePoints(body.value),
          evidence: body.evidence ?? [],
        },
        context: async (pledge, reader) => ({
          campaign: await campaignState(reader, campaignId),
          unitExists: true,
          pledgeUnitSuccessors: pledge.exists ? await mergeSuccessors(reader, pledge.data.unitId) : [],
        }),
      },
      request,
    );
  }
}

/** The unit an officer serves in now, read from the officer's stream; null when there is no such officer. */
async function officerUnit(reader: StreamReader, officerId: string): Promise<string | null> {
  const { state } = await reader.read(officerDecider, streamIds.officer(officerId));
  return state.exists ? state.unitId : null;
}

export const campaignHandlers = [
  LaunchCampaignHandler,
  AddPhaseHandler,
  ClosePhaseHandler,
  WithdrawPhaseHandler,
  DecidePhaseWithdrawalHandler,
  CloseCampaignHandler,
  WithdrawPublicationHandler,
  FormClusterHandler,
  ChangeClusterMembershipHandler,
  SignPledgeHandler,
  ReportPledgeActualHandler,
];
