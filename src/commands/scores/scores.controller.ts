import { Authorize } from '../../http/auth/access.decorator.js';
import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { LedgerIdParam } from '../../http/params.js';
import { WriteDocs } from '../../http/write-docs.js';
import { Write } from '../../http/write-request.decorator.js';
import { sendWrite } from '../../http/write-response.js';
import type { WriteRequest } from '../../streams/write-request.js';
import {
  ApproveChangeDto,
  CorrectScoreEntryDto,
  ProposeChangeDto,
  RecordScoreEntryDto,
  RejectChangeDto,
  ReverseScoreEntryDto,
  VetoDecisionDto,
} from './scores.dto.js';
import { ChangeScore } from './scores.handlers.js';

@ApiTags('Chấm điểm (scores)')
@Controller('api/campaigns/:id/units/:unitId/score-entries')
export class ScoresController {
  constructor(private readonly commands: CommandBus) {}

  @Authorize(
    { roles: ['recorder'], scope: [{ kind: 'unit', from: { param: 'unitId' } }], when: { body: 'source', notEquals: 'cross-inspection' } },
    {
      roles: ['inspector'],
      scope: [{ kind: 'cluster-member', campaign: { param: 'id' }, unit: { param: 'unitId' } }],
      when: { body: 'source', equals: 'cross-inspection' },
    },
  )
  @Post()
  @WriteDocs('Record a score entry (tự chấm, kiểm tra chéo, điểm thưởng, điểm trừ)')
  async record(
    @LedgerIdParam('id') id: string,
    @LedgerIdParam('unitId') unitId: string,
    @Body() body: RecordScoreEntryDto,
    @Write() request: WriteRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return sendWrite(res, await this.commands.execute(new ChangeScore(id, unitId, { kind: 'record', body }, request)));
  }

  @Authorize(
    { roles: ['recorder'], scope: [{ kind: 'unit', from: { param: 'unitId' } }], when: { notEntrySource: 'cross-inspection' } },
    {
      roles: ['inspector'],
      scope: [{ kind: 'cluster-member', campaign: { param: 'id' }, unit: { param: 'unitId' } }],
      when: { entrySource: 'cross-inspection' },
    },
  )
  @Post(':entryId/reversal')
  @WriteDocs('Reverse a score entry: a compensating event, the original stays on record')
  async reverse(
    @LedgerIdParam('id') id: string,
    @LedgerIdParam('unitId') unitId: string,
    @LedgerIdParam('entryId') entryId: string,
    @Body() body: ReverseScoreEntryDto,
    @Write() request: WriteRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return sendWrite(res, await this.commands.execute(new ChangeScore(id, unitId, { kind: 'reverse', entryId, body }, request)));
  }

  @Authorize(
    { roles: ['recorder'], scope: [{ kind: 'unit', from: { param: 'unitId' } }], when: { notEntrySource: 'cross-inspection' } },
    {
      roles: ['inspector'],
      scope: [{ kind: 'cluster-member', campaign: { param: 'id' }, unit: { param: 'unitId' } }],
      when: { entrySource: 'cross-inspection' },
    },
  )
  @Post(':entryId/correction')
  @WriteDocs('Correct a score entry: reversal plus replacement, written atomically')
  async correct(
    @LedgerIdParam('id') id: string,
    @LedgerIdParam('unitId') unitId: string,
    @LedgerIdParam('entryId') entryId: string,
    @Body() body: CorrectScoreEntryDto,
    @Write() request: WriteRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return sendWrite(res, await this.commands.execute(new ChangeScore(id, unitId, { kind: 'correct', entryId, body }, request)));
  }
}

/** Điểm liệt: a decision that removes a unit's flag eligibility whatever its score, until lifted. */
@ApiTags('Chấm điểm (scores)')
@Controller('api/campaigns/:id/units/:unitId/vetoes')
export class VetoesController {
  constructor(private readonly commands: CommandBus) {}

  @Authorize({ roles: ['emulation-officer'], scope: [{ kind: 'campaign-organizer', from: { param: 'id' } }] })
  @Post()
  @WriteDocs('Impose a veto (điểm liệt) with its decision')
  async impose(
    @LedgerIdParam('id') id: string,
    @LedgerIdParam('unitId') unitId: string,
    @Body() body: VetoDecisionDto,
    @Write() request: WriteRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return sendWrite(res, await this.commands.execute(new ChangeScore(id, unitId, { kind: 'impose-veto', body }, request)));
  }

  @Authorize({ roles: ['emulation-officer'], scope: [{ kind: 'campaign-organizer', from: { param: 'id' } }] })
  @Post('lift')
  @WriteDocs('Lift the veto in force, with its decision')
  async lift(
    @LedgerIdParam('id') id: string,
    @LedgerIdParam('unitId') unitId: string,
    @Body() body: VetoDecisionDto,
    @Write() request: WriteRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return sendWrite(res, await this.commands.execute(new ChangeScore(id, unitId, { kind: 'lift-veto', body }, request)));
  }

  @Authorize({ roles: ['emulation-officer'], scope: [{ kind: 'campaign-organizer', from: { param: 'id' } }] })
  @Post('annulment')
  @WriteDocs('Annul the veto in force, imposed by mistake (hủy bỏ điểm liệt): unlike lifting, it never applied; the veto stays on record')
  async annul(
    @LedgerIdParam('id') id: string,
    @LedgerIdParam('unitId') unitId: string,
    @Body() body: VetoDecisionDto,
    @Write() request: WriteRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return sendWrite(res, await this.commands.execute(new ChangeScore(id, unitId, { kind: 'annul-veto', body }, request)));
  }
}

/**
 * Two-person rule: a score change in a closed phase or campaign is proposed by one administrator
 * and written only when a different one approves it (both accounts named in the events; the approver another account holding administrator).
 */
@ApiTags('Chấm điểm (scores)')
@Controller('api/campaigns/:id/units/:unitId/proposals')
export class ProposalsController {
  constructor(private readonly commands: CommandBus) {}

  @Authorize({ roles: ['administrator'] })
  @Post()
  @WriteDocs('Propose a change to a closed phase or campaign (đề xuất điều chỉnh), for a second administrator to approve')
  async propose(
    @LedgerIdParam('id') id: string,
    @LedgerIdParam('unitId') unitId: string,
    @Body() body: ProposeChangeDto,
    @Write() request: WriteRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return sendWrite(res, await this.commands.execute(new ChangeScore(id, unitId, { kind: 'propose', body }, request)));
  }

  @Authorize({ roles: ['administrator'] })
  @Post(':proposalId/approval')
  @WriteDocs('Approve a proposal (phê duyệt): writes its compensating events; the approver must not be the proposer')
  async approve(
    @LedgerIdParam('id') id: string,
    @LedgerIdParam('unitId') unitId: string,
    @LedgerIdParam('proposalId') proposalId: string,
    @Body() body: ApproveChangeDto,
    @Write() request: WriteRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return sendWrite(res, await this.commands.execute(new ChangeScore(id, unitId, { kind: 'approve', proposalId, body }, request)));
  }

  @Authorize({ roles: ['administrator'] })
  @Post(':proposalId/rejection')
  @WriteDocs('Reject a proposal (từ chối) with a reason; nothing changes in the score')
  async reject(
    @LedgerIdParam('id') id: string,
    @LedgerIdParam('unitId') unitId: string,
    @LedgerIdParam('proposalId') proposalId: string,
    @Body() body: RejectChangeDto,
    @Write() request: WriteRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return sendWrite(res, await this.commands.execute(new ChangeScore(id, unitId, { kind: 'reject', proposalId, body }, request)));
  }
}
