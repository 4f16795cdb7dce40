import { randomFillSync } from 'node:crypto';

/**
 * UUID version 7 (RFC 9562 §5.7): 48-bit Unix-epoch milliseconds, version 7, 12 bits `rand_a`,
 * variant 10, 62 bits `rand_b`.
 *
 * Monotonic within this process (RFC 9562 §6.2, method 1 "fixed-length dedicated counter"):
 * `rand_a` is a 12-bit counter seeded randomly (top bit clear, leaving room to count) each new
 * millisecond and incremented for further ids in the same millisecond. If it overflows, or the clock
 * goes backwards, the timestamp is advanced by one millisecond so ids keep sorting in generation order.
 */
let lastMs = -1;
let counter = 0;
/** Random bytes drawn 4 KiB at a time: one system call per ~400 ids instead of one per id. */
const pool = new Uint8Array(4096);
let used = pool.length;

function nextRandom(): Uint8Array {
  if (used + 10 > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  used += 10;
  return pool.subarray(used - 10, used);
}

export function uuidv7(): string {
  let ms = Date.now();
  const random = nextRandom();
  if (ms > lastMs) {
    counter = ((random[0] << 8) | random[1]) & 0x7ff; // 11 random bits: at least 2048 increments left
    lastMs = ms;
  } else {
    counter++;
    if (counter > 0xfff) {
      lastMs++;
      counter = ((random[0] << 8) | random[1]) & 0x7ff;
    }
    ms = lastMs;
  }

  const bytes = new Uint8Array(16);
  // 48-bit big-endian timestamp (Number is exact up to 2^53, so split in two halves).
  const high = Math.floor(ms / 0x1000000);
  const low = ms % 0x1000000;
  bytes[0] = (high >>> 16) & 0xff;
  bytes[1] = (high >>> 8) & 0xff;
  bytes[2] = high & 0xff;
  bytes[3] = (low >>> 16) & 0xff;
  bytes[4] = (low >>> 8) & 0xff;
  bytes[5] = low & 0xff;
  bytes[6] = 0x70 | ((counter >>> 8) & 0x0f); // version 7 + rand_a high nibble
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (random[2] & 0x3f); // variant 10 + rand_b
  for (let i = 9; i < 16; i++) bytes[i] = random[i - 6];

  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const UUID_V7_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
