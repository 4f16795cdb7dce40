import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EVENT_STORE, type EventStore, type StoredEvent } from '../../event-store/event-store.port.js';
import { accountDecider, type AccountState } from '../../ledger/accounts/account.decider.js';
import { ROLE_LABELS } from '../../ledger/accounts/roles.js';
import { withoutSecrets } from '../../ledger/accounts/secret-fields.js';
import { fold } from '../../ledger/decider.js';
import { NotFoundError } from '../../ledger/errors.js';
import type { AccountEvent } from '../../ledger/events.js';
import { streamIds } from '../../ledger/ids.js';
import { parseAsOf } from '../shared/as-of.js';
import { decodeEvent } from '../../event-store/recorded-event.js';

/**
 * Accounts as the log records them: who held which rights when. Their streams are short, so they
 * are read and folded on request rather than projected.
 */
@Injectable()
export class AccountReads {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly database: DataSource,
  ) {}

  async list(asOf: string | undefined) {
    const position = await this.position(asOf);
    const rows: { stream_id: string }[] = await this.database.query(
      `SELECT stream_id FROM ledger_events WHERE stream_id LIKE 'account:%' AND version = 1 AND position <= $1 ORDER BY position`,
      [position],
    );
    const accounts = await Promise.all(rows.map(async (row) => view(fold(accountDecider, (await this.events(row.stream_id, position)).map(asEvent)))));
    return { asOf: position, accounts };
  }

  async one(id: string, asOf: string | undefined) {
    const position = await this.position(asOf);
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
    const asked = parseAsOf(asOf);
    return 'position' in asked ? Math.min(asked.position, head) : this.store.positionAt(asked.at);
  }

  private async events(streamId: string, through: number): Promise<StoredEvent[]> {
    return (await this.store.readStream(streamId, { limit: 100_000 })).filter((e) => e.position <= through);
  }
}

const asEvent = (e: StoredEvent) => decodeEvent(e) as AccountEvent;
export const roleWithLabel = (grant: { role: keyof typeof ROLE_LABELS; scope: string | null }) => ({ ...grant, label: ROLE_LABELS[grant.role] });

function view(state: AccountState) {
  if (!state.exists) return null;
  return {
    id: state.accountId,
    displayName: state.displayName,
    roles: state.roles.map(roleWithLabel),
    hasPassword: state.passwordHash !== null,
    tokens: state.tokens.map((t) => ({ tokenId: t.tokenId, label: t.label, expiresAt: t.expiresAt, revoked: t.revoked })),
  };
}
