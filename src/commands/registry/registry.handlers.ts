import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { streamIds } from '../../ledger/ids.js';
import { officerDecider } from '../../ledger/registry/officer.decider.js';
import { unitDecider } from '../../ledger/registry/unit.decider.js';
import { unitAncestry, unitExists } from '../../streams/lookups.js';
import type { WriteRequest, WriteResult } from '../../streams/write-request.js';
import { LedgerWriter } from '../shared/ledger-writer.js';
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
  constructor(private readonly writer: LedgerWriter) {}
  execute({ body, request }: RegisterUnit) {
    const parentId = body.parentId ?? null;
    return this.writer.execute(
      {
        streamId: streamIds.unit(body.id),
        decider: unitDecider,
        command: { type: 'RegisterUnit', unitId: body.id, name: body.name, kind: body.kind, parentId },
        context: async (_, reader) => ({ parentExists: parentId !== null && (await unitExists(reader, parentId)), parentAncestry: [] }),
      },
      request,
    );
  }
}

@CommandHandler(MoveUnit)
export class MoveUnitHandler implements ICommandHandler<MoveUnit> {
  constructor(private readonly writer: LedgerWriter) {}
  execute({ unitId, body, request }: MoveUnit) {
    return this.writer.execute(
      {
        streamId: streamIds.unit(unitId),
        decider: unitDecider,
        command: { type: 'MoveUnit', unitId, parentId: body.parentId, effectiveOn: body.effectiveOn },
        context: async (_, reader) => {
          const parentAncestry = await unitAncestry(reader, body.parentId);
          return { parentExists: parentAncestry.length > 0, parentAncestry };
        },
      },
      request,
    );
  }
}

@CommandHandler(RegisterOfficer)
export class RegisterOfficerHandler implements ICommandHandler<RegisterOfficer> {
  constructor(private readonly writer: LedgerWriter) {}
  execute({ body, request }: RegisterOfficer) {
    return this.writer.execute(
      {
        streamId: streamIds.officer(body.id),
        decider: officerDecider,
        command: { type: 'RegisterOfficer', officerId: body.id, fullName: body.fullName, rank: body.rank ?? null, unitId: body.unitId },
        context: async (_, reader) => ({ unitExists: await unitExists(reader, body.unitId) }),
      },
      request,
    );
  }
}

export const registryHandlers = [RegisterUnitHandler, MoveUnitHandler, RegisterOfficerHandler];
