import type { Access, AccessRule, From, ScopeRef } from '../http/auth/access.decorator.js';
import { ForbiddenError } from '../http/auth/access.guard.js';
import type { AccessFacts } from '../identity/access-facts.js';
import type { Principal } from '../identity/principal.js';
import { grantCovers, rolesGranting, type ScopeTarget } from '../ledger/accounts/roles.js';

/** A row's request as the access rule reads it: the route's parameters and the body. */
export interface RowTarget {
  params: Record<string, string>;
  body: Record<string, unknown>;
}

/**
 * Refuses a row its caller may not write (ForbiddenError, 403 over HTTP): the route's own rule
 * (its @Authorize), judged as the access guard judges a request (src/http/auth/access.guard.ts),
 * on the facts of AccessFacts — given over a dry run's streams, a unit registered two rows up
 * counts. The guard's request-bound parts (the token, the rate limits) are the import's own, once.
 */
export async function requireRowAccess(access: Access, principal: Principal, target: RowTarget, facts: AccessFacts): Promise<void> {
  if (access.public) return;
  const applicable = access.rules.filter((rule) => applies(rule, target));
  for (const rule of applicable) if (await allows(rule, principal, target, facts)) return;
  const holds = principal.roles.length === 0 ? 'no role' : principal.roles.map((g) => `${g.role}${g.scope ? `@${g.scope}` : ''}`).join(', ');
  throw new ForbiddenError(
    `'${principal.accountId}' (${holds}) may not write this row: it needs ${applicable.map((rule) => rule.roles.join(' or ')).join('; or ') || 'a role'}`,
    applicable.map((rule) => ({ roles: rule.roles, scope: rule.scope ? rule.scope.map((ref) => describeScope(ref, target)).join(' + ') : null })),
  );
}

function applies(rule: AccessRule, target: RowTarget): boolean {
  const when = rule.when;
  if (!when) return true;
  // A new row names no existing score entry: only body conditions can apply to the routes imported.
  if (!('body' in when)) return false;
  const value = read(target, { body: when.body });
  return 'equals' in when ? value === when.equals : value !== when.notEquals;
}

async function allows(rule: AccessRule, principal: Principal, target: RowTarget, facts: AccessFacts): Promise<boolean> {
  if (rule.self) return read(target, rule.self) === principal.accountId;
  const grants = principal.roles.filter((grant) => rule.roles.some((role) => rolesGranting(role).includes(grant.role)));
  if (grants.length === 0) return false;
  if (!rule.scope || rule.scope.length === 0 || grants.some((grant) => grant.scope === null)) return true;
  const clusterScopes = grants.filter((g) => g.role === 'inspector').map((g) => g.scope!);
  for (const ref of rule.scope) {
    const scope = await scopeTarget(ref, target, clusterScopes, facts);
    if (scope === null || !grants.some((grant) => grantCovers(grant, scope))) return false;
  }
  return true;
}

async function scopeTarget(ref: ScopeRef, target: RowTarget, clusterScopes: string[], facts: AccessFacts): Promise<ScopeTarget | null> {
  if (ref.kind === 'root') return null;
  if (ref.kind === 'cluster-member') {
    const [campaignId, unitId] = [read(target, ref.campaign), read(target, ref.unit)];
    return typeof campaignId === 'string' && typeof unitId === 'string' ? facts.clusterMember(campaignId, unitId, clusterScopes) : null;
  }
  const value = read(target, ref.from);
  if (ref.kind === 'recipient') return value && typeof value === 'object' ? facts.recipient(value as { kind?: unknown; id?: unknown }) : null;
  if (typeof value !== 'string') return null;
  switch (ref.kind) {
    case 'unit':
      return facts.unit(value);
    case 'campaign-organizer':
      return facts.campaignOrganizer(value);
    case 'commendation-recipient':
      return facts.commendationRecipient(value);
    case 'officer':
      return facts.officer(value);
  }
}

function read(target: RowTarget, from: From): unknown {
  if ('param' in from) return target.params[from.param];
  let value: unknown = target.body;
  for (const key of from.body.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

function describeScope(ref: ScopeRef, target: RowTarget): string {
  if (ref.kind === 'root') return 'the whole tree';
  if (ref.kind === 'cluster-member') return `a cluster of the campaign holding unit '${String(read(target, ref.unit))}'`;
  const value = read(target, ref.from);
  const named =
    typeof value === 'string' ? `'${value}'` : ref.kind === 'recipient' ? "the recipient's unit" : 'param' in ref.from ? `:${ref.from.param}` : ref.from.body;
  return ref.kind === 'unit' ? `the unit ${named}` : `${ref.kind} ${named}`;
}
