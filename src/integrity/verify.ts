import type { KeyObject } from 'node:crypto';
import type { EventMetadata } from '../event-store/event-store.port.js';
import { chainHash, checkpointSignatureValid, GENESIS_HASH, keyIdOf, publicKeyPem, type ChainedEvent } from './hash-chain.js';
import { ALL_CHECKPOINTS, CHAINED_THROUGH, EVENTS_AFTER, RAW_EVENTS, RAW_LINKS } from './integrity.sql.js';

/** One SQL statement → its rows (a TypeORM DataSource's `query`, or a pg / PGlite client's). */
export type SqlQuery = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

export type FailureReason =
  /** The link recomputed from the event row and the previous link differs from the stored one: the event (or its link) was edited. */
  | 'hash-mismatch'
  /** A link whose event row is gone, or a link naming a previous position that is no longer there: an event was deleted. */
  | 'event-missing'
  /** An event inside the chained range that the chain skips: inserted afterwards, or its link deleted. */
  | 'event-unchained'
  /** A link names a previous position other than the link before it. */
  | 'chain-link-broken'
  /** The link at a signed checkpoint is not the hash that was signed: the chain was rewritten. */
  | 'checkpoint-mismatch'
  /** A checkpoint whose signature does not verify with its key: the checkpoint row was edited. */
  | 'checkpoint-signature-invalid'
  /** A checkpoint signed by a key this verifier was not given (another instance's, or a forger's). */
  | 'checkpoint-key-unknown'
  /** A signed checkpoint beyond the last link: the end of the log (and of the chain) was cut off. */
  | 'chain-truncated'
  /** The link at a position differs from a hash published outside the system (`expect`), or is gone. */
  | 'published-hash-mismatch';

export interface IntegrityFailure {
  position: number;
  reason: FailureReason;
  expected: string | number | null;
  actual: string | number | null;
  detail: string;
}

export interface CheckpointReport {
  position: number;
  hash: string;
  signedAt: string;
  keyId: string;
  /** Base64 Ed25519 signature of `{"headHash":…,"position":…,"signedAt":…}` (check it with openssl). */
  signature: string;
  signatureValid: boolean;
}

export interface IntegrityReport {
  status: 'verified' | 'failed';
  /** Every link up to here checks (on failure: the last position before the first failure). */
  verifiedThrough: number;
  /** The link at verifiedThrough (GENESIS_HASH for an empty chain). */
  headHash: string;
  /** The last link stored; events after it are not chained yet (`unchained`). */
  chainedThrough: number;
  /** Event rows checked against their link. */
  eventsChecked: number;
  /** Events after the last link (not settled yet, or the processor is behind). */
  unchained: number;
  /** The last checkpoint at or before verifiedThrough whose signature checks (null: none yet). */
  lastCheckpoint: CheckpointReport | null;
  checkpoints: number;
  /** Events after lastCheckpoint (chained or not): not covered by a signature yet. */
  unsignedAfter: number;
  /** The keys the checkpoints were checked with (this instance's, and any given). */
  keyIds: string[];
  publicKey: string | null;
  /** The hashes given as kept outside the system (`expect`), each compared with the link at its position. */
  published?: { position: number; hash: string; matches: boolean }[];
  firstFailure?: IntegrityFailure;
  /** The first MAX_FAILURES failures, in position order. */
  failures?: IntegrityFailure[];
  failureCount?: number;
  seconds: number;
}

export interface VerifyOptions {
  /** Public (or private) keys trusted to sign checkpoints; the first is reported as `publicKey`. */
  keys: KeyObject[];
  /** Rows per read (default 5,000). */
  pageSize?: number;
  /** Head hashes kept outside the system (a published ranking, an official letter): the link at each position must be that hash. */
  expect?: { position: number; hash: string }[];
}

const MAX_FAILURES = 100;

