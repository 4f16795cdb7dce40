import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { LedgerIdParam } from '../../http/params.js';
import { WriteDocs } from '../../http/write-docs.js';
import { Write } from '../../http/write-request.decorator.js';
import { sendWrite } from '../../http/write-response.js';
import type { WriteRequest } from '../shared/write-request.js';
import { RecordCommendationDto, RevokeCommendationDto } from './commendations.dto.js';
import { RecordCommendation, RevokeCommendation } from './commendations.handlers.js';

@ApiTags('Khen thưởng (commendations)')
@Controller('api/commendations')
export class CommendationsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @WriteDocs('Record a commendation decision (quyết định khen thưởng)')
  async record(@Body() body: RecordCommendationDto, @Write() request: WriteRequest, @Res({ passthrough: true }) res: Response) {
    return sendWrite(res, await this.commands.execute(new RecordCommendation(body, request)));
  }

  @Post(':id/revocation')
  @WriteDocs('Revoke a commendation (hủy bỏ quyết định khen thưởng); the original stays on record')
  async revoke(@LedgerIdParam('id') id: string, @Body() body: RevokeCommendationDto, @Write() request: WriteRequest, @Res({ passthrough: true }) res: Response) {
    return sendWrite(res, await this.commands.execute(new RevokeCommendation(id, body, request)));
  }
}
