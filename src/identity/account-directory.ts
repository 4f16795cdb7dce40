import { Inject, Injectable, Logger } from '@nestjs/common';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { LEDGER_CONFIG, type LedgerConfig } from '../config.js';
import { accountDecider, type AccountState } from '../ledger/accounts/account.decider.js';
import { streamIds } from '../ledger/ids.js';
import { StreamStates } from '../streams/stream-states.js';
import { ADMIN_ACCOUNT_ID, type Principal } from './principal.js';
import { hashToken, parseToken, sameHash } from './secrets.js';

/** Why a bearer token was not accepted (the 401's detail). */
export class AuthenticationError extends Error {
  readonly code = 'unauthenticated';
}

/**
 * Who a bearer token belongs to. The account is read from its stream on every request (one
 * indexed read of the events after the state this process holds), so a role revoked or a token
 * revoked on another instance counts at once.
 */
@Injectable()
export class AccountDirectory {
  private readonly logger = new Logger('Accounts');
  private readonly jwks: JWTVerifyGetKey | null;

  constructor(
    private readonly streams: StreamStates,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {
    this.jwks = config.auth.jwksUrl ? createRemoteJWKSet(new URL(config.auth.jwksUrl)) : null;
  }

  async account(accountId: string): Promise<AccountState> {
    return (await this.streams.load(accountDecider, streamIds.account(accountId))).state;
  }

  async authenticate(authorization: string | undefined): Promise<Principal> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) throw new AuthenticationError(authorization ? 'Authorization must be "Bearer <token>"' : 'Authorization: Bearer <token> is required');
    const token = match[1];
    const ours = parseToken(token);
    if (ours) return this.byLedgerToken(token, ours.accountId, ours.tokenId);
    if (this.jwks && token.split('.').length === 3) return this.bySingleSignOn(token);
    // Not of our shape: only the bootstrap administrator holds such a token (LEDGER_ADMIN_TOKEN).
    return this.byLedgerToken(token, ADMIN_ACCOUNT_ID, null);
  }

  private async byLedgerToken(token: string, accountId: string, tokenId: string | null): Promise<Principal> {
    const state = await this.account(accountId);
    const hash = hashToken(token);
    const held = state.exists ? state.tokens.find((t) => (tokenId === null || t.tokenId === tokenId) && sameHash(t.tokenHash, hash)) : undefined;
    if (!state.exists || !held) throw new AuthenticationError('the token is not valid');
    if (held.revoked) throw new AuthenticationError('the token has been revoked');
    if (held.expiresAt !== null && Date.parse(held.expiresAt) <= Date.now()) throw new AuthenticationError('the token has expired: sign in again');
    return { accountId, displayName: state.displayName, roles: state.roles, via: held.label.startsWith('session') ? 'session' : 'token' };
  }

  /** An identity provider's JWT: it says who the caller is; what they may do comes from the ledger's own grants. */
  private async bySingleSignOn(token: string): Promise<Principal> {
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(token, this.jwks!, {
        ...(this.config.auth.issuer ? { issuer: this.config.auth.issuer } : {}),
        ...(this.config.auth.audience ? { audience: this.config.auth.audience } : {}),
      }));
    } catch (error) {
      this.logger.debug(`SSO token refused: ${(error as Error).message}`);
      throw new AuthenticationError(`the identity provider's token is not valid: ${(error as Error).message}`);
    }
    const accountId = claims[this.config.auth.accountClaim];
    if (typeof accountId !== 'string' || accountId === '') throw new AuthenticationError(`the token has no '${this.config.auth.accountClaim}' claim`);
    const state = await this.account(accountId);
    if (!state.exists)
      throw new AuthenticationError(`no ledger account '${accountId}': an administrator must create it (POST /api/accounts) before its first sign-in`);
    return { accountId, displayName: state.displayName, roles: state.roles, via: 'sso' };
  }
}
