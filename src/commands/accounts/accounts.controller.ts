import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Inject } from '@nestjs/common';
import { LEDGER_CONFIG, type LedgerConfig } from '../../config.js';
import { Authorize, Public } from '../../http/auth/access.decorator.js';
import type { AuthenticatedRequest } from '../../http/auth/access.guard.js';
import { RateLimits } from '../../http/auth/rate-limits.js';
import { LedgerIdParam } from '../../http/params.js';
import { WriteDocs } from '../../http/write-docs.js';
import { Write } from '../../http/write-request.decorator.js';
import { sendWrite } from '../../http/write-response.js';
import { uuidv7 } from '../../event-store/uuid-v7.js';
import type { WriteRequest } from '../../streams/write-request.js';
import { AccountDirectory, AuthenticationError } from '../../identity/account-directory.js';
import { CreateAccountDto, IssueTokenDto, RoleGrantsDto, SetPasswordDto, SignInDto } from './accounts.dto.js';
import { ChangeAccount, grantsOf } from './accounts.handlers.js';
import { hashPassword, newToken, verifyPassword } from '../../identity/secrets.js';

const ADMINISTRATORS = { roles: ['administrator' as const] };

@ApiTags('Tài khoản, phân quyền (accounts)')
@Controller('api')
export class AccountsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly accounts: AccountDirectory,
    private readonly limits: RateLimits,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  @Post('accounts')
  @Authorize(ADMINISTRATORS)
  @WriteDocs('Create an account (tạo tài khoản) with its roles; a password for people who sign in')
  async create(@Body() body: CreateAccountDto, @Write() request: WriteRequest, @Res({ passthrough: true }) res: Response) {
    const change = {
      type: 'CreateAccount' as const,
      accountId: body.id,
      displayName: body.displayName.normalize('NFC'),
      roles: grantsOf(body.roles),
      passwordHash: body.password ? await hashPassword(body.password) : null,
    };
    return sendWrite(res, await this.commands.execute(new ChangeAccount(body.id, change, request)));
  }

  @Post('accounts/:id/roles')
  @Authorize(ADMINISTRATORS)
  @WriteDocs('Grant roles (cấp quyền)')
  async grant(@LedgerIdParam('id') id: string, @Body() body: RoleGrantsDto, @Write() request: WriteRequest, @Res({ passthrough: true }) res: Response) {
    return sendWrite(res, await this.commands.execute(new ChangeAccount(id, { type: 'GrantRoles', accountId: id, roles: grantsOf(body.roles) }, request)));
  }

  @Post('accounts/:id/roles/revocation')
  @Authorize(ADMINISTRATORS)
  @WriteDocs('Revoke roles (thu hồi quyền)')
  async revokeRoles(@LedgerIdParam('id') id: string, @Body() body: RoleGrantsDto, @Write() request: WriteRequest, @Res({ passthrough: true }) res: Response) {
    return sendWrite(res, await this.commands.execute(new ChangeAccount(id, { type: 'RevokeRoles', accountId: id, roles: grantsOf(body.roles) }, request)));
  }

  @Post('accounts/:id/password')
  @Authorize(ADMINISTRATORS, { roles: [], self: { param: 'id' } })
  @WriteDocs('Set the password (đặt mật khẩu): an administrator, or the account itself')
  async setPassword(@LedgerIdParam('id') id: string, @Body() body: SetPasswordDto, @Write() request: WriteRequest, @Res({ passthrough: true }) res: Response) {
    return sendWrite(
      res,
      await this.commands.execute(new ChangeAccount(id, { type: 'SetPassword', accountId: id, passwordHash: await hashPassword(body.password) }, request)),
    );
  }

  @Post('accounts/:id/tokens')
  @Authorize(ADMINISTRATORS, { roles: [], self: { param: 'id' } })
  @WriteDocs('Issue an API token (for a script or a conference screen): the answer holds it once, only its hash is kept')
  async issueToken(@LedgerIdParam('id') id: string, @Body() body: IssueTokenDto, @Write() request: WriteRequest, @Res({ passthrough: true }) res: Response) {
    const { tokenId, token, tokenHash } = newToken(id);
    const expiresAt = body.expiresInDays ? new Date(Date.now() + body.expiresInDays * 86_400_000).toISOString() : null;
    // With an Idempotency-Key, a replay answers the first answer: the token is not in it (never stored), only its id.
    const written = await this.commands.execute(
      new ChangeAccount(id, { type: 'IssueToken', accountId: id, tokenId, label: body.label, tokenHash, expiresAt }, request, { tokenId, expiresAt }),
    );
    return sendWrite(res, written.status === 201 ? { ...written, body: { ...written.body, token } } : written);
  }

  @Post('accounts/:id/tokens/:tokenId/revocation')
  @Authorize(ADMINISTRATORS, { roles: [], self: { param: 'id' } })
  @WriteDocs('Revoke a token (thu hồi token): it stops working at once, on every instance')
  async revokeToken(
    @LedgerIdParam('id') id: string,
    @LedgerIdParam('tokenId') tokenId: string,
    @Write() request: WriteRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return sendWrite(res, await this.commands.execute(new ChangeAccount(id, { type: 'RevokeToken', accountId: id, tokenId }, request)));
  }

  /**
   * Sign-in for people: a session is a token that expires (SESSION_HOURS), recorded like any
   * token, so who signed in when is on the record. Wrong passwords lock the account for a while.
   */
  @Post('sessions')
  @Public()
  @HttpCode(201)
  @ApiOperation({ summary: 'Sign in (đăng nhập) with account id and password: answers a session token' })
  async signIn(@Body() body: SignInDto, @Req() req: AuthenticatedRequest) {
    this.limits.signIn(req.ip ?? 'unknown', body.accountId);
    const account = await this.accounts.account(body.accountId);
    const valid = await verifyPassword(body.password, account.exists ? account.passwordHash : null);
    if (!account.exists || !valid) {
      this.limits.signInFailed(body.accountId);
      throw new AuthenticationError('the account id or the password is wrong');
    }
    this.limits.signInSucceeded(body.accountId);
    const { tokenId, token, tokenHash } = newToken(account.accountId);
    const expiresAt = new Date(Date.now() + this.config.auth.sessionHours * 3_600_000).toISOString();
    const request: WriteRequest = {
      actor: account.accountId,
      actorName: account.displayName,
      idempotencyKey: null,
      fingerprint: '',
      ifMatch: null,
      correlationId: uuidv7(),
    };
    await this.commands.execute(
      new ChangeAccount(
        account.accountId,
        {
          type: 'IssueToken',
          accountId: account.accountId,
          tokenId,
          label: `session ${req.headers['user-agent']?.slice(0, 120) ?? ''}`.trim(),
          tokenHash,
          expiresAt,
        },
        request,
      ),
    );
    return { token, tokenId, expiresAt, account: { id: account.accountId, displayName: account.displayName, roles: account.roles } };
  }
}
