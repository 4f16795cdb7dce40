import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadSigningKeyFile } from '../../../src/config.js';
import {
  canonicalEvent,
  chainHash,
  chainHashes,
  checkpointMessage,
  checkpointSignatureValid,
  GENESIS_HASH,
  keyIdOf,
  publicKeyPem,
  signCheckpoint,
  type ChainedEvent,
} from '../../../src/integrity/hash-chain.js';
import { loadOrCreateSigningKey, readSigningKey, SigningKeyError } from '../../../src/integrity/signing-key.js';

const event = (position: number, overrides: Partial<ChainedEvent> = {}): ChainedEvent => ({
  position,
  id: `0197a1b2-0000-7000-8000-${String(position).padStart(12, '0')}`,
  streamId: 'scorecard:vi-an-ninh-to-quoc-2026:ca-hau-giang',
  version: position,
  type: 'ScoreEntryRecorded',
  schemaVersion: 1,
  data: { entryId: `e-${position}`, points: '0.25', reason: 'Kiểm tra chéo quý I', evidence: ['BB-KTC-01/C9'] },
  metadata: { actor: 'doan-kiem-tra-cum-9', commandId: `c-${position}`, correlationId: `c-${position}`, causationId: null },
  recordedAt: new Date('2026-03-31T08:15:00.123Z'),
  ...overrides,
});

