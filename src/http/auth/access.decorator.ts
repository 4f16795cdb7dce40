import { SetMetadata } from '@nestjs/common';
import { ROLES, type Role } from '../../ledger/accounts/roles.js';

/** Where in the request a scope's id is read: a route parameter or a body field (dotted path). */
export type From = { param: string } | { body: string };

/**
 * What a request acts on, for scoped roles. Resolved by the access guard from the log as it is
 * when the request is decided:
 * - `unit`: the unit named there (and so every grant over one of its ancestors);
 * - `campaign-organizer`: the organiser unit of the campaign named there;
 * - `recipient`: a body `{ kind, id }` recipient: the unit, or the officer's unit;
 * - `commendation-recipient`: the recipient of the commendation named there;
 * - `officer`: the unit the officer named there serves in (latest posting);
 * - `cluster-member`: the unit scored in the campaign, for an inspector's cluster grant;
 * - `root`: the whole tree.
 */
export type ScopeRef =
  | { kind: 'unit'; from: From }
  | { kind: 'campaign-organizer'; from: From }
  | { kind: 'recipient'; from: From }
  | { kind: 'commendation-recipient'; from: From }
  | { kind: 'officer'; from: From }
  | { kind: 'cluster-member'; campaign: From; unit: From }
  /** The whole tree: only a grant without scope (e.g. the year's conferral parameters, set for the Ministry). */
  | { kind: 'root' };

export interface AccessRule {
  /** Any of these roles (an emulation officer also counts as recorder and inspector). */
  roles: Role[];
  /** Every target must be covered by the grant (e.g. a move: the unit and its new parent). */
  scope?: ScopeRef[];
  /** The rule applies only to requests whose body field equals the value (e.g. `source: cross-inspection`). */
  when?:
    | { body: string; equals: unknown }
    | { body: string; notEquals: unknown }
    /** The score entry named by the route (:id, :unitId, :entryId) has, or has not, this source. */
    | { entrySource: string }
    | { notEntrySource: string };
  /** Any signed-in account acting on itself: the account id named there is the caller's own. */
  self?: From;
}

export type Access = { public: true } | { public?: false; rules: AccessRule[] };

export const ACCESS = Symbol('access');

/** Who may call a route: any rule that matches and whose roles and scopes the account holds. */
export const Authorize = (...rules: AccessRule[]) => SetMetadata(ACCESS, { rules } satisfies Access);

export const TOKEN_IN_QUERY = Symbol('tokenInQuery');

/**
 * The route also takes the bearer token as `?access_token=` (RFC 6750 §2.3): a browser's
 * EventSource cannot send an Authorization header. Only for streams a screen opens; never logged.
 */
export const AcceptsTokenInQuery = () => SetMetadata(TOKEN_IN_QUERY, true);

/** Routes with no account at all: health and signing in. */
export const Public = () => SetMetadata(ACCESS, { public: true } satisfies Access);

/** Every role: any signed-in account. */
export const SIGNED_IN: Role[] = [...ROLES];
/** Reads a conference screen may make: rankings, scorecards, registers, publications. */
export const SCREEN_READERS: Role[] = [...ROLES];
/** Every other read (audit trails, replays, proposals, units…): everyone but a viewer. */
export const READERS: Role[] = ROLES.filter((role) => role !== 'viewer');
/** The raw log, accounts' history and the integrity check. */
export const LOG_READERS: Role[] = ['auditor', 'administrator'];
