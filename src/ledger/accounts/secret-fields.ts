/**
 * Password hashes never leave the database: not to HTTP reads, not to Kafka. Even a salted scrypt
 * hash invites offline guessing. (Token hashes may: a 256-bit random secret cannot be guessed.)
 */
export function withoutSecrets(data: Record<string, unknown>): Record<string, unknown> {
  return 'passwordHash' in data ? { ...data, passwordHash: '[withheld]' } : data;
}