type RawEvent = ChainedEvent;
interface RawLink {
  position: number;
  prevPosition: number;
  hash: string;
}
interface RawCheckpoint {
  position: number;
  headHash: string;
  signedAt: string;
  keyId: string;
  signature: string;
}

/**
 * Recomputes the chain from the raw rows of ledger_events (read with plain SQL, not through the
 * gap-safe reader, so deleted and edited rows are seen), compares each link with the stored one,
 * and checks every checkpoint: its signature with a trusted key, its hash against the link at its
 * position. Each link is recomputed from the *stored* previous link, so an edit shows at its own
 * position only, and every failure is listed.
 *
 * Reads without one snapshot (the embedded store has one connection: a long transaction would stop
 * the writers): checkpoints first, then the last link, and only rows up to that link. Rows there
 * are final (the processor chains only the gap-safe, settled log) and links are only appended, so
 * what the processor adds meanwhile is simply not looked at.
 */
export async function verifyIntegrity(query: SqlQuery, options: VerifyOptions): Promise<IntegrityReport> {
  const started = performance.now();
  const pageSize = options.pageSize ?? 5000;
  const trusted = new Map(options.keys.map((key) => [keyIdOf(key), key]));
  const checkpoints = (await query(ALL_CHECKPOINTS)).map(toCheckpoint);
  const chainedThrough = Number((await query(CHAINED_THROUGH))[0]?.position ?? 0);

  const expected = new Map((options.expect ?? []).map((e) => [e.position, { position: e.position, hash: e.hash.toLowerCase(), matches: false, seen: false }]));
  const failures: IntegrityFailure[] = [];
  let failureCount = 0;
  const fail = (failure: IntegrityFailure) => {
    failureCount++;
    if (failures.length < MAX_FAILURES) failures.push(failure);
  };

  const events = paged<RawEvent>(query, RAW_EVENTS, chainedThrough, pageSize, toEvent);
  const links = paged<RawLink>(query, RAW_LINKS, chainedThrough, pageSize, toLink);
  let event = await events.next();
  let link = await links.next();
  let nextCheckpoint = 0;
  let previous: RawLink = { position: 0, prevPosition: 0, hash: GENESIS_HASH };
  let verifiedThrough = 0;
  let headHash = GENESIS_HASH;
  let eventsChecked = 0;
  let lastCheckpoint: CheckpointReport | null = null;

  const checkCheckpointsBefore = (position: number, linkAt: RawLink | null) => {
    while (nextCheckpoint < checkpoints.length && checkpoints[nextCheckpoint].position <= position) {
      const checkpoint = checkpoints[nextCheckpoint++];
      const at = linkAt && linkAt.position === checkpoint.position ? linkAt : null;
      const report = checkCheckpoint(checkpoint, at, trusted, fail);
      if (report && !at)
        fail({
          position: checkpoint.position,
          reason: 'checkpoint-mismatch',
          expected: checkpoint.headHash,
          actual: null,
          detail: `a checkpoint signed at ${checkpoint.signedAt} covers position ${checkpoint.position}, which is no longer in the chain`,
        });
      if (report?.signatureValid && failureCount === 0) lastCheckpoint = report;
    }
  };
  /** The last event found without a link, with the link it would have had (when its link was deleted, the next one follows it). */
  let unchained: RawLink | null = null;

  while (event || link) {
    const position = Math.min(event?.position ?? Infinity, link?.position ?? Infinity);
    const hadFailed = failureCount > 0;
    checkCheckpointsBefore(position - 1, null);
    if (link && link.position === position) {
      if (link.prevPosition !== previous.position) {
        if (unchained && link.prevPosition === unchained.position) {
          previous = unchained; // reported as event-unchained: its link was deleted
        } else if (link.prevPosition > previous.position) {
          fail({
            position: link.prevPosition,
            reason: 'event-missing',
            expected: 'an event and its link',
            actual: null,
            detail: `the link at ${position} follows position ${link.prevPosition}, which is no longer in the log nor in the chain: that event was deleted`,
          });
        } else {
          fail({
            position: previous.position,
            reason: 'chain-link-broken',
            expected: previous.position,
            actual: link.prevPosition,
            detail: `the link at ${position} follows position ${link.prevPosition}, not ${previous.position}: the link at ${previous.position} was inserted`,
          });
        }
      }
      if (event && event.position === position) {
        eventsChecked++;
        const recomputed = chainHash(previous.hash, event);
        if (recomputed !== link.hash)
          fail({
            position,
            reason: 'hash-mismatch',
            expected: recomputed,
            actual: link.hash,
            detail: `event ${event.id} (${event.type}) does not hash to its link: the event or the link was edited`,
          });
        event = await events.next();
      } else {
        fail({
          position,
          reason: 'event-missing',
          expected: link.hash,
          actual: null,
          detail: `position ${position} is chained but its event row is gone: the event was deleted`,
        });
      }
      checkCheckpointsBefore(position, link);
      const published = expected.get(position);
      if (published) {
        published.matches = published.hash === link.hash;
        published.seen = true;
        if (!published.matches)
          fail({
            position,
            reason: 'published-hash-mismatch',
            expected: published.hash,
            actual: link.hash,
            detail: `the link at ${position} is not the hash published for it: the log up to here has changed since`,
          });
      }
      previous = link;
      unchained = null;
      link = await links.next();
    } else if (event) {
      fail({
        position,
        reason: 'event-unchained',
        expected: null,
        actual: event.id,
        detail: `event ${event.id} (${event.type}) is inside the chained range but has no link: inserted afterwards, or its link deleted`,
      });
      unchained = { position, prevPosition: previous.position, hash: chainHash(previous.hash, event) };
      event = await events.next();
    }
    if (!hadFailed && failureCount === 0) {
      verifiedThrough = previous.position;
      headHash = previous.hash;
    }
  }
  // Signed beyond the last link: the chain's end was cut off.
  for (; nextCheckpoint < checkpoints.length; nextCheckpoint++) {
    const checkpoint = checkpoints[nextCheckpoint];
    const report = checkCheckpoint(checkpoint, null, trusted, fail);
    if (report)
      fail({
        position: checkpoint.position,
        reason: 'chain-truncated',
        expected: checkpoint.headHash,
        actual: null,
        detail: `a checkpoint signed at ${checkpoint.signedAt} covers position ${checkpoint.position}, beyond the last link (${chainedThrough}): events at the end of the log were deleted`,
      });
  }

  for (const published of expected.values()) {
    if (!published.seen)
      fail({
        position: published.position,
        reason: 'published-hash-mismatch',
        expected: published.hash,
        actual: null,
        detail: `position ${published.position} has no link${published.position > chainedThrough ? ` (the chain ends at ${chainedThrough})` : ''}`,
      });
  }
  const pending = Number((await query(EVENTS_AFTER, [chainedThrough]))[0]?.n ?? 0);
  const signedThrough = (lastCheckpoint as CheckpointReport | null)?.position ?? 0;
  const unsignedAfter = Number((await query(EVENTS_AFTER, [signedThrough]))[0]?.n ?? 0);
  failures.sort((a, b) => a.position - b.position);
  const report: IntegrityReport = {
    status: failureCount === 0 ? 'verified' : 'failed',
    verifiedThrough,
    headHash,
    chainedThrough,
    eventsChecked,
    unchained: pending,
    lastCheckpoint,
    checkpoints: checkpoints.length,
    unsignedAfter,
    keyIds: [...trusted.keys()],
    publicKey: options.keys[0] ? publicKeyPem(options.keys[0]) : null,
    seconds: Math.round(performance.now() - started) / 1000,
  };
  if (expected.size > 0) report.published = [...expected.values()].map(({ position, hash, matches }) => ({ position, hash, matches }));
  if (failureCount > 0) Object.assign(report, { firstFailure: failures[0], failures, failureCount });
  return report;
}

