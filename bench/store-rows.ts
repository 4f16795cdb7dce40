import { createEventStore } from '../src/event-store/create-event-store.js';
import type { EventStore, NewEvent } from '../src/event-store/event-store.port.js';
import { uuidv7 } from '../src/event-store/uuid-v7.js';
import type { BenchRow, StoreKind } from './report.js';
import { runFor, scorePayload } from './stats.js';

/**
 * Rows 2-4: the event store itself, as the write path and the projectors use it.
 * 2  single-event appends with an expected version, `writers` concurrent writers on their own streams;
 * 2b the same with a command id and its response recorded with the events, as every HTTP write
 *    does today (LedgerWriter passes `respond`: a transaction of four round trips);
 * 2c the same with the response's fixed part given (`answer`: one round trip, what LedgerWriter
 *    would get by passing `answer: decision.answer ?? {}` instead of `respond`);
 * 3  appends of `batchSize` events;
 * 4  readAll of the whole log (pages of `pageSize`, as the projectors read it) folding the points.
 */
export interface StoreRowOptions {
  seconds: number;
  writers: number;
  batchSize: number;
  pageSize: number;
  only: (id: string) => boolean;
}

const event = (i: number): NewEvent => ({ type: 'ScoreEntryRecorded', schemaVersion: 2, data: scorePayload(i) });
const metadata = () => ({ actor: 'bench', commandId: uuidv7(), correlationId: uuidv7(), causationId: null });

export async function storeRows(store: StoreKind, open: () => Promise<EventStore>, options: StoreRowOptions): Promise<BenchRow[]> {
  const es = await open();
  const run = Date.now().toString(36);
  const rows: BenchRow[] = [];
  try {
    /** Appends `size` events per call to the writer's own stream, tracking its version. */
    const appendLoop = (label: string, size: number, command: 'none' | 'respond' | 'answer') => {
      const versions = new Array<number>(options.writers).fill(0);
      return runFor(options.seconds, options.writers, async (w, i) => {
        const streamId = `bench-${label}-${run}-${w}`;
        const commandId = uuidv7();
        const result = await es.append(
          streamId,
          Array.from({ length: size }, (_, k) => event(i * size + k)),
          {
            expectedVersion: versions[w] === 0 ? 'no-stream' : versions[w],
            metadata: { ...metadata(), commandId },
            ...(command === 'respond'
              ? {
                  command: {
                    id: commandId,
                    fingerprint: 'bench',
                    respond: (w: { streamId: string; version: number; position: number }) => ({
                      streamId: w.streamId,
                      version: w.version,
                      position: w.position,
                    }),
                  },
                }
              : {}),
            ...(command === 'answer' ? { command: { id: commandId, fingerprint: 'bench', answer: {} } } : {}),
          },
        );
        if (result.replayed) throw new Error('unexpected replay');
        versions[w] = result.version;
        return size;
      });
    };
    const appendRow = async (id: string, name: string, size: number, command: 'none' | 'respond' | 'answer') => {
      if (!options.only(id)) return;
      const r = await appendLoop(id, size, command);
      rows.push({
        id,
        store,
        name,
        rate: r.units / r.seconds,
        p50: r.latencies.percentile(50),
        p99: r.latencies.percentile(99),
        count: r.units,
        seconds: r.seconds,
      });
    };
    await appendRow('2', `store: single-event appends, expected version, ${options.writers} writers`, 1, 'none');
    await appendRow('2b', `store: the same + command id and response built by \`respond\`, ${options.writers} writers`, 1, 'respond');
    await appendRow('2c', `store: the same + command id and fixed \`answer\` (one round trip), ${options.writers} writers`, 1, 'answer');
    await appendRow('3', `store: ${options.batchSize}-event appends, expected version, ${options.writers} writers`, options.batchSize, 'none');

    if (options.only('4')) {
      // Wait until everything written is deliverable, then read it all.
      const started = performance.now();
      let after = 0;
      let count = 0;
      let sum = 0;
      for (;;) {
        const page = await es.readAll({ after, limit: options.pageSize });
        if (page.length === 0) break;
        for (const e of page) sum += Number((e.data as { points?: string }).points ?? 0);
        count += page.length;
        after = page[page.length - 1].position;
      }
      const seconds = (performance.now() - started) / 1000;
      rows.push({
        id: '4',
        store,
        name: `store: readAll of the whole log folding a sum (pages of ${options.pageSize})`,
        rate: count / seconds,
        count,
        seconds,
        note: `${count.toLocaleString('en-US')} events, sum ${Math.round(sum)}`,
      });
    }
  } finally {
    await es.close();
  }
  return rows;
}

export const openPostgresStore = (url: string) => () => createEventStore({ databaseUrl: url, dataDir: '/nonexistent' });
export const openEmbeddedStore = (dataDir: string) => () => createEventStore({ dataDir });
