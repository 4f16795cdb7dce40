import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ClaimTakenError } from '../../event-store/event-store.port.js';
import { DomainRuleError } from '../../ledger/errors.js';
import { streamIds } from '../../ledger/ids.js';
import { officerDecider } from '../../ledger/registry/officer.decider.js';
import { UNIT_MEMBERS, type UnitMembersSource } from '../../ledger/registry/unit-members.port.js';
import { ROOT_CLAIM } from '../../ledger/registry/unit-rules.js';
import { NO_MEMBERS, parentOn, unitDecider, type UnitContext, type UnitState } from '../../ledger/registry/unit.decider.js';
import { unitAncestry, unitState } from '../../streams/lookups.js';
import type { StreamReader } from '../../streams/stream-states.js';
import type { WriteRequest, WriteResult } from '../../streams/write-request.js';
import { LedgerWriter } from '../shared/ledger-writer.js';
import type {
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

export class RegisterUnit extends Command<WriteResult> {
  constructor(
    readonly body: RegisterUnitDto,
    readonly request: WriteRequest,
  ) {
    super();
  }
}
/** A command on an existing unit or officer: its id (from the path) and the body. */
abstract class OnId<Body> extends Command<WriteResult> {
  constructor(
    readonly id: string,
    readonly body: Body,
    readonly request: WriteRequest,
  ) {
    super();
  }
}
export class MoveUnit extends OnId<MoveUnitDto> {}
export class RenameUnit extends OnId<RenameUnitDto> {}
export class MergeUnit extends OnId<MergeUnitDto> {}
export class DissolveUnit extends OnId<DissolveUnitDto> {}
export class RetireUnit extends OnId<RetireUnitDto> {}
export class RegisterOfficer extends Command<WriteResult> {
  constructor(
    readonly body: RegisterOfficerDto,
    readonly request: WriteRequest,
  ) {
    super();
  }
}
export class TransferOfficer extends OnId<TransferOfficerDto> {}
export class RetireOfficer extends OnId<RetireOfficerDto> {}

/** The context of a unit decision naming another unit (parent or successor), with that unit's ancestry. */
async function naming(reader: StreamReader, otherId: string | null, members = NO_MEMBERS): Promise<UnitContext> {
  if (otherId === null) return { other: unitDecider.initialState(), otherAncestry: [], members };
  const [other, otherAncestry] = [await unitState(reader, otherId), await unitAncestry(reader, otherId)];
  return { other, otherAncestry, members };
}

@CommandHandler(RegisterUnit)
export class RegisterUnitHandler implements ICommandHandler<RegisterUnit> {
  constructor(private readonly writer: LedgerWriter) {}
  async execute({ body, request }: RegisterUnit) {
    const parentId = body.parentId ?? null;
    try {
      return await this.writer.execute(
        {
          streamId: streamIds.unit(body.id),
          decider: unitDecider,
          command: { type: 'RegisterUnit', unitId: body.id, name: body.name, kind: body.kind, parentId, establishedOn: body.establishedOn ?? null },
          context: (_, reader) => naming(reader, parentId),
          // One root: the root's registration takes a claim a second one cannot.
          claims: parentId === null ? [ROOT_CLAIM] : [],
        },
        request,
      );
    } catch (error) {
      if (error instanceof ClaimTakenError && error.claim === ROOT_CLAIM) {
        throw new DomainRuleError('unit-rule-one-root', 'the registry has its root already: a unit other than the root needs a parentId', 'parentId');
      }
      throw error;
    }
  }
}

@CommandHandler(MoveUnit)
export class MoveUnitHandler implements ICommandHandler<MoveUnit> {
  constructor(private readonly writer: LedgerWriter) {}
  execute({ id, body, request }: MoveUnit) {
    return this.writer.execute(
      {
        streamId: streamIds.unit(id),
        decider: unitDecider,
        command: { type: 'MoveUnit', unitId: id, parentId: body.parentId, effectiveOn: body.effectiveOn },
        context: (_, reader) => naming(reader, body.parentId),
      },
      request,
    );
  }
}

@CommandHandler(RenameUnit)
export class RenameUnitHandler implements ICommandHandler<RenameUnit> {
  constructor(private readonly writer: LedgerWriter) {}
  execute({ id, body, request }: RenameUnit) {
    return this.writer.execute(
      {
        streamId: streamIds.unit(id),
        decider: unitDecider,
        command: { type: 'RenameUnit', unitId: id, name: body.name, kind: body.kind ?? null, effectiveOn: body.effectiveOn },
        // A new kind must fit under the parent it has on that date.
        context: (state: UnitState, reader) => naming(reader, state.exists && body.kind !== undefined ? parentOn(state, body.effectiveOn) : null),
      },
      request,
    );
  }
}

@CommandHandler(MergeUnit)
export class MergeUnitHandler implements ICommandHandler<MergeUnit> {
  constructor(
    private readonly writer: LedgerWriter,
    @Inject(UNIT_MEMBERS) private readonly members: UnitMembersSource,
  ) {}
  execute({ id, body, request }: MergeUnit) {
    return this.writer.execute(
      {
        streamId: streamIds.unit(id),
        decider: unitDecider,
        command: { type: 'MergeUnit', unitId: id, successorId: body.successorId, effectiveOn: body.effectiveOn },
        context: async (state, reader) => naming(reader, body.successorId, state.exists ? await this.members.membersOn(id, body.effectiveOn) : NO_MEMBERS),
      },
      request,
    );
  }
}

@CommandHandler(DissolveUnit)
export class DissolveUnitHandler implements ICommandHandler<DissolveUnit> {
  constructor(
    private readonly writer: LedgerWriter,
    @Inject(UNIT_MEMBERS) private readonly members: UnitMembersSource,
  ) {}
  execute({ id, body, request }: DissolveUnit) {
    const successorId = body.successorId ?? null;
    return this.writer.execute(
      {
        streamId: streamIds.unit(id),
        decider: unitDecider,
        command: { type: 'DissolveUnit', unitId: id, effectiveOn: body.effectiveOn, successorId },
        context: async (state, reader) => naming(reader, successorId, state.exists ? await this.members.membersOn(id, body.effectiveOn) : NO_MEMBERS),
      },
      request,
    );
  }
}

@CommandHandler(RetireUnit)
export class RetireUnitHandler implements ICommandHandler<RetireUnit> {
  constructor(
    private readonly writer: LedgerWriter,
    @Inject(UNIT_MEMBERS) private readonly members: UnitMembersSource,
  ) {}
  execute({ id, body, request }: RetireUnit) {
    return this.writer.execute(
      {
        streamId: streamIds.unit(id),
        decider: unitDecider,
        command: { type: 'RetireUnit', unitId: id, reason: body.reason, note: body.note },
        // Registered in error: it never had members on any date.
        context: async (state, reader) => naming(reader, null, state.exists ? await this.members.membersOn(id, null) : NO_MEMBERS),
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
        context: async (_, reader) => ({ unit: await unitState(reader, body.unitId) }),
      },
      request,
    );
  }
}

@CommandHandler(TransferOfficer)
export class TransferOfficerHandler implements ICommandHandler<TransferOfficer> {
  constructor(private readonly writer: LedgerWriter) {}
  execute({ id, body, request }: TransferOfficer) {
    return this.writer.execute(
      {
        streamId: streamIds.officer(id),
        decider: officerDecider,
        command: { type: 'TransferOfficer', officerId: id, unitId: body.unitId, effectiveOn: body.effectiveOn },
        context: async (_, reader) => ({ unit: await unitState(reader, body.unitId) }),
      },
      request,
    );
  }
}

@CommandHandler(RetireOfficer)
export class RetireOfficerHandler implements ICommandHandler<RetireOfficer> {
  constructor(private readonly writer: LedgerWriter) {}
  execute({ id, body, request }: RetireOfficer) {
    return this.writer.execute(
      {
        streamId: streamIds.officer(id),
        decider: officerDecider,
        command: { type: 'RetireOfficer', officerId: id, reason: body.reason, retiredOn: body.retiredOn ?? null, note: body.note ?? null },
        context: async () => ({ unit: unitDecider.initialState() }),
      },
      request,
    );
  }
}

export const registryHandlers = [
  RegisterUnitHandler,
  MoveUnitHandler,
  RenameUnitHandler,
  MergeUnitHandler,
  DissolveUnitHandler,
  RetireUnitHandler,
  RegisterOfficerHandler,
  TransferOfficerHandler,
  RetireOfficerHandler,
];
