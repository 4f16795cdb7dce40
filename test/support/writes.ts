import { expect } from '@jest/globals';
import type { Response } from 'supertest';

/** Asserts a write's answer: `{ streamId, version, position }` and `ETag: "<version>"`. */
export function expectWritten(res: Response, streamId: string, version: number, status: 200 | 201 = 201): void {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  expect(res.body).toMatchObject({ streamId, version, position: expect.any(Number) });
  expect(res.body.position).toBeGreaterThan(0);
  expect(res.headers.etag).toBe(`"${version}"`);
}
