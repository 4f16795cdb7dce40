import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ConcurrencyError } from '../../event-store/event-store.port.js';
import { uuidv7 } from '../../event-store/uuid-v7.js';
import { LEDGER_CONFIG, type LedgerConfig } from '../../config.js';
import type { AccountCommand } from '../../ledger/accounts/account.decider.js';
import type { RoleGrant } from '../../ledger/accounts/roles.js';
import { AlreadyExistsError } from '../../ledger/errors.js';
import type { WriteRequest } from '../../streams/write-request.js';
import { AccountDirectory } from '../../identity/account-directory.js';
import { ChangeAccountHandler, ChangeAccount } from './accounts.handlers.js';
import { ADMIN_ACCOUNT_ID } from '../../identity/principal.js';
import { hashToken, newToken } from '../../identity/secrets.js';

/** The bootstrap administrator may do everything but audit: administrator and emulation officer over the whole tree. */
export const ADMIN_ROLES: RoleGrant[] = [
  { role: 'administrator', scope: null },
  { role: 'emulation-officer', scope: null },
];

/**
 * Makes sure someone can sign in to a new ledger:
 * - LEDGER_ADMIN_TOKEN set: the administrator `admin` exists and holds that token (scripts, CI,
 *   containers); its hash is recorded once, the token itself never;
 * - unset, on a store with no `admin` yet: creates it and prints a one-time token, once ever.
 */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  /** The token printed on this start, if one was (tests and the CLI read it). */
  printedToken: string | null = null;

  constructor(
    private readonly accounts: AccountDirectory,
    private readonly handler: ChangeAccountHandler,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.ensureAdmin();
    } catch (error) {
      // Another instance bootstrapping the same store at the same moment: its write stands.
      if (!(error instanceof ConcurrencyError || error instanceof AlreadyExistsError)) throw error;
    }
  }

  private async ensureAdmin(): Promise<void> {
    const given = this.config.auth.adminToken;
    const state = await this.accounts.account(ADMIN_ACCOUNT_ID);
    if (!state.exists) {
      await this.write({ type: 'CreateAccount', accountId: ADMIN_ACCOUNT_ID, displayName: 'Quản trị hệ thống', roles: ADMIN_ROLES, passwordHash: null });
    } else if (given === null || state.tokens.some((t) => t.tokenHash === hashToken(given) && !t.revoked)) {
      return;
    }
    if (given !== null) {
      await this.write({
        type: 'IssueToken',
        accountId: ADMIN_ACCOUNT_ID,
        tokenId: uuidv7().replace(/-/g, '').slice(-16),
        label: 'LEDGER_ADMIN_TOKEN',
        tokenHash: hashToken(given),
        expiresAt: null,
      });
      return;
    }
    const { tokenId, token, tokenHash } = newToken(ADMIN_ACCOUNT_ID);
    await this.write({ type: 'IssueToken', accountId: ADMIN_ACCOUNT_ID, tokenId, label: 'bootstrap (printed once)', tokenHash, expiresAt: null });
    this.printedToken = token;
    const line = '─'.repeat(78);
    process.stdout.write(
      `\n${line}\n Tài khoản quản trị "admin" đã được tạo. Token này chỉ hiện MỘT LẦN, hãy lưu lại:\n` +
        ` The administrator "admin" was created. This token is shown ONCE; keep it safe:\n\n   ${token}\n\n` +
        ` curl -H "Authorization: Bearer ${token}" http://${this.config.host}:${this.config.port}/api/me\n${line}\n\n`,
    );
  }

  private async write(change: AccountCommand): Promise<void> {
    const request: WriteRequest = {
      actor: 'system:bootstrap',
      actorName: 'Khởi tạo hệ thống',
      idempotencyKey: null,
      fingerprint: '',
      ifMatch: null,
      correlationId: uuidv7(),
    };
    await this.handler.execute(new ChangeAccount(ADMIN_ACCOUNT_ID, change, request));
  }
}