/**
 * A checkpoint against the link at its position (null: none there). Returns its report, or null
 * when it could not be checked (unknown key), after recording any failure.
 */
function checkCheckpoint(
  checkpoint: RawCheckpoint,
  link: RawLink | null,
  trusted: Map<string, KeyObject>,
  fail: (failure: IntegrityFailure) => void,
): CheckpointReport | null {
  const key = trusted.get(checkpoint.keyId);
  if (!key) {
    fail({
      position: checkpoint.position,
      reason: 'checkpoint-key-unknown',
      expected: [...trusted.keys()].join(',') || null,
      actual: checkpoint.keyId,
      detail: `the checkpoint at ${checkpoint.position} is signed by key ${checkpoint.keyId}, which this verifier does not trust (give its public key: --public-key)`,
    });
    return null;
  }
  const signatureValid = checkpointSignatureValid(key, checkpoint);
  const report: CheckpointReport = {
    position: checkpoint.position,
    hash: checkpoint.headHash,
    signedAt: checkpoint.signedAt,
    keyId: checkpoint.keyId,
    signature: checkpoint.signature,
    signatureValid,
  };
  if (!signatureValid) {
    fail({
      position: checkpoint.position,
      reason: 'checkpoint-signature-invalid',
      expected: `a signature by ${checkpoint.keyId}`,
      actual: checkpoint.signature,
      detail: `the checkpoint at ${checkpoint.position} (hash ${checkpoint.headHash}, signed at ${checkpoint.signedAt}) does not match its signature: the checkpoint row was edited`,
    });
  } else if (link && link.hash !== checkpoint.headHash) {
    fail({
      position: checkpoint.position,
      reason: 'checkpoint-mismatch',
      expected: checkpoint.headHash,
      actual: link.hash,
      detail: `the link at ${checkpoint.position} is not the hash signed at ${checkpoint.signedAt}: the chain was rewritten up to here`,
    });
  }
  return report;
}

