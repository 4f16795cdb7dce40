import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { streamIds } from '../../ledger/ids.js';
import { officerDecider } from '../../ledger/registry/officer.decider.js';
import { unitDecider } from '../../ledger/registry/unit.decider.js';
import { LedgerWriter } from '../shared/ledger-writer.js';
import { Lookups } from '../shared/lookups.js';
import type { WriteRequest, WriteResult } from '../shared/write-request.js';
import type { MoveUnitDto, RegisterOfficerDto, RegisterUnitDto } from './registry.dto.js';

export class RegisterUnit extends Command<WriteResult> {
  constructor(
    readonly body: RegisterUnitDto,
    readonly request: WriteRequest,
  ) {
    super();
  }
}
export class MoveUnit extends Command<WriteResult> {
  constructor(
    readonly unitId: string,
    readonly body: MoveUnitDto,
    readonly request: WriteRequest,
  ) {
    super();
  }
}
export class RegisterOfficer extends Command<WriteResult> {
  constructor(
    readonly body: RegisterOfficerDto,
    readonly request: WriteRequest,
  ) {
    super();
  }
}

@CommandHandler(RegisterUnit)
export class RegisterUnitHandler implements ICommandHandler<RegisterUnit> {
  constructor(
    private readonly writer: LedgerWriter,
    private readonly lookups: Lookups,
  ) {}
  execute({ body, request }: RegisterUnit) {
    const parentId = body.parentId ?? null;
    return this.writer.execute(
      {
        streamId: streamIds.unit(body.id),
        decider: unitDecider,
        command: { type: 'RegisterUnit', unitId: body.id, name: body.name, kind: body.kind, parentId },
        context: async () => ({ parentExists: parentId !== null && (await this.lookups.unitExists(parentId)), parentAncestry: [] }),
      },
      request,
    );
  }
}

@CommandHandler(MoveUnit)
export class MoveUnitHandler implements ICommandHandler<MoveUnit> {
  constructor(
    private readonly writer: LedgerWriter,
    private readonly lookups: Lookups,
  ) {}
  execute({ unitId, body, request }: MoveUnit) {
    return this.writer.execute(
      {
        streamId: streamIds.unit(unitId),
        decider: unitDecider,
        command: { type: 'MoveUnit', unitId, parentId: body.parentId, effectiveOn: body.effectiveOn },
        context: async () => {
          const parentAncestry = await this.lookups.ancestry(body.parentId);
          return { parentExists: parentAncestry.length > 0, parentAncestry };
        },
      },
      request,
    );
  }
}

@CommandHandler(RegisterOfficer)
export class RegisterOfficerHandler implements ICommandHandler<RegisterOfficer> {
  constructor(
    private readonly writer: LedgerWriter,
    private readonly lookups: Lookups,
  ) {}
  execute({ body, request }: RegisterOfficer) {
    return this.writer.execute(
      {
        streamId: streamIds.officer(body.id),
        decider: officerDecider,
        command: { type: 'RegisterOfficer', officerId: body.id, fullName: body.fullName, rank: body.rank ?? null, unitId: body.unitId },
        context: async () => ({ unitExists: await this.lookups.unitExists(body.unitId) }),
      },
      request,
    );
  }
}

export const registryHandlers = [RegisterUnitHandler, MoveUnitHandler, RegisterOfficerHandler];
