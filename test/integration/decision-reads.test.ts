import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { ConcurrencyError, type AppendOptions, type EventStore, type NewEvent } from '../../src/event-store/event-store.port.js';
import { startApp, type TestApp } from '../support/app.js';
import { storeKinds } from '../support/databases.js';
import { units } from '../support/fixtures.js';

/**
 * A decision rests on every stream it read, not on its own stream alone: if one of them moves
 * between the reads and the append, the append is refused and the decision is taken again on what
 * the stream says now. Here the stream is a year's conferral parameters, which set the CSTĐCS quota
 * of a unit (docs/domain.md §6 rule 6), changed while a CSTĐCS decision is on its way to the store.
 */
describe.each(storeKinds('decision reads'))('a decision and the streams it read (%s store)', (kind) => {
  let t: TestApp;
  const officers = ['dr-nguyen-van-an', 'dr-le-thi-binh'];
  const title = (code: string, officerId: string, year: number, extra: Record<string, unknown> = {}) => ({
    id: `qd-${code}-${officerId}-${year}`,
    form: 'emulation-title',
    authority: 'unit-head',
    recipient: { kind: 'individual', id: officerId },
    title: code,
    decisionNo: `${year}/QĐ`,
    decidedOn: `${year}-11-20`,
    achievementPeriod: { from: `${year}-01-01`, to: `${year}-12-31` },
    ...extra,
  });
  const cstdcs = (officerId: string, year: number) => title('chien-si-thi-dua-co-so', officerId, year, { initiativeRef: `SK-${officerId}-${year}` });
  const setParameters = async (year: number, cstdcsShareOfCstt: string) =>
    t.http().post('/api/conferral-parameters').send({ year, cstdcsShareOfCstt }).expect(201);

  beforeAll(async () => {
    t = await startApp(kind);
    for (const unit of [units.ministry, units.haiPhong]) await t.http().post('/api/units').send(unit).expect(201);
    for (const id of officers) await t.http().post('/api/officers').send({ id, fullName: id, rank: 'Đại úy', unitId: units.haiPhong.id }).expect(201);
  });
  afterEach(() => restoreAppend?.());
  afterAll(async () => t?.close());

  let restoreAppend: (() => void) | undefined;

  /**
   * Every append to `streamId` is counted, with what the store answered; the first one waits, before
   * it reaches the store, until `meanwhile` has been written (through the application and the real
   * store). The store itself is untouched: each append still goes to it.
   */
  function holdFirstAppendTo(streamId: string, meanwhile: () => Promise<unknown>): { outcomes: (Error | 'written')[] } {
    const store: EventStore = t.store;
    const append = store.append;
    const outcomes: (Error | 'written')[] = [];
    store.append = async (id: string, events: NewEvent[], options: AppendOptions) => {
      if (id !== streamId) return append.call(store, id, events, options);
      if (outcomes.length === 0) await meanwhile();
      try {
        const result = await append.call(store, id, events, options);
        outcomes.push('written');
        return result;
      } catch (error) {
        outcomes.push(error as Error);
        throw error;
      }
    };
    restoreAppend = () => {
      store.append = append;
      restoreAppend = undefined;
    };
    return { outcomes };
  }

  it('refuses a decision taken on parameters that were tightened before its append, on the parameters it did not decide on', async () => {
    const year = 2024;
    await setParameters(year, '1');
    await t
      .http()
      .post('/api/commendations')
      .send(title('chien-si-tien-tien', officers[0], year))
      .expect(201);
    const decision = cstdcs(officers[0], year);
    // 1 of 1 CSTT holders may be CSTĐCS; then none may.
    const held = holdFirstAppendTo(`commendation:${decision.id}`, () => setParameters(year, '0'));

    const res = await t.http().post('/api/commendations').send(decision);

    expect({ status: res.status, code: res.body.code, limit: res.body.limit }).toEqual({ status: 422, code: 'quota-exceeded', limit: 0 });
    expect(held.outcomes).toHaveLength(1);
    expect(held.outcomes[0]).toBeInstanceOf(ConcurrencyError);
    expect((held.outcomes[0] as ConcurrencyError).streamId).toBe(`conferral-parameters:${year}`);
    await t.http().get(`/api/streams/commendation:${decision.id}`).expect(404);
  });

  it('decides again on the parameters as they now are, and records the decision they still allow', async () => {
    const year = 2025;
    await setParameters(year, '1');
    for (const id of officers)
      await t
        .http()
        .post('/api/commendations')
        .send(title('chien-si-tien-tien', id, year))
        .expect(201);
    const decision = cstdcs(officers[0], year);
    // Half of 2 CSTT holders is still 1 CSTĐCS: allowed, but on the new parameters.
    const held = holdFirstAppendTo(`commendation:${decision.id}`, () => setParameters(year, '0.5'));

    const res = await t.http().post('/api/commendations').send(decision);

    expect(res.status).toBe(201);
    expect(held.outcomes).toHaveLength(2);
    expect(held.outcomes[0]).toBeInstanceOf(ConcurrencyError);
    expect((held.outcomes[0] as ConcurrencyError).streamId).toBe(`conferral-parameters:${year}`);
    expect(held.outcomes[1]).toBe('written');
  });
});
