import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { campaignDecider } from '../../ledger/campaigns/campaign.decider.js';
import { clusterDecider } from '../../ledger/campaigns/cluster.decider.js';
import { pledgeDecider } from '../../ledger/campaigns/pledge.decider.js';
import { streamIds } from '../../ledger/ids.js';
import { parsePoints } from '../../ledger/points.js';
import { campaignState, unitExists, unknownUnits } from '../../streams/lookups.js';
import type { WriteRequest, WriteResult } from '../../streams/write-request.js';
import { LedgerWriter } from '../shared/ledger-writer.js';
import type { AddPhaseDto, FormClusterDto, LaunchCampaignDto, SignPledgeDto } from './campaigns.dto.js';

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
  execute({ change, campaignId, clusterId, unitId, request }: ChangeClusterMembership) {
    return this.writer.execute(
      {
        streamId: streamIds.cluster(campaignId, clusterId),
        decider: clusterDecider,
        command: { type: change === 'add' ? 'AddClusterMember' : 'RemoveClusterMember', campaignId, clusterId, unitId },
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
          signedOn: body.signedOn,
          targets: body.targets.map((t) => ({
            criterionId: t.criterionId,
            description: t.description ?? null,
            target: parsePoints(t.target),
            measure: t.measure ?? null,
          })),
        },
        context: async (_, reader) => ({ campaign: await campaignState(reader, campaignId), unitExists: await unitExists(reader, body.unitId) }),
      },
      request,
    );
  }
}

export const campaignHandlers = [
  LaunchCampaignHandler,
  AddPhaseHandler,
  ClosePhaseHandler,
  CloseCampaignHandler,
  FormClusterHandler,
  ChangeClusterMembershipHandler,
  SignPledgeHandler,
];
