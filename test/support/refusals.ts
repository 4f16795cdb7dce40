import { expect } from '@jest/globals';
import type { Response, Test } from 'supertest';
import { DataSource } from 'typeorm';
import type { TestApp } from './app.js';

/**
 * The log head as auditors see it, once settled: every committed event deliverable. (The log is
 * gap-safe, so an event becomes deliverable only when transactions that began before it, such as
 * a projector batch, have ended: a few milliseconds after its commit.)
 */
export async function logHead(t: Pick<TestApp, 'app' | 'http' | 'store'>): Promise<number> {
  const committed = async () => Number((await t.app.get(DataSource).query('SELECT coalesce(max(position), 0) AS p FROM ledger_events'))[0].p);
  for (const deadline = Date.now() + 10_000; ; await new Promise((r) => setTimeout(r, 5))) {
    const [head, max] = [await t.store.headPosition(), await committed()];
    if (head === max || Date.now() > deadline) return head;
  }
}

/**
 * Asserts the log holds nothing after `head` (through GET /api/events) but what the ledger's own
 * policies wrote meanwhile (actor `system:…`, e.g. final rankings published after a close), and
 * nothing at all carrying the refused request's correlation id.
 */
export async function expectNothingWrittenSince(t: Pick<TestApp, 'app' | 'http' | 'store'>, head: number, correlationId?: string): Promise<void> {
  const after = await t.http().get(`/api/events?after=${head}&limit=1000`).expect(200);
  const events: { metadata: { actor: string; correlationId: string } }[] = after.body.events;
  if (correlationId !== undefined) expect(events.filter((e) => e.metadata.correlationId === correlationId)).toEqual([]);
  expect(events.filter((e) => !e.metadata.actor.startsWith('system:'))).toEqual([]);
}

/**
 * Sends a request that must be refused: checks the status, that the answer is RFC 9457
 * problem+json with a stable `code` (a string, or a pattern) (and, when given, that `errors` names each `field`), and that
 * the log head did not move. Pass a function building the request so it is sent after the head is
 * read. Returns the response for further assertions.
 */
export async function expectRefusal(
  t: Pick<TestApp, 'app' | 'http' | 'store'>,
  send: () => Test,
  status: 400 | 404 | 409 | 415 | 422,
  code: string | RegExp,
  field?: string | string[],
): Promise<Response> {
  const head = await logHead(t);
  const correlationId = `refusal-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const res = await send().set('X-Correlation-Id', correlationId);
  if (res.status !== status) {
    throw new Error(`expected ${status} ${code}, got ${res.status}: ${JSON.stringify(res.body)}`);
  }
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toEqual(
    expect.objectContaining({
      type: expect.any(String),
      title: expect.any(String),
      status,
      detail: expect.any(String),
      code: typeof code === 'string' ? code : expect.stringMatching(code),
    }),
  );
  if (field !== undefined) {
    const fields = (res.body.errors ?? []).map((e: { field: string }) => e.field);
    for (const f of Array.isArray(field) ? field : [field]) expect(fields).toContain(f);
    for (const e of res.body.errors) expect(e).toEqual({ field: expect.any(String), message: expect.any(String) });
  }
  await expectNothingWrittenSince(t, head, correlationId);
  return res;
}
