import { Authorize } from '../../http/auth/access.decorator.js';
import { Body, Controller, Delete, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { LedgerIdParam } from '../../http/params.js';
import { WriteDocs } from '../../http/write-docs.js';
import { Write } from '../../http/write-request.decorator.js';
import { sendWrite } from '../../http/write-response.js';
import type { WriteRequest } from '../../streams/write-request.js';
import {
  AddClusterMemberDto,
  RemoveClusterMemberQuery,
  AddPhaseDto,
  EmptyDto,
  FormClusterDto,
  LaunchCampaignDto,
  PublishRankingDto,
  ReportPledgeActualDto,
  SignPledgeDto,
  WithdrawPhaseDto,
  ProposePhaseWithdrawalDto,
  ApprovePhaseWithdrawalDto,
  RejectPhaseWithdrawalDto,
  WithdrawPublicationDto,
} from './campaigns.dto.js';
import { RankingPublisher } from './ranking-publisher.js';
import { uuidv7 } from '../../event-store/uuid-v7.js';
import {
  AddPhase,
  ChangeClusterMembership,
  CloseCampaign,
  ClosePhase,
  FormCluster,
  LaunchCampaign,
  ReportPledgeActual,
  SignPledge,
  WithdrawPhase,
  DecidePhaseWithdrawal,
  WithdrawPublication,
} from './campaigns.handlers.js';

@ApiTags('Phong trào, đợt, cụm/khối, giao ước (campaigns)')
@Controller('api/campaigns')
export class CampaignsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly publisher: RankingPublisher,
  ) {}

  @Authorize({ roles: ['emulation-officer'], scope: [{ kind: 'unit', from: { body: 'organizerUnitId' } }] })
  @Post()
  @WriteDocs('Launch a campaign with its scoring scale (phát động phong trào, thang điểm)')
  async launch(@Body() body: LaunchCampaignDto, @Write() request: WriteRequest, @Res({ passthrough: true }) res: Response) {
    return sendWrite(res, await this.commands.execute(new LaunchCampaign(body, request)));
  }

  @Authorize({ roles: ['emulation-officer'], scope: [{ kind: 'campaign-organizer', from: { param: 'id' } }] })
  @Post(':id/phases')
  @WriteDocs('Add a phase (đợt thi đua)')
  async addPhase(@LedgerIdParam('id') id: string, @Body() body: AddPhaseDto, @Write() request: WriteRequest, @Res({ passthrough: true }) res: Response) {
    return sendWrite(res, await this.commands.execute(new AddPhase(id, body, request)));
  }

  @Authorize({ roles: ['emulation-officer'], scope: [{ kind: 'campaign-organizer', from: { param: 'id' } }] })
  @Post(':id/phases/:phaseId/close')
  @WriteDocs('Close a phase (kết thúc đợt thi đua)')
  async closePhase(
    @LedgerIdParam('id') id: string,
    @LedgerIdParam('phaseId') phaseId: string,
    @Body() _body: EmptyDto,
    @Write() request: WriteRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return sendWrite(res, await this.commands.execute(new ClosePhase(id, phaseId, request)));
  }

  @Authorize({ roles: ['emulation-officer'], scope: [{ kind: 'campaign-organizer', from: { param: 'id' } }] })
  @Post(':id/phases/:phaseId/withdrawal')
  @WriteDocs('Withdraw a phase created by mistake (rút đợt thi đua tạo nhầm), before it starts; its creation stays on record')
  async withdrawPhase(
    @LedgerIdParam('id') id: string,
    @LedgerIdParam('phaseId') phaseId: string,
    @Body() body: WithdrawPhaseDto,
    @Write() request: WriteRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return sendWrite(res, await this.commands.execute(new WithdrawPhase(id, phaseId, body, request)));
  }

  /** Two-person rule, as for score changes in a closed phase: a started phase is withdrawn only when a second administrator approves. */
  @Authorize({ roles: ['administrator'] })
  @Post(':id/phases/:phaseId/withdrawal-proposals')
  @WriteDocs(
    'Propose withdrawing a phase that has started (đề xuất rút đợt thi đua), for a second administrator to approve; refused while score entries name it',
  )
  async proposePhaseWithdrawal(
    @LedgerIdParam('id') id: string,
    @LedgerIdParam('phaseId') phaseId: string,
    @Body() body: ProposePhaseWithdrawalDto,
    @Write() request: WriteRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return sendWrite(res, await this.commands.execute(new DecidePhaseWithdrawal(id, { kind: 'propose', phaseId, body }, request)));
  }

  @Authorize({ roles: ['administrator'] })
  @Post(':id/phase-withdrawal-proposals/:proposalId/approval')
  @WriteDocs('Approve a phase withdrawal (phê duyệt rút đợt): the phase is withdrawn; the approver must not be the proposer')
  async approvePhaseWithdrawal(
    @LedgerIdParam('id') id: string,
    @LedgerIdParam('proposalId') proposalId: string,
    @Body() body: ApprovePhaseWithdrawalDto,
    @Write() request: WriteRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return sendWrite(res, await this.commands.execute(new DecidePhaseWithdrawal(id, { kind: 'approve', proposalId, body }, request)));
  }

  @Authorize({ roles: ['administrator'] })
  @Post(':id/phase-withdrawal-proposals/:proposalId/rejection')
  @WriteDocs('Reject a phase withdrawal (từ chối) with a reason: the phase stays')
  async rejectPhaseWithdrawal(
    @LedgerIdParam('id') id: string,
    @LedgerIdParam('proposalId') proposalId: string,
    @Body() body: RejectPhaseWithdrawalDto,
    @Write() request: WriteRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return sendWrite(res, await this.commands.execute(new DecidePhaseWithdrawal(id, { kind: 'reject', proposalId, body }, request)));
  }

  @Authorize({ roles: ['emulation-officer'], scope: [{ kind: 'campaign-organizer', from: { param: 'id' } }] })
  @Post(':id/close')
  @WriteDocs('Close the campaign (tổng kết phong trào)')
  async close(@LedgerIdParam('id') id: string, @Body() _body: EmptyDto, @Write() request: WriteRequest, @Res({ passthrough: true }) res: Response) {
    return sendWrite(res, await this.commands.execute(new CloseCampaign(id, request)));
  }

  @Authorize({ roles: ['emulation-officer'], scope: [{ kind: 'campaign-organizer', from: { param: 'id' } }] })
  @Post(':id/clusters')
  @WriteDocs('Form a cluster or block (cụm, khối thi đua)')
  async formCluster(@LedgerIdParam('id') id: string, @Body() body: FormClusterDto, @Write() request: WriteRequest, @Res({ passthrough: true }) res: Response) {
    return sendWrite(res, await this.commands.execute(new FormCluster(id, body, request)));
  }

  @Authorize({ roles: ['emulation-officer'], scope: [{ kind: 'campaign-organizer', from: { param: 'id' } }] })
  @Post(':id/clusters/:clusterId/members')
  @WriteDocs('Add a member unit to a cluster')
  async addMember(
    @LedgerIdParam('id') id: string,
    @LedgerIdParam('clusterId') clusterId: string,
    @Body() body: AddClusterMemberDto,
    @Write() request: WriteRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return sendWrite(res, await this.commands.execute(new ChangeClusterMembership('add', id, clusterId, body.unitId, body.effectiveOn ?? null, request)));
  }

  @Authorize({ roles: ['emulation-officer'], scope: [{ kind: 'campaign-organizer', from: { param: 'id' } }] })
  @Delete(':id/clusters/:clusterId/members/:unitId')
  @WriteDocs('Remove a member unit from a cluster')
  async removeMember(
    @LedgerIdParam('id') id: string,
    @LedgerIdParam('clusterId') clusterId: string,
    @LedgerIdParam('unitId') unitId: string,
    @Query() query: RemoveClusterMemberQuery,
    @Write() request: WriteRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return sendWrite(res, await this.commands.execute(new ChangeClusterMembership('remove', id, clusterId, unitId, query.effectiveOn ?? null, request)));
  }

  @Authorize({ roles: ['emulation-officer'], scope: [{ kind: 'campaign-organizer', from: { param: 'id' } }] })
  @Post(':id/clusters/:clusterId/rankings/publications')
  @WriteDocs('Publish the cluster ranking as it stands (công bố kết quả xếp hạng): its rows and the log position it reflects')
  async publishRanking(
    @LedgerIdParam('id') id: string,
    @LedgerIdParam('clusterId') clusterId: string,
    @Body() body: PublishRankingDto,
    @Write() request: WriteRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    const publication = { campaignId: id, clusterId, publicationId: body.id ?? uuidv7(), period: body.period, phaseId: body.phaseId ?? null, final: false };
    return sendWrite(res, await this.publisher.publish(publication, request));
  }

  @Authorize({ roles: ['emulation-officer'], scope: [{ kind: 'campaign-organizer', from: { param: 'id' } }] })
  @Post(':id/clusters/:clusterId/rankings/publications/:publicationId/withdrawal')
  @WriteDocs('Withdraw a publication (thu hồi kết quả công bố), optionally superseded by a later one; the original stays on record')
  async withdrawPublication(
    @LedgerIdParam('id') id: string,
    @LedgerIdParam('clusterId') clusterId: string,
    @LedgerIdParam('publicationId') publicationId: string,
    @Body() body: WithdrawPublicationDto,
    @Write() request: WriteRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return sendWrite(res, await this.commands.execute(new WithdrawPublication(id, clusterId, publicationId, body, request)));
  }

  @Authorize({ roles: ['recorder'], scope: [{ kind: 'unit', from: { body: 'unitId' } }] })
  @Post(':id/pledges')
  @WriteDocs('Sign a pledge with targets (đăng ký, giao ước thi đua)')
  async signPledge(@LedgerIdParam('id') id: string, @Body() body: SignPledgeDto, @Write() request: WriteRequest, @Res({ passthrough: true }) res: Response) {
    return sendWrite(res, await this.commands.execute(new SignPledge(id, body, request)));
  }

  @Authorize({ roles: ['recorder'], scope: [{ kind: 'unit', from: { body: 'unitId' } }] })
  @Post(':id/pledges/:pledgeId/actuals')
  @WriteDocs("Report a measured target's actual for a month (báo cáo kết quả thực hiện chỉ tiêu), with evidence")
  async reportPledgeActual(
    @LedgerIdParam('id') id: string,
    @LedgerIdParam('pledgeId') pledgeId: string,
    @Body() body: ReportPledgeActualDto,
    @Write() request: WriteRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return sendWrite(res, await this.commands.execute(new ReportPledgeActual(id, pledgeId, body, request)));
  }
}
