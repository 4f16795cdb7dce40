import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The checkpoint signing key: an Ed25519 private key, PEM (PKCS#8), in a file. Never in the database. */
export class SigningKeyError extends Error {}

/** Reads and checks the key (Ed25519, PKCS#8 PEM). Throws SigningKeyError naming the file. */
export function readSigningKey(file: string): KeyObject {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SigningKeyError(`cannot read the signing key ${file}: ${(error as Error).message}`);
  }
  return parseSigningKey(pem, file);
}

export function parseSigningKey(pem: string, file: string): KeyObject {
  if (!pem.includes('-----BEGIN PRIVATE KEY-----')) throw new SigningKeyError(`${file} is not a PKCS#8 PEM private key (expected -----BEGIN PRIVATE KEY-----)`);
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (error) {
    throw new SigningKeyError(`${file} is not a readable private key: ${(error as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new SigningKeyError(`${file} holds an ${key.asymmetricKeyType} key; checkpoints are signed with Ed25519 (openssl genpkey -algorithm ed25519)`);
  return key;
}

/**
 * The key in `file`, generated there (mode 0600, directory created) when the file does not exist.
 * Two processes starting at once: the file is created exclusively, the loser reads the winner's.
 */
export function loadOrCreateSigningKey(file: string): { key: KeyObject; created: boolean } {
  try {
    return { key: readSigningKey(file), created: false };
  } catch (error) {
    if (!(error instanceof SigningKeyError) || !/ENOENT/.test(error.message)) throw error;
  }
  mkdirSync(dirname(file), { recursive: true });
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  try {
    writeFileSync(file, pem, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { key: readWhenWritten(file), created: false };
    throw new SigningKeyError(`cannot create the signing key ${file}: ${(error as Error).message}`);
  }
  return { key: privateKey, created: true };
}

/** Another process is creating the file: it may still be empty for a moment. */
function readWhenWritten(file: string): KeyObject {
  for (let attempt = 0; ; attempt++) {
    try {
      return readSigningKey(file);
    } catch (error) {
      if (attempt >= 10) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}
