import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  length: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/** scrypt cost: N=2^15, r=8, p=1 (OWASP's floor): about 50 ms and 32 MiB per sign-in on this machine. */
const COST = { N: 1 << 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password.normalize('NFC'), salt, KEY_LENGTH, { ...COST, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parts = (stored ?? '').split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') {
    // Same work whether or not the account has a password, so timing tells nothing.
    await hashPassword(password);
    return false;
  }
  const [, n, r, p, salt, hash] = parts;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scryptAsync(password.normalize('NFC'), Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return timingSafeEqual(actual, expected);
}

/**
 * API and session tokens: `clt.<accountId>.<tokenId>.<secret>` with 256 random bits. They are kept
 * as SHA-256 hashes, not scrypt: a key-stretching hash guards guessable passwords, while a 256-bit
 * random secret cannot be guessed, and stretching it would cost tens of milliseconds per request.
 */
export function newToken(accountId: string): { tokenId: string; token: string; tokenHash: string } {
  const tokenId = randomBytes(8).toString('hex');
  const token = `clt.${accountId}.${tokenId}.${randomBytes(32).toString('hex')}`;
  return { tokenId, token, tokenHash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a, 'hex'), Buffer.from(b, 'hex')];
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** The account and token a ledger token names, or null when it is not one of ours (an IdP's JWT, the bootstrap token). */
export function parseToken(token: string): { accountId: string; tokenId: string } | null {
  const match = /^clt\.([a-z0-9][a-z0-9._-]{0,63})\.([0-9a-f]{16})\.[0-9a-f]{64}$/.exec(token);
  return match ? { accountId: match[1], tokenId: match[2] } : null;
}
