import { describe, expect, it } from '@jest/globals';
import { checkAcknowledgements, parseStrace } from '../../support/strace.js';

// The checker the strace durability test relies on (test/integration/durability.test.ts): it must
// pass the order a durable commit has, and catch the orders an undurable one has.
const WAL = '18</data/pg_wal/000000010000000000000001>';
const request = (socket: string) => `100  read(140<socket:[${socket}]>, "POST /api/units HTTP/1.1\\r\\nHost: 127.0.0.1:3931\\r\\n"..., 65536) = 241`;
const answer = (socket: string, status = '201 Created') =>
  `100  writev(140<socket:[${socket}]>, [{iov_base="HTTP/1.1 ${status}\\r\\nContent-Security-Policy: d"..., iov_len=912}, {iov_base="", iov_len=0}], 2) = 912`;
const walWrite = `100  pwrite64(${WAL}, "\\30\\321\\5\\0\\1\\0\\0\\0"..., 8192, 8503296) = 8192`;
const walFlush = `100  fdatasync(${WAL}) = 0`;

describe('the strace acknowledgement checker', () => {
  it('passes a write answered after its WAL is flushed, and counts one group for writes flushed together', () => {
    const check = checkAcknowledgements(parseStrace([request('1'), request('2'), walWrite, walFlush, answer('1'), answer('2'), walWrite, walFlush].join('\n')));
    expect(check).toEqual({ acks: 2, walFlushes: 2, groups: 1, violations: [] });
  });

  it('catches an answer with no flush since the request (PGlite as shipped: fsync off)', () => {
    const check = checkAcknowledgements(parseStrace([request('1'), walWrite, answer('1')].join('\n')));
    expect(check.acks).toBe(1);
    expect(check.violations).toEqual([expect.stringContaining('no WAL flush since its request')]);
  });

  it('catches an answer while WAL written after the request is not flushed yet', () => {
    const check = checkAcknowledgements(parseStrace([request('1'), walWrite, walFlush, walWrite, answer('1')].join('\n')));
    expect(check.violations).toEqual([expect.stringContaining('unflushed')]);
  });

  it('ignores refusals, reads, and joins calls strace split across threads', () => {
    const lines = [
      request('1'),
      `100  fdatasync(${WAL} <unfinished ...>`,
      '101  pwrite64(30</data/ledger-identity.json.tmp>, "{"..., 120, 0) = 120',
      '100  <... fdatasync resumed>) = 0',
      answer('1', '507 Insufficient Storage'),
      '100  read(141<socket:[3]>, "GET /api/units/x HTTP/1.1\\r\\n"..., 65536) = 120',
      answer('3', '200 OK'),
      request('4'),
      `100  fdatasync(${WAL} <unfinished ...>`,
      '100  <... fdatasync resumed>) = 0',
      answer('4'),
    ];
    expect(checkAcknowledgements(parseStrace(lines.join('\n')))).toEqual({ acks: 1, walFlushes: 2, groups: 1, violations: [] });
  });
});
