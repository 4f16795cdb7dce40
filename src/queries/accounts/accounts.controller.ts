import { Controller, Get, Inject, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { DataSource } from 'typeorm';
import { EVENT_STORE, type EventStore, type StoredEvent } from '../../event-store/event-store.port.js';
import { Authorize, LOG_READERS, SIGNED_IN } from '../../http/auth/access.decorator.js';
import type { AuthenticatedRequest } from '../../http/auth/access.guard.js';
import { LedgerIdParam } from '../../http/params.js';
import { RequestValidationError } from '../../http/problem.js';
import { accountDecider, type AccountState } from '../../ledger/accounts/account.decider.js';
import { ROLE_LABELS } from '../../ledger/accounts/roles.js';
import { withoutSecrets } from '../../ledger/accounts/secret-fields.js';
import { fold } from '../../ledger/decider.js';
import { NotFoundError } from '../../ledger/errors.js';
import type { AccountEvent } from '../../ledger/events.js';
import { streamIds } from '../../ledger/ids.js';

export class AccountAsOfQuery {
  @ApiPropertyOptional({ description: 'The account as it stood then: a global position or an ISO 8601 timestamp' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  asOf?: string;
}

/**
 * Accounts as the log records them: who held which rights when. Their streams are short, so they
 * are read and folded on request rather than projected.
 */
@ApiTags('Tài khoản, phân quyền (accounts)')
@Controller('api')
export class AccountQueriesController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly database: DataSource,
  ) {}

  @Get('me')
  @Authorize({ roles: SIGNED_IN })
  @ApiOperation({ summary: 'Who I am: my account and roles (tài khoản của tôi)' })
  me(@Req() req: AuthenticatedRequest) {
    const principal = req.principal!;
    return { id: principal.accountId, displayName: principal.displayName, via: principal.via, roles: principal.roles.map(withLabel) };
  }

  @Get('accounts')
  @Authorize({ roles: LOG_READERS })
  @ApiOperation({ summary: 'Every account with its roles and tokens (no secrets), as of a position or time' })
  async list(@Query() query: AccountAsOfQuery) {
    const position = await this.position(query.asOf);
    const rows: { stream_id: string }[] = await this.database.query(
      `SELECT stream_id FROM ledger_events WHERE stream_id LIKE 'account:%' AND version = 1 AND position <= $1 ORDER BY position`,
      [position],
    );
    const accounts = await Promise.all(rows.map(async (row) => view(fold(accountDecider, (await this.events(row.stream_id, position)).map(asEvent)))));
    return { asOf: position, accounts };
  }

  @Get('accounts/:id')
  @Authorize({ roles: LOG_READERS }, { roles: [], self: { param: 'id' } })
  @ApiOperation({ summary: 'One account, as of a position or time, with its history (who granted what, when)' })
  async one(@LedgerIdParam('id') id: string, @Query() query: AccountAsOfQuery) {
    const position = await this.position(query.asOf);
    const events = await this.events(streamIds.account(id), position);
    if (events.length === 0) throw new NotFoundError('account', id);
    return {
      asOf: position,
      ...view(fold(accountDecider, events.map(asEvent))),
      history: events.map((e) => ({
        position: e.position,
        recordedAt: e.recordedAt.toISOString(),
        type: e.type,
        by: e.metadata.actor,
        byName: e.metadata.actorName ?? null,
        data: withoutSecrets(e.data),
      })),
    };
  }

  private async position(asOf: string | undefined): Promise<number> {
    const head = await this.store.headPosition();
    if (asOf === undefined) return head;
    if (/^\d{1,15}$/.test(asOf)) return Math.min(Number(asOf), head);
    const at = new Date(asOf);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(asOf) || Number.isNaN(at.getTime()) || at.getUTCFullYear() < 1970) {
      throw new RequestValidationError([{ field: 'asOf', message: 'must be a global position (integer) or an ISO 8601 timestamp' }]);
    }
    return this.store.positionAt(at);
  }

  private async events(streamId: string, through: number): Promise<StoredEvent[]> {
    return (await this.store.readStream(streamId, { limit: 100_000 })).filter((e) => e.position <= through);
  }
}

const asEvent = (e: StoredEvent) => ({ type: e.type, data: e.data }) as AccountEvent;
const withLabel = (grant: { role: keyof typeof ROLE_LABELS; scope: string | null }) => ({ ...grant, label: ROLE_LABELS[grant.role] });

function view(state: AccountState) {
  if (!state.exists) return null;
  return {
    id: state.accountId,
    displayName: state.displayName,
    roles: state.roles.map(withLabel),
    hasPassword: state.passwordHash !== null,
    tokens: state.tokens.map((t) => ({ tokenId: t.tokenId, label: t.label, expiresAt: t.expiresAt, revoked: t.revoked })),
  };
}