describe('hash chain', () => {
  it('starts from a genesis of 64 zeros', () => {
    expect(GENESIS_HASH).toBe('0'.repeat(64));
  });

  it('canonical content: every stored field, sorted keys, no whitespace, recordedAt in ISO', () => {
    const text = canonicalEvent(event(7));
    expect(text).toBe(
      '{"data":{"entryId":"e-7","evidence":["BB-KTC-01/C9"],"points":"0.25","reason":"Kiểm tra chéo quý I"},' +
        '"id":"0197a1b2-0000-7000-8000-000000000007",' +
        '"metadata":{"actor":"doan-kiem-tra-cum-9","causationId":null,"commandId":"c-7","correlationId":"c-7"},' +
        '"position":7,"recordedAt":"2026-03-31T08:15:00.123Z","schemaVersion":1,' +
        '"streamId":"scorecard:vi-an-ninh-to-quoc-2026:ca-hau-giang","type":"ScoreEntryRecorded","version":7}',
    );
  });

  it('a link is SHA-256 of the previous link (hex) followed by the canonical content', () => {
    const e = event(1);
    const expected = createHash('sha256')
      .update(GENESIS_HASH + canonicalEvent(e), 'utf8')
      .digest('hex');
    expect(chainHash(GENESIS_HASH, e)).toBe(expected);
    expect(chainHash(GENESIS_HASH, e)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the same as `printf %s%s "$previous" "$canonical" | sha256sum`', () => {
    const e = event(1);
    const out = execFileSync('bash', ['-c', 'printf "%s%s" "$PREV" "$CANON" | sha256sum'], {
      env: { ...process.env, PREV: GENESIS_HASH, CANON: canonicalEvent(e) },
      encoding: 'utf8',
    });
    expect(out.split(' ')[0]).toBe(chainHash(GENESIS_HASH, e));
  });

  it('key order in data and metadata does not change a link', () => {
    const e = event(3);
    const reordered = event(3, {
      data: Object.fromEntries(Object.entries(e.data).reverse()),
      metadata: { causationId: null, correlationId: 'c-3', commandId: 'c-3', actor: 'doan-kiem-tra-cum-9' },
    });
    expect(chainHash(GENESIS_HASH, reordered)).toBe(chainHash(GENESIS_HASH, e));
  });

  it.each<[string, Partial<ChainedEvent>]>([
    ['position', { position: 8 }],
    ['id', { id: '0197a1b2-0000-7000-8000-999999999999' }],
    ['streamId', { streamId: 'scorecard:vi-an-ninh-to-quoc-2026:ca-can-tho' }],
    ['version', { version: 6 }],
    ['type', { type: 'ScoreEntryReversed' }],
    ['schemaVersion', { schemaVersion: 2 }],
    ['data', { data: { entryId: 'e-7', points: '0.26', reason: 'Kiểm tra chéo quý I', evidence: ['BB-KTC-01/C9'] } }],
    ['metadata', { metadata: { actor: 'ai-do-khac', commandId: 'c-7', correlationId: 'c-7', causationId: null } }],
    ['recordedAt', { recordedAt: new Date('2026-03-31T08:15:00.124Z') }],
  ])('changing %s changes the link', (_field, change) => {
    expect(chainHash(GENESIS_HASH, event(7, change))).not.toBe(chainHash(GENESIS_HASH, event(7)));
  });

  it('each link depends on the one before it', () => {
    const e = event(2);
    expect(chainHash(chainHash(GENESIS_HASH, event(1)), e)).not.toBe(chainHash(GENESIS_HASH, e));
  });

  it('chaining in batches gives the links of chaining in one go', () => {
    const events = [1, 2, 5, 6, 9].map((p) => event(p)); // positions need not be contiguous (aborted appends burn some)
    const all = chainHashes(GENESIS_HASH, events);
    const first = chainHashes(GENESIS_HASH, events.slice(0, 2));
    const rest = chainHashes(first[1], events.slice(2));
    expect([...first, ...rest]).toEqual(all);
    expect(all[4]).toBe(chainHash(all[3], events[4]));
  });
});

describe('signed checkpoints', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const claim = { position: 1000, headHash: chainHash(GENESIS_HASH, event(1)), signedAt: '2026-04-01T00:00:03.000Z' };

  it('signs (position, head hash, signedAt) as canonical JSON', () => {
    expect(checkpointMessage(claim)).toBe(`{"headHash":"${claim.headHash}","position":1000,"signedAt":"2026-04-01T00:00:03.000Z"}`);
    const signed = signCheckpoint(privateKey, claim);
    expect(signed).toMatchObject({ ...claim, keyId: keyIdOf(publicKey) });
    expect(Buffer.from(signed.signature, 'base64')).toHaveLength(64);
    expect(checkpointSignatureValid(publicKey, signed)).toBe(true);
  });

  it('a changed position, hash or time, another key or a garbled signature does not verify', () => {
    const signed = signCheckpoint(privateKey, claim);
    expect(checkpointSignatureValid(publicKey, { ...signed, position: 1001 })).toBe(false);
    expect(checkpointSignatureValid(publicKey, { ...signed, headHash: GENESIS_HASH })).toBe(false);
    expect(checkpointSignatureValid(publicKey, { ...signed, signedAt: '2026-04-01T00:00:04.000Z' })).toBe(false);
    expect(checkpointSignatureValid(generateKeyPairSync('ed25519').publicKey, signed)).toBe(false);
    expect(checkpointSignatureValid(publicKey, { ...signed, signature: 'not base64 at all' })).toBe(false);
  });

  it('key id: SHA-256 of the public key in DER (SPKI), the same from the private key', () => {
    const der = publicKey.export({ type: 'spki', format: 'der' });
    expect(keyIdOf(publicKey)).toBe(createHash('sha256').update(der).digest('hex'));
    expect(keyIdOf(privateKey)).toBe(keyIdOf(publicKey));
    expect(publicKeyPem(privateKey)).toBe(publicKey.export({ type: 'spki', format: 'pem' }));
  });

  it('refuses to sign with a key that is not Ed25519', () => {
    expect(() => signCheckpoint(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, claim)).toThrow(/Ed25519/);
  });

  it('openssl verifies a checkpoint with the public key and computes the same key id (the README recipe)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-openssl-'));
    try {
      const signed = signCheckpoint(privateKey, claim);
      writeFileSync(join(dir, 'public.pem'), publicKeyPem(privateKey));
      writeFileSync(join(dir, 'message.json'), checkpointMessage(signed));
      writeFileSync(join(dir, 'signature.bin'), Buffer.from(signed.signature, 'base64'));
      let out: string;
      try {
        out = execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', 'public.pem', '-rawin', '-in', 'message.json', '-sigfile', 'signature.bin'], {
          cwd: dir,
          encoding: 'utf8',
        });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return console.warn('openssl not installed: interop check skipped');
        throw error;
      }
      expect(out).toMatch(/Signature Verified Successfully/);
      const keyId = execFileSync('bash', ['-c', 'openssl pkey -pubin -in public.pem -outform DER | sha256sum'], { cwd: dir, encoding: 'utf8' }).split(' ')[0];
      expect(keyId).toBe(signed.keyId);
      writeFileSync(join(dir, 'message.json'), checkpointMessage({ ...signed, position: 999 }));
      expect(() =>
        execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', 'public.pem', '-rawin', '-in', 'message.json', '-sigfile', 'signature.bin'], {
          cwd: dir,
          stdio: 'pipe',
        }),
      ).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('signing key file', () => {
  const withDir = (fn: (dir: string) => void) => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-key-'));
    try {
      fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('is generated on first use (PKCS#8 PEM, mode 0600, directory created) and read back after', () =>
    withDir((dir) => {
      const file = join(dir, 'nested', 'signing-key.pem');
      const first = loadOrCreateSigningKey(file);
      expect(first.created).toBe(true);
      expect(readFileSync(file, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const again = loadOrCreateSigningKey(file);
      expect(again.created).toBe(false);
      expect(keyIdOf(again.key)).toBe(keyIdOf(first.key));
    }));

  it('refuses a key that is not Ed25519, a public key, or something else', () =>
    withDir((dir) => {
      const rsa = join(dir, 'rsa.pem');
      writeFileSync(rsa, generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
      expect(() => readSigningKey(rsa)).toThrow(/rsa key; checkpoints are signed with Ed25519/);
      const pub = join(dir, 'public.pem');
      writeFileSync(pub, createPublicKey(generateKeyPairSync('ed25519').privateKey).export({ type: 'spki', format: 'pem' }));
      expect(() => readSigningKey(pub)).toThrow(SigningKeyError);
      const junk = join(dir, 'junk.pem');
      writeFileSync(junk, '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n');
      expect(() => loadOrCreateSigningKey(junk)).toThrow(/not a readable private key/);
    }));

  it('config: LEDGER_SIGNING_KEY_FILE must exist and be valid; the default lives in the data dir', () =>
    withDir((dir) => {
      expect(loadSigningKeyFile({}, dir)).toBe(join(dir, 'signing-key.pem'));
      expect(() => loadSigningKeyFile({ LEDGER_SIGNING_KEY_FILE: join(dir, 'missing.pem') }, dir)).toThrow(ConfigError);
      const key = join(dir, 'ledger.pem');
      loadOrCreateSigningKey(key);
      expect(loadSigningKeyFile({ LEDGER_SIGNING_KEY_FILE: key }, dir)).toBe(key);
      writeFileSync(join(dir, 'signing-key.pem'), 'garbage');
      expect(() => loadSigningKeyFile({}, dir)).toThrow(/signing key: .* is not a PKCS#8 PEM private key/);
    }));
});
