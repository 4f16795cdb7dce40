import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { accountDecider, type AccountCommand } from '../../ledger/accounts/account.decider.js';
import { scopeError, type RoleGrant } from '../../ledger/accounts/roles.js';
import { DomainRuleError } from '../../ledger/errors.js';
import { streamIds } from '../../ledger/ids.js';
import { RequestValidationError } from '../../http/problem.js';
import { LedgerWriter } from '../shared/ledger-writer.js';
import type { WriteRequest, WriteResult } from '../../streams/write-request.js';
import type { RoleGrantDto } from './accounts.dto.js';

/** Every change to an account: one command, the account's own stream. */
export class ChangeAccount extends Command<WriteResult> {
  constructor(
    readonly accountId: string,
    readonly change: AccountCommand,
    readonly request: WriteRequest,
    readonly answer: Record<string, unknown> = {},
  ) {
    super();
  }
}

@CommandHandler(ChangeAccount)
export class ChangeAccountHandler implements ICommandHandler<ChangeAccount> {
  constructor(private readonly writer: LedgerWriter) {}
  execute({ accountId, change, request, answer }: ChangeAccount) {
    return this.writer.execute(
      { streamId: streamIds.account(accountId), decider: accountDecider, command: change, context: async () => undefined, answer },
      request,
    );
  }
}

/** Grants from a request, each scope checked against its role (400 naming the field). */
export function grantsOf(roles: RoleGrantDto[], field = 'roles'): RoleGrant[] {
  const errors = roles.flatMap((grant, i) => {
    const problem = scopeError(grant.role, grant.scope);
    return problem ? [{ field: `${field}[${i}].scope`, message: problem }] : [];
  });
  if (errors.length > 0) throw new RequestValidationError(errors);
  return roles.map((grant) => ({ role: grant.role, scope: grant.scope ?? null }));
}

export function requireDifferentAccount(actor: string, accountId: string, what: string): void {
  if (actor === accountId)
    throw new DomainRuleError('second-person-required', `an administrator may not ${what} their own account: another administrator must`, 'id');
}
