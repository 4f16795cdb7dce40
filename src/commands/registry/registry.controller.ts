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
import { MoveUnitDto, RegisterOfficerDto, RegisterUnitDto } from './registry.dto.js';
import { MoveUnit, RegisterOfficer, RegisterUnit } from './registry.handlers.js';

@ApiTags('Đăng ký đơn vị, cán bộ (registry)')
@Controller('api')
export class RegistryController {
  constructor(private readonly commands: CommandBus) {}

  @Authorize({ roles: ['emulation-officer'], scope: [{ kind: 'unit', from: { body: 'parentId' } }] })
  @Post('units')
  @WriteDocs('Register a unit (đăng ký đơn vị)')
  async registerUnit(@Body() body: RegisterUnitDto, @Write() request: WriteRequest, @Res({ passthrough: true }) res: Response) {
    return sendWrite(res, await this.commands.execute(new RegisterUnit(body, request)));
  }

  @Authorize({
    roles: ['emulation-officer'],
    scope: [
      { kind: 'unit', from: { param: 'id' } },
      { kind: 'unit', from: { body: 'parentId' } },
    ],
  })
  @Post('units/:id/moves')
  @WriteDocs('Move a unit under a new parent (sáp nhập, tổ chức lại)')
  async moveUnit(@LedgerIdParam('id') id: string, @Body() body: MoveUnitDto, @Write() request: WriteRequest, @Res({ passthrough: true }) res: Response) {
    return sendWrite(res, await this.commands.execute(new MoveUnit(id, body, request)));
  }

  @Authorize({ roles: ['emulation-officer'], scope: [{ kind: 'unit', from: { body: 'unitId' } }] })
  @Post('officers')
  @WriteDocs('Register an officer (cán bộ chiến sĩ)')
  async registerOfficer(@Body() body: RegisterOfficerDto, @Write() request: WriteRequest, @Res({ passthrough: true }) res: Response) {
    return sendWrite(res, await this.commands.execute(new RegisterOfficer(body, request)));
  }
}
