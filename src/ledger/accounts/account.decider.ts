import type { Decider } from '../decider.js';
import { AlreadyExistsError, DomainRuleError, NotFoundError } from '../errors.js';
import type { AccountEvent } from '../events.js';
import { sameGrant, type Role, type RoleGrant } from './roles.js';

export interface IssuedToken {
  tokenId: string;
  label: string;
  tokenHash: string;
  expiresAt: string | null;
  revoked: boolean;
}

export type AccountState =
  { exists: false } | { exists: true; accountId: string; displayName: string; roles: RoleGrant[]; passwordHash: string | null; tokens: IssuedToken[] };

export type AccountCommand =
  | { type: 'CreateAccount'; accountId: string; displayName: string; roles: RoleGrant[]; passwordHash: string | null }
  | { type: 'GrantRoles'; accountId: string; roles: RoleGrant[] }
  | { type: 'RevokeRoles'; accountId: string; roles: RoleGrant[] }
  | { type: 'SetPassword'; accountId: string; passwordHash: string }
  | { type: 'IssueToken'; accountId: string; tokenId: string; label: string; tokenHash: string; expiresAt: string | null }
  | { type: 'RevokeToken'; accountId: string; tokenId: string };

/** An account: its roles, its password and its API tokens, each change an event. */
export const accountDecider: Decider<AccountState, AccountCommand, AccountEvent, undefined> = {
  initialState: () => ({ exists: false }),

  decide(command, state) {
    if (command.type === 'CreateAccount') {
      if (state.exists) throw new AlreadyExistsError('account', command.accountId);
      const { accountId } = command;
      return [
        { type: 'AccountCreated', data: { accountId, displayName: command.displayName } },
        ...distinct(command.roles).map((grant) => ({ type: 'RoleGranted' as const, data: { accountId, role: grant.role, scope: grant.scope } })),
        ...(command.passwordHash === null ? [] : [{ type: 'PasswordSet' as const, data: { accountId, passwordHash: command.passwordHash } }]),
      ];
    }
    if (!state.exists) throw new NotFoundError('account', command.accountId);
    const { accountId } = state;
    switch (command.type) {
      case 'GrantRoles': {
        const added = distinct(command.roles).filter((grant) => !state.roles.some((held) => sameGrant(held, grant)));
        if (added.length === 0) throw new DomainRuleError('role-already-granted', `'${accountId}' already holds every role asked for`, 'roles');
        return added.map((grant) => ({ type: 'RoleGranted' as const, data: { accountId, role: grant.role, scope: grant.scope } }));
      }
      case 'RevokeRoles': {
        const missing = command.roles.find((grant) => !state.roles.some((held) => sameGrant(held, grant)));
        if (missing)
          throw new DomainRuleError('role-not-held', `'${accountId}' does not hold ${missing.role}${missing.scope ? ` over ${missing.scope}` : ''}`, 'roles');
        return distinct(command.roles).map((grant) => ({ type: 'RoleRevoked' as const, data: { accountId, role: grant.role, scope: grant.scope } }));
      }
      case 'SetPassword':
        return [{ type: 'PasswordSet', data: { accountId, passwordHash: command.passwordHash } }];
      case 'IssueToken':
        if (state.tokens.some((t) => t.tokenId === command.tokenId)) throw new AlreadyExistsError('token', command.tokenId);
        return [
          {
            type: 'TokenIssued',
            data: { accountId, tokenId: command.tokenId, label: command.label, tokenHash: command.tokenHash, expiresAt: command.expiresAt },
          },
        ];
      case 'RevokeToken': {
        const token = state.tokens.find((t) => t.tokenId === command.tokenId);
        if (!token) throw new NotFoundError('token', command.tokenId);
        if (token.revoked) throw new DomainRuleError('token-already-revoked', `token '${command.tokenId}' is already revoked`, 'tokenId');
        return [{ type: 'TokenRevoked', data: { accountId, tokenId: command.tokenId } }];
      }
    }
  },

  evolve(state, event) {
    if (event.type === 'AccountCreated') {
      return { exists: true, accountId: event.data.accountId, displayName: event.data.displayName, roles: [], passwordHash: null, tokens: [] };
    }
    if (!state.exists) return state;
    switch (event.type) {
      case 'RoleGranted':
        return { ...state, roles: [...state.roles, { role: event.data.role as Role, scope: event.data.scope }] };
      case 'RoleRevoked':
        return { ...state, roles: state.roles.filter((held) => !sameGrant(held, { role: event.data.role as Role, scope: event.data.scope })) };
      case 'PasswordSet':
        return { ...state, passwordHash: event.data.passwordHash };
      case 'TokenIssued':
        return {
          ...state,
          tokens: [
            ...state.tokens,
            { tokenId: event.data.tokenId, label: event.data.label, tokenHash: event.data.tokenHash, expiresAt: event.data.expiresAt, revoked: false },
          ],
        };
      case 'TokenRevoked':
        return { ...state, tokens: state.tokens.map((t) => (t.tokenId === event.data.tokenId ? { ...t, revoked: true } : t)) };
    }
  },
};

function distinct(grants: RoleGrant[]): RoleGrant[] {
  return grants.filter((grant, i) => grants.findIndex((other) => sameGrant(other, grant)) === i);
}
