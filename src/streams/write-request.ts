import { createHash } from 'node:crypto';
import { canonicalJson } from '../ledger/canonical-json.js';

/** Who asks, and under which guarantees: taken from the HTTP request by the controller (or set by a policy). */
export interface WriteRequest {
  /** The authenticated account's id (`system:…` for the ledger's own policies). */
  actor: string;
  /** Its display name, kept beside the id in the event's metadata. */
  actorName?: string | null;
  /** From `Idempotency-Key`; null → a fresh command id, no replay protection beyond the call. */
  idempotencyKey: string | null;
  /** Hash of method, path and body: a reused key with another fingerprint is refused. */
  fingerprint: string;
  /** From `If-Match`: the aggregate version the caller saw. */
  ifMatch: number | null;
  correlationId: string;
}

/** The answer of every write: `{ streamId, version, position, ... }`, status 201 or 200 on replay. */
export interface WriteResult {
  status: 200 | 201;
  body: { streamId: string; version: number; position: number; [extra: string]: unknown };
}

export function fingerprintOf(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${path}\n${canonicalJson(body)}`)
    .digest('hex');
}

/** An Idempotency-Key sent again with another request (another fingerprint): nothing is written. */
export class IdempotencyKeyReusedError extends Error {
  readonly code = 'idempotency-key-reused';
  constructor(readonly key: string) {
    super(`Idempotency-Key '${key}' was already used with a different request`);
  }
}
