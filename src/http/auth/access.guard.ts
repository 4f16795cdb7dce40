import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AccessFacts } from '../../identity/access-facts.js';
import { AccountDirectory } from '../../identity/account-directory.js';
import type { Principal } from '../../identity/principal.js';
import { grantCovers, rolesGranting, type Role, type ScopeTarget } from '../../ledger/accounts/roles.js';
import { RateLimits } from './rate-limits.js';
import { RequestValidationError } from '../problem.js';
import { ACCESS, TOKEN_IN_QUERY, type Access, type AccessRule, type From, type ScopeRef } from './access.decorator.js';

/** A refusal for lack of rights: 403 naming what would have been needed. */
export class ForbiddenError extends Error {
  readonly code = 'forbidden';
  constructor(
    message: string,
    readonly needed: { roles: Role[]; scope: string | null }[],
  ) {
    super(message);
  }
}

/** A route the access table forgot: refused rather than open. */
export class RouteWithoutAccessRuleError extends Error {}

export type AuthenticatedRequest = Request & { principal?: Principal };

/**
 * Every route declares who may call it (@Authorize / @Public); a route that declares nothing is
 * refused. The account comes from the bearer token; its grants are matched against the rule's
 * roles and the scope the request acts on, read from the log when the request is decided.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly accounts: AccountDirectory,
    private readonly facts: AccessFacts,
    private readonly limits: RateLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS, [context.getHandler(), context.getClass()]);
    if (access === undefined) throw new RouteWithoutAccessRuleError(`${context.getClass().name}.${context.getHandler().name} declares no access rule`);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (access.public) return true;
    const tokenInQuery = this.reflector.getAllAndOverride<boolean | undefined>(TOKEN_IN_QUERY, [context.getHandler(), context.getClass()]) === true;
    const principal = await this.accounts.authenticate(authorizationOf(request, tokenInQuery));
    request.principal = principal;
    if (request.method !== 'GET' && request.method !== 'HEAD') this.limits.write(principal.accountId);
    const applicable: AccessRule[] = [];
    for (const rule of access.rules) if (await this.applies(rule, request)) applicable.push(rule);
    for (const rule of applicable) if (await this.allows(rule, principal, request)) return true;
    const scopeOf = (rule: AccessRule) => (rule.scope ? rule.scope.map((ref) => describeScope(ref, request)).join(' + ') : null);
    throw new ForbiddenError(
      describe(applicable, principal, scopeOf),
      applicable.map((rule) => ({ roles: rule.roles, scope: scopeOf(rule) })),
    );
  }

  private async allows(rule: AccessRule, principal: Principal, request: Request): Promise<boolean> {
    if (rule.self) return read(request, rule.self) === principal.accountId;
    const grants = principal.roles.filter((grant) => rule.roles.some((role) => rolesGranting(role).includes(grant.role)));
    if (grants.length === 0) return false;
    if (!rule.scope || rule.scope.length === 0 || grants.some((grant) => grant.scope === null)) return true;
    for (const ref of rule.scope) {
      const target = await this.target(
        ref,
        request,
        grants.filter((g) => g.role === 'inspector').map((g) => g.scope!),
      );
      // A target the request does not name (a root unit has no parent) or that does not exist is
      // covered only by a grant over the whole tree (validation then answers 400, or the handler 404).
      if (target === 'unnamed' || target === null || !grants.some((grant) => grantCovers(grant, target))) return false;
    }
    return true;
  }

  private async applies(rule: AccessRule, request: Request): Promise<boolean> {
    const when = rule.when;
    if (!when) return true;
    if ('body' in when) {
      const value = read(request, { body: when.body });
      return 'equals' in when ? value === when.equals : value !== when.notEquals;
    }
    const { id, unitId, entryId } = request.params ?? {};
    const source =
      typeof id === 'string' && typeof unitId === 'string' && typeof entryId === 'string' ? await this.facts.entrySource(id, unitId, entryId) : null;
    return 'entrySource' in when ? source === when.entrySource : source !== when.notEntrySource;
  }

  private async target(ref: ScopeRef, request: Request, clusterScopes: string[]): Promise<ScopeTarget | null | 'unnamed'> {
    if (ref.kind === 'root') return 'unnamed';
    if (ref.kind === 'cluster-member') {
      const [campaignId, unitId] = [read(request, ref.campaign), read(request, ref.unit)];
      if (typeof campaignId !== 'string' || typeof unitId !== 'string') return 'unnamed';
      return this.facts.clusterMember(campaignId, unitId, clusterScopes);
    }
    const value = read(request, ref.from);
    if (ref.kind === 'recipient') return value && typeof value === 'object' ? this.facts.recipient(value as { kind?: unknown; id?: unknown }) : 'unnamed';
    if (typeof value !== 'string') return 'unnamed';
    switch (ref.kind) {
      case 'unit':
        return this.facts.unit(value);
      case 'campaign-organizer':
        return this.facts.campaignOrganizer(value);
      case 'commendation-recipient':
        return this.facts.commendationRecipient(value);
      case 'officer':
        return this.facts.officer(value);
    }
  }
}

/**
 * The request's credentials as an Authorization value: the header, or on a route that accepts it
 * the `access_token` query parameter. Both at once is refused (RFC 6750 §2.3: one method per request).
 */
export function authorizationOf(request: Request, tokenInQuery: boolean): string | undefined {
  const header = request.headers.authorization;
  const inQuery = tokenInQuery ? request.query?.access_token : undefined;
  if (inQuery === undefined) return header;
  if (header !== undefined)
    throw new RequestValidationError([{ field: 'access_token', message: 'send the token once: in Authorization or in access_token, not both' }]);
  if (typeof inQuery !== 'string') throw new RequestValidationError([{ field: 'access_token', message: 'must be given once' }]);
  return `Bearer ${inQuery}`;
}

function read(request: Request, from: From): unknown {
  if ('param' in from) return request.params?.[from.param];
  let value: unknown = request.body;
  for (const key of from.body.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

function describeScope(ref: ScopeRef, request: Request): string {
  const from = (f: From) => {
    const value = read(request, f);
    return typeof value === 'string' ? `'${value}'` : 'param' in f ? `:${f.param}` : f.body;
  };
  switch (ref.kind) {
    case 'unit':
      return `the unit ${from(ref.from)}`;
    case 'campaign-organizer':
      return `the organiser of campaign ${from(ref.from)}`;
    case 'recipient':
      return `the recipient's unit`;
    case 'commendation-recipient':
      return `the commendation's recipient`;
    case 'officer':
      return `the unit of officer ${from(ref.from)}`;
    case 'cluster-member':
      return `a cluster of the campaign holding unit ${from(ref.unit)}`;
    case 'root':
      return 'the whole tree';
  }
}

function describe(rules: AccessRule[], principal: Principal, scopeOf: (rule: AccessRule) => string | null): string {
  const needs = rules.map((rule) => (rule.self ? 'to be that account' : `${rule.roles.join(' or ')}${rule.scope ? ` over ${scopeOf(rule)}` : ''}`));
  const holds = principal.roles.length === 0 ? 'no role' : principal.roles.map((g) => `${g.role}${g.scope ? `@${g.scope}` : ''}`).join(', ');
  return `'${principal.accountId}' (${holds}) may not do this: it needs ${needs.join('; or ') || 'a role'}`;
}
