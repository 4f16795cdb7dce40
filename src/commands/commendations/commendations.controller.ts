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
  AnnulRevocationDto,
  ConcludeReviewDto,
  CorrectCommendationDto,
  RecordCommendationDto,
  RecordRecoveryDto,
  RevokeCommendationDto,
  SetConferralParametersDto,
} from './commendations.dto.js';
import {
  AnnulRevocation,
  ConcludeReview,
  CorrectCommendation,
  RecordCommendation,
  RecordRecovery,
  RevokeCommendation,
  SetConferralParameters,
} from './commendations.handlers.js';

@ApiTags('Khen thưởng (commendations)')
@Controller('api/commendations')
export class CommendationsController {
  constructor(private readonly commands: CommandBus) {}

  @Authorize({ roles: ['emulation-officer'], scope: [{ kind: 'recipient', from: { body: 'recipient' } }] })
  @Post()
  @WriteDocs('Record a commendation decision (quyết định khen thưởng)')
  async record(@Body() body: RecordCommendationDto, @Write() request: WriteRequest, @Res({ passthrough: true }) res: Response) {
    return sendWrite(res, await this.commands.execute(new RecordCommendation(body, request)));
  }

  @Authorize({ roles: ['emulation-officer'], scope: [{ kind: 'commendation-recipient', from: { param: 'id' } }] })
  @Post(':id/revocation')
  @WriteDocs('Revoke a commendation (hủy bỏ quyết định khen thưởng); the original stays on record')
  async revoke(
    @LedgerIdParam('id') id: string,
    @Body() body: RevokeCommendationDto,
    @Write() request: WriteRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return sendWrite(res, await this.commands.execute(new RevokeCommendation(id, body, request)));
  }

  @Authorize({ roles: ['emulation-officer'], scope: [{ kind: 'commendation-recipient', from: { param: 'id' } }] })
  @Post(':id/recovery')
  @WriteDocs('Record the recovery (thu hồi) of the award object and/or money after a revocation')
  async recover(@LedgerIdParam('id') id: string, @Body() body: RecordRecoveryDto, @Write() request: WriteRequest, @Res({ passthrough: true }) res: Response) {
    return sendWrite(res, await this.commands.execute(new RecordRecovery(id, body, request)));
  }

  @Authorize({ roles: ['emulation-officer'], scope: [{ kind: 'commendation-recipient', from: { param: 'id' } }] })
  @Post(':id/review')
  @WriteDocs('Conclude the review of a decision that rested on a revoked one: upheld (to withdraw it, revoke it)')
  async review(@LedgerIdParam('id') id: string, @Body() body: ConcludeReviewDto, @Write() request: WriteRequest, @Res({ passthrough: true }) res: Response) {
    return sendWrite(res, await this.commands.execute(new ConcludeReview(id, body, request)));
  }

  @Authorize({ roles: ['emulation-officer'], scope: [{ kind: 'commendation-recipient', from: { param: 'id' } }] })
  @Post(':id/revocation/annulment')
  @WriteDocs('Annul a revocation (hủy quyết định hủy bỏ): the decision is in force again; the revocation stays on record')
  async annulRevocation(
    @LedgerIdParam('id') id: string,
    @Body() body: AnnulRevocationDto,
    @Write() request: WriteRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return sendWrite(res, await this.commands.execute(new AnnulRevocation(id, body, request)));
  }

  // A new recipient must be in the caller's scope too (as for a new decision), as well as the present one.
  @Authorize(
    { roles: ['emulation-officer'], when: { body: 'recipient', equals: undefined }, scope: [{ kind: 'commendation-recipient', from: { param: 'id' } }] },
    {
      roles: ['emulation-officer'],
      when: { body: 'recipient', notEquals: undefined },
      scope: [
        { kind: 'commendation-recipient', from: { param: 'id' } },
        { kind: 'recipient', from: { body: 'recipient' } },
      ],
    },
  )
  @Post(':id/correction')
  @WriteDocs(
    "Correct a decision's number, date or recipient (đính chính quyết định): the original stays on record; a new recipient is checked as a new decision",
  )
  async correct(
    @LedgerIdParam('id') id: string,
    @Body() body: CorrectCommendationDto,
    @Write() request: WriteRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return sendWrite(res, await this.commands.execute(new CorrectCommendation(id, body, request)));
  }
}

@ApiTags('Khen thưởng (commendations)')
@Controller('api/conferral-parameters')
export class ConferralParametersController {
  constructor(private readonly commands: CommandBus) {}

  @Authorize({ roles: ['administrator'] }, { roles: ['emulation-officer'], scope: [{ kind: 'root' }] })
  @Post()
  @WriteDocs("Set the year's conferral parameters (quotas, Government flag top-k); unspecified ones keep their value")
  async set(@Body() body: SetConferralParametersDto, @Write() request: WriteRequest, @Res({ passthrough: true }) res: Response) {
    return sendWrite(res, await this.commands.execute(new SetConferralParameters(body, request)));
  }
}
