import { describe, expect, it } from '@jest/globals';
import { StoreUnavailableError } from '../../../src/event-store/store-unavailable.js';
import { ProblemFilter } from '../../../src/http/problem.filter.js';

// Issue 11, part 4: a store that cannot write answers 507 `storage-full` or 503 `store-unavailable`
// (problem+json, Retry-After), never a 500; also when TypeORM wrapped the refusal, and for
// PostgreSQL's own disk_full (SQLSTATE 53100) from a server.
describe('problems of a store that cannot write', () => {
  const filter = new ProblemFilter();

  it('answers 507 storage-full and 503 store-unavailable with retryAfterSeconds', () => {
    expect(filter.toProblem(new StoreUnavailableError('storage-full', 'the embedded store refuses writes: the disk is full; retry later', 5))).toEqual({
      type: 'urn:campaign-ledger:problem:storage-full',
      title: 'Insufficient Storage',
      status: 507,
      code: 'storage-full',
      detail: 'the embedded store refuses writes: the disk is full; retry later',
      retryAfterSeconds: 5,
    });
    expect(filter.toProblem(new StoreUnavailableError('store-unavailable', 'reopening', 5))).toMatchObject({
      status: 503,
      code: 'store-unavailable',
      title: 'Service Unavailable',
    });
  });

  it('sees through TypeORM (driverError) and maps SQLSTATE 53100', () => {
    const wrapped = Object.assign(new Error('QueryFailedError'), { driverError: new StoreUnavailableError('store-unavailable', 'reopening') });
    expect(filter.toProblem(wrapped)).toMatchObject({ status: 503, code: 'store-unavailable' });
    const diskFull = Object.assign(new Error('could not extend file "base/5/16394": No space left on device'), { code: '53100' });
    expect(filter.toProblem(Object.assign(new Error('QueryFailedError'), { driverError: diskFull }))).toMatchObject({ status: 507, code: 'storage-full' });
  });
});
