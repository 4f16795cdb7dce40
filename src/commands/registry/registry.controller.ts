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
  DissolveUnitDto,
  MergeUnitDto,
  MoveUnitDto,
  RegisterOfficerDto,
  RegisterUnitDto,
  RenameUnitDto,
  RetireOfficerDto,
  RetireUnitDto,
  TransferOfficerDto,
} from './registry.dto.js';
import {
  DissolveUnit,
  MergeUnit,
  MoveUnit,
  RegisterOfficer,
  RegisterUnit,
  RenameUnit,
  RetireOfficer,
  RetireUnit,
  TransferOfficer,
} from './registry.handlers.js';

const OFFICERS = ['emulation-officer'] as const;
const theUnit = { kind: 'unit', from: { param: 'id' } } as const;
/** The unit the officer :id serves in, as it stands when the request is decided. */
const theOfficer = { kind: 'officer', from: { param: 'id' } } as const;

@ApiTags('Đăng ký đơn vị, cán bộ (registry)')
@Controller('api')
export class RegistryController {
  constructor(private readonly commands: CommandBus) {}

  @Authorize({ roles: [...OFFICERS], scope: [{ kind: 'unit', from: { body: 'parentId' } }] })
  @Post('units')
  @WriteDocs('Register a unit (đăng ký đơn vị), with its establishedOn (ngày thành lập) when known')
  async registerUnit(@Body() body: RegisterUnitDto, @Write() request: WriteRequest, @Res({ passthrough: true }) res: Response) {
    return sendWrite(res, await this.commands.execute(new RegisterUnit(body, request)));
  }

  @Authorize({ roles: [...OFFICERS], scope: [theUnit, { kind: 'unit', from: { body: 'parentId' } }] })
  @Post('units/:id/moves')
  @WriteDocs('Move a unit under a new parent from effectiveOn (tổ chức lại)')
  async moveUnit(@LedgerIdParam('id') id: string, @Body() body: MoveUnitDto, @Write() request: WriteRequest, @Res({ passthrough: true }) res: Response) {
    return sendWrite(res, await this.commands.execute(new MoveUnit(id, body, request)));
  }

  @Authorize({ roles: [...OFFICERS], scope: [theUnit] })
  @Post('units/:id/renames')
  @WriteDocs('Rename a unit, or change its kind, from effectiveOn (đổi tên)')
  async renameUnit(@LedgerIdParam('id') id: string, @Body() body: RenameUnitDto, @Write() request: WriteRequest, @Res({ passthrough: true }) res: Response) {
    return sendWrite(res, await this.commands.execute(new RenameUnit(id, body, request)));
  }

  @Authorize({ roles: [...OFFICERS], scope: [theUnit, { kind: 'unit', from: { body: 'successorId' } }] })
  @Post('units/:id/merge')
  @WriteDocs('Merge a unit into its successor from effectiveOn (hợp nhất, sáp nhập): its subunits and officers go with it')
  async mergeUnit(@LedgerIdParam('id') id: string, @Body() body: MergeUnitDto, @Write() request: WriteRequest, @Res({ passthrough: true }) res: Response) {
    return sendWrite(res, await this.commands.execute(new MergeUnit(id, body, request)));
  }

  @Authorize({ roles: [...OFFICERS], scope: [theUnit, { kind: 'unit', from: { body: 'successorId' } }] })
  @Post('units/:id/dissolution')
  @WriteDocs('Dissolve a unit from effectiveOn (giải thể): its members moved first, or to the named successorId')
  async dissolveUnit(
    @LedgerIdParam('id') id: string,
    @Body() body: DissolveUnitDto,
    @Write() request: WriteRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return sendWrite(res, await this.commands.execute(new DissolveUnit(id, body, request)));
  }

  @Authorize({ roles: [...OFFICERS], scope: [theUnit] })
  @Post('units/:id/retirement')
  @WriteDocs('Retire a unit registered in error (đăng ký nhầm): kept in history, gone from current reads')
  async retireUnit(@LedgerIdParam('id') id: string, @Body() body: RetireUnitDto, @Write() request: WriteRequest, @Res({ passthrough: true }) res: Response) {
    return sendWrite(res, await this.commands.execute(new RetireUnit(id, body, request)));
  }

  @Authorize({ roles: [...OFFICERS], scope: [{ kind: 'unit', from: { body: 'unitId' } }] })
  @Post('officers')
  @WriteDocs('Register an officer (cán bộ chiến sĩ)')
  async registerOfficer(@Body() body: RegisterOfficerDto, @Write() request: WriteRequest, @Res({ passthrough: true }) res: Response) {
    return sendWrite(res, await this.commands.execute(new RegisterOfficer(body, request)));
  }

  // Both the unit the officer serves in now and the destination must be covered.
  @Authorize({ roles: [...OFFICERS], scope: [theOfficer, { kind: 'unit', from: { body: 'unitId' } }] })
  @Post('officers/:id/transfers')
  @WriteDocs('Transfer an officer to another unit from effectiveOn (điều động)')
  async transferOfficer(
    @LedgerIdParam('id') id: string,
    @Body() body: TransferOfficerDto,
    @Write() request: WriteRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return sendWrite(res, await this.commands.execute(new TransferOfficer(id, body, request)));
  }

  @Authorize({ roles: [...OFFICERS], scope: [theOfficer] })
  @Post('officers/:id/retirement')
  @WriteDocs('Retire an officer (nghỉ hưu, retiredOn), or one registered in error')
  async retireOfficer(
    @LedgerIdParam('id') id: string,
    @Body() body: RetireOfficerDto,
    @Write() request: WriteRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return sendWrite(res, await this.commands.execute(new RetireOfficer(id, body, request)));
  }
}
