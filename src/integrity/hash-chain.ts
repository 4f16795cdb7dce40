import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { StoredEvent } from '../event-store/event-store.port.js';
import { canonicalJson } from '../ledger/canonical-json.js';

/**
 * The tamper-evident log, as pure functions (no Nest, no SQL): a SHA-256 hash chain over the global
 * log in position order, and Ed25519 signatures over its head (checkpoints).
 *
 *   hash(e) = hex(SHA-256( utf8( hash(previous event) ‖ canonical(e) ) ))
 *
 * where the previous hash is written as its 64 lower-case hex digits (GENESIS_HASH before the first
 * event) and canonical(e) is the canonical JSON (sorted keys, no whitespace) of
 * `{ position, id, streamId, version, type, schemaVersion, data, metadata, recordedAt }` with
 * recordedAt as ISO 8601 UTC to the millisecond. So a link can be recomputed with any SHA-256 tool:
 * `printf '%s%s' "$previous" "$canonical" | sha256sum`.
 */
export const GENESIS_HASH = '0'.repeat(64);

/** What of an event the chain covers (every stored field). */
export type ChainedEvent = Pick<StoredEvent, 'position' | 'id' | 'streamId' | 'version' | 'type' | 'schemaVersion' | 'data' | 'metadata' | 'recordedAt'>;

export function canonicalEvent(event: ChainedEvent): string {
  return canonicalJson({
    position: event.position,
    id: event.id,
    streamId: event.streamId,
    version: event.version,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt.toISOString(),
  });
}

/** The link of `event` after the link `previousHash`. */
export function chainHash(previousHash: string, event: ChainedEvent): string {
  return createHash('sha256').update(previousHash).update(canonicalEvent(event)).digest('hex');
}

/** The links of consecutive events after `previousHash`, in order. */
export function chainHashes(previousHash: string, events: readonly ChainedEvent[]): string[] {
  const hashes: string[] = [];
  let previous = previousHash;
  for (const event of events) {
    previous = chainHash(previous, event);
    hashes.push(previous);
  }
  return hashes;
}

/** A signed statement: the chain up to `position` ends in `headHash`; signed at `signedAt`. */
export interface CheckpointClaim {
  position: number;
  headHash: string;
  /** ISO 8601 UTC to the millisecond. */
  signedAt: string;
}

export interface SignedCheckpoint extends CheckpointClaim {
  /** SHA-256 (hex) of the public key's DER (SPKI) encoding. */
  keyId: string;
  /** Base64 Ed25519 signature of `checkpointMessage(claim)`. */
  signature: string;
}

/** The exact bytes signed: canonical JSON `{"headHash":…,"position":…,"signedAt":…}` (UTF-8). */
export function checkpointMessage(claim: CheckpointClaim): string {
  return canonicalJson({ headHash: claim.headHash, position: claim.position, signedAt: claim.signedAt });
}

/** Key id: SHA-256 fingerprint (hex) of the public key in DER (SPKI), as `openssl pkey -pubin -outform DER | sha256sum`. */
export function keyIdOf(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

export function publicKeyPem(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

export function signCheckpoint(privateKey: KeyObject, claim: CheckpointClaim): SignedCheckpoint {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('checkpoints are signed with an Ed25519 key');
  const signature = sign(null, Buffer.from(checkpointMessage(claim), 'utf8'), privateKey).toString('base64');
  return { position: claim.position, headHash: claim.headHash, signedAt: claim.signedAt, keyId: keyIdOf(privateKey), signature };
}

/** True when `signature` is `publicKey`'s Ed25519 signature of the claim (false for a malformed one). */
export function checkpointSignatureValid(publicKey: KeyObject, checkpoint: CheckpointClaim & { signature: string }): boolean {
  try {
    return verify(null, Buffer.from(checkpointMessage(checkpoint), 'utf8'), publicKey, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}