/** Rows after 0 up to `through`, page by page, as one iterator. */
function paged<T extends { position: number }>(query: SqlQuery, sql: string, through: number, pageSize: number, map: (row: Record<string, unknown>) => T) {
  let buffer: T[] = [];
  let index = 0;
  let after = 0;
  let done = through <= 0;
  let pending: Promise<Record<string, unknown>[]> | null = null;
  const fetch = () => query(sql, [after, through, pageSize]);
  return {
    async next(): Promise<T | null> {
      if (index < buffer.length) return buffer[index++];
      if (done) return null;
      const rows = await (pending ?? fetch());
      pending = null;
      buffer = rows.map(map);
      index = 0;
      if (buffer.length < pageSize) done = true;
      else {
        after = buffer[buffer.length - 1].position;
        pending = fetch(); // read the next page while this one is hashed
        pending.catch(() => undefined);
      }
      return index < buffer.length ? buffer[index++] : null;
    },
  };
}

function toEvent(row: Record<string, unknown>): RawEvent {
  return {
    position: Number(row.position),
    id: String(row.event_id),
    streamId: String(row.stream_id),
    version: Number(row.version),
    type: String(row.type),
    schemaVersion: Number(row.schema_version),
    data: row.data as Record<string, unknown>,
    metadata: row.metadata as EventMetadata,
    recordedAt: row.recorded_at instanceof Date ? row.recorded_at : new Date(String(row.recorded_at)),
  };
}

function toLink(row: Record<string, unknown>): RawLink {
  return { position: Number(row.position), prevPosition: Number(row.prev_position), hash: String(row.hash) };
}

function toCheckpoint(row: Record<string, unknown>): RawCheckpoint {
  const signedAt = row.signed_at instanceof Date ? row.signed_at : new Date(String(row.signed_at));
  return {
    position: Number(row.position),
    headHash: String(row.head_hash),
    signedAt: signedAt.toISOString(),
    keyId: String(row.key_id),
    signature: String(row.signature),
  };
}
