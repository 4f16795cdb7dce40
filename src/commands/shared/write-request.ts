import { createHash } from 'node:crypto';

/** Who asks, and under which guarantees: taken from the HTTP request by the controller. */
export interface WriteRequest {
  actor: string;
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
  return createHash('sha256').update(`${method} ${path}\n${canonicalJson(body)}`).digest('hex');
}

/** JSON with sorted keys, so that key order does not change a request's fingerprint. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
