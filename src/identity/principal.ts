import type { RoleGrant } from '../ledger/accounts/roles.js';

/** The authenticated caller of a request: the account its token names, with its roles as they stand now. */
export interface Principal {
  accountId: string;
  displayName: string;
  roles: RoleGrant[];
  /** How the caller proved who it is. */
  via: 'token' | 'session' | 'sso';
}

/** The bootstrap administrator's id (README "Who may do what"). */
export const ADMIN_ACCOUNT_ID = 'admin';
