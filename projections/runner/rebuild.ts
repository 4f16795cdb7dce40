import type { DataSource, EntityManager } from 'typeorm';
import type { EventStore, StoredEvent } from '../../src/event-store/event-store.port.js';
import { checkpointName } from '../../src/processing/checkpoints.js';
import { describeError } from '../../src/safe-error.js';
import { applyIsolated, failureOf, ProjectionFailedError, readCheckpointRows } from './failure.js';
import { eventsFor, type Projection, type TableNames } from './projection.js';

/**
 * Rebuilds read models from the log while the live ones keep serving reads:
 *
 * 1. Each table `x` gets a shadow `x__rebuild` (`LIKE x INCLUDING ALL`: columns, constraints,
 *    indexes), less its secondary indexes (not unique, backing no constraint): the bulk load does
 *    not maintain them row by row; they are built in one pass each before the switch-over (about a
 *    third less time for the score events' insert). The unique ones stay: upserts need them.
 *    The rebuild's own checkpoint per projection is the row `rebuild:<name>` of
 *    `processor_checkpoints`, so an interrupted rebuild resumes where its last committed batch ended.
 * 2. The log is read in large batches; each batch is applied to the shadows and the rebuild
 *    checkpoints move in ONE transaction. One pass over the log feeds every projection rebuilt.
 * 3. Caught up, each projection switches over in one transaction: its live checkpoint row is
 *    locked (the live runner, in this or another process, waits on it), the shadow is brought to
 *    exactly max(live checkpoint, rebuild position), the live checkpoint is set to that position,
 *    and the tables are swapped by renames (indexes get their live names back). A projection
 *    marked failed (failure.ts) is healthy again from there: the switch-over clears its failure.
 *    A poison event still in the log stops the rebuild at it (ProjectionFailedError), resumable.
 */

export interface RebuildProgress {
  /** Projections this pass rebuilds. */
  names: string[];
  phase: 'catching-up' | 'switching' | 'done';
  /** Where this run started (the lowest resume position) and where it is. */
  startPosition: number;
  position: number;
  /** Head of the log (grows if the log does). */
  head: number;
  /** Events read and applied in this run. */
  events: number;
  elapsedSeconds: number;
  eventsPerSecond: number;
}

export interface RebuildOptions {
  /** Called after every committed batch and at each phase change. A throw stops the rebuild (resumable). */
  onProgress?: (progress: RebuildProgress) => void;
  /** Events per read and per transaction (the store allows up to 10,000). */
  batchSize?: number;
  /** Drop any interrupted rebuild and start from the beginning of the log. */
  restart?: boolean;
}

export interface RebuildResult {
  projections: { name: string; resumedFrom: number; switchedAt: number }[];
  events: number;
  seconds: number;
  eventsPerSecond: number;
}

export const SHADOW_SUFFIX = '__rebuild';
const OLD_SUFFIX = '__old';
const SWITCH_ATTEMPTS = 20;

export async function rebuildProjections(
  storage: { store: EventStore; dataSource: DataSource },
  projectionsToRebuild: readonly Projection[],
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  const { store, dataSource } = storage;
  const batchSize = Math.min(Math.max(1, options.batchSize ?? 5000), 10000);
  const started = performance.now();
  const names = projectionsToRebuild.map((p) => p.name);
  if (new Set(names).size !== names.length) throw new Error(`rebuild: a projection is listed twice (${names.join(', ')})`);

  const positions = new Map<string, number>();
  const resumedFrom = new Map<string, number>();
  for (const projection of projectionsToRebuild) {
    const position = await prepareShadow(dataSource, projection, options.restart ?? false);
    positions.set(projection.name, position);
    resumedFrom.set(projection.name, position);
  }

  const startPosition = projectionsToRebuild.length === 0 ? 0 : Math.min(...positions.values());
  let events = 0;
  let head = await store.headPosition();
  const report = (phase: RebuildProgress['phase']) => {
    const elapsedSeconds = (performance.now() - started) / 1000;
    options.onProgress?.({
      names,
      phase,
      startPosition,
      position: Math.min(...positions.values()),
      head,
      events,
      elapsedSeconds,
      eventsPerSecond: elapsedSeconds > 0 ? events / elapsedSeconds : 0,
    });
  };

  /**
   * Applies whole batches to the shadows until a read comes back short (caught up with the log).
   * The next batch is read while the current one is applied (the log and the read models use
   * separate connections on PostgreSQL; on the embedded store the read simply runs first).
   */
  const catchUp = async (pending: readonly Projection[]) => {
    const read = (after: number) => {
      const page = store.readAll({ after, limit: batchSize });
      page.catch(() => undefined); // awaited below; a failure then is the caller's
      return page;
    };
    let next = read(Math.min(...pending.map((p) => positions.get(p.name)!)));
    for (;;) {
      const batch = await next;
      if (batch.length === 0) return;
      const last = batch[batch.length - 1].position;
      if (batch.length === batchSize) next = read(last);
      try {
        await dataSource.transaction(async (manager) => {
          for (const projection of pending) await applyToShadow(manager, projection, batch, positions.get(projection.name)!);
          await manager.query('UPDATE processor_checkpoints SET position = $2, updated_at = now() WHERE name = ANY($1::text[]) AND position < $2', [
            pending.map((p) => rebuildCheckpoint(p.name)),
            last,
          ]);
        });
      } catch (error) {
        throw await diagnose(dataSource, pending, batch, positions, error);
      }
      for (const projection of pending) positions.set(projection.name, Math.max(positions.get(projection.name)!, last));
      events += batch.length;
      head = Math.max(head, last);
      report('catching-up');
      if (batch.length < batchSize) return;
    }
  };

  if (projectionsToRebuild.length > 0) {
    report('catching-up');
    await catchUp(projectionsToRebuild);
  }

  const switchedAt = new Map<string, number>();
  for (const projection of projectionsToRebuild) {
    report('switching');
    await catchUp([projection]);
    await buildDeferredIndexes(dataSource, projection.tables);
    for (let attempt = 1; ; attempt++) {
      await catchUp([projection]);
      const rebuilt = positions.get(projection.name)!;
      // The tail past the rebuild position, read now: the live checkpoint is only known under its
      // lock, and the embedded store cannot be read while a read-model transaction holds the connection.
      const headBefore = await store.headPosition();
      const tail = await store.readAll({ after: rebuilt, limit: 10000 });
      const covered = tail.length < 10000 ? Math.max(headBefore, rebuilt, tail.at(-1)?.position ?? 0) : tail[tail.length - 1].position;
      const done = await dataSource.transaction(async (manager) => {
        await manager.query('INSERT INTO processor_checkpoints (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING', [projection.name]);
        const row = (await readCheckpointRows(manager, [projection.name], true)).get(projection.name)!;
        const live = row.position;
        if (live > covered) return null; // the live runner moved past what we read: read again
        if (row.failure?.source === 'kafka') {
          // The workers went on past the failure without this projection: what they consumed meanwhile
          // must be in the new tables (they wait on these locks, then apply what comes after).
          const [{ applied }]: { applied: string | number | null }[] = await manager.query(
            'SELECT max(last_position) AS applied FROM (SELECT last_position FROM kafka_consumer_offsets FOR UPDATE) o',
          );
          if (Number(applied ?? 0) > covered) return null;
        }
        const target = Math.max(live, rebuilt);
        if (live > rebuilt) {
          try {
            await applyToShadow(
              manager,
              projection,
              tail.filter((e) => e.position <= live),
              rebuilt,
            );
          } catch (error) {
            throw new Error(`rebuild of '${projection.name}': switch-over failed: ${describeError(error)}`, { cause: error });
          }
        }
        // A rebuild replaces a failed projection's tables: the failure is cleared with the swap.
        await manager.query('UPDATE processor_checkpoints SET position = $2, failure = NULL, updated_at = now() WHERE name = $1', [projection.name, target]);
        await swapTables(manager, projection.tables);
        await manager.query('DELETE FROM processor_checkpoints WHERE name = $1', [rebuildCheckpoint(projection.name)]);
        return target;
      });
      if (done !== null) {
        switchedAt.set(projection.name, done);
        break;
      }
      if (attempt >= SWITCH_ATTEMPTS)
        throw new Error(`rebuild of '${projection.name}': the live projection kept moving ahead; switch-over not done after ${attempt} attempts`);
    }
  }

  const seconds = (performance.now() - started) / 1000;
  if (projectionsToRebuild.length > 0) report('done');
  return {
    projections: projectionsToRebuild.map((p) => ({ name: p.name, resumedFrom: resumedFrom.get(p.name)!, switchedAt: switchedAt.get(p.name)! })),
    events,
    seconds,
    eventsPerSecond: seconds > 0 ? events / seconds : 0,
  };
}

/** Shadow table names for a projection's tables. */
export function shadowTables<T extends string>(tables: TableNames<T>): TableNames<T> {
  return Object.fromEntries(Object.entries<string>(tables).map(([logical, live]) => [logical, live + SHADOW_SUFFIX])) as Record<T, string>;
}

/** Rebuilds in progress: name → rebuild position (for status output). */
export async function rebuildsInProgress(dataSource: DataSource): Promise<Map<string, number>> {
  const rows: { name: string; position: string | number }[] = await dataSource.query(
    `SELECT substr(name, length($1) + 1) AS name, position FROM processor_checkpoints WHERE kind = 'rebuild' ORDER BY name`,
    [rebuildCheckpoint('')],
  );
  return new Map(rows.map((r) => [r.name, Number(r.position)]));
}

function rebuildCheckpoint(projection: string): string {
  return checkpointName('rebuild', projection);
}

/** Resumes an interrupted rebuild (its row and every shadow table exist), else starts a fresh one. Returns its position. */
async function prepareShadow(dataSource: DataSource, projection: Projection, restart: boolean): Promise<number> {
  return dataSource.transaction(async (manager) => {
    const [row]: { position: string | number }[] = await manager.query('SELECT position FROM processor_checkpoints WHERE name = $1 FOR UPDATE', [
      rebuildCheckpoint(projection.name),
    ]);
    const shadows = Object.values(shadowTables(projection.tables));
    const existing: { name: string | null }[] = await manager.query('SELECT to_regclass(unnest($1::text[]))::text AS name', [shadows]);
    if (row && !restart && existing.every((e) => e.name !== null) && (await sameColumns(manager, projection.tables))) return Number(row.position);
    for (const live of Object.values(projection.tables)) {
      assertIdentifier(live);
      await manager.query(`DROP TABLE IF EXISTS ${live}${SHADOW_SUFFIX}`);
      await manager.query(`CREATE TABLE IF NOT EXISTS ${live}${SHADOW_SUFFIX} (LIKE ${live} INCLUDING ALL)`);
      for (const index of await secondaryIndexes(manager, live + SHADOW_SUFFIX)) await manager.query(`DROP INDEX ${quoteIdent(index)}`);
    }
    await manager.query(
      `INSERT INTO processor_checkpoints (name, kind, position) VALUES ($1, 'rebuild', 0)
       ON CONFLICT (name) DO UPDATE SET position = 0, updated_at = now()`,
      [rebuildCheckpoint(projection.name)],
    );
    return 0;
  });
}

/**
 * A shadow made before a migration changed its live table cannot be resumed: same columns, same
 * full types (numeric(14,2) and numeric(16,2) differ: widening a column is how a poison event is fixed).
 */
async function sameColumns(manager: EntityManager, tables: TableNames): Promise<boolean> {
  for (const live of Object.values(tables)) {
    const rows: { table_name: string; columns: string }[] = await manager.query(
      `SELECT c.relname AS table_name, string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum) AS columns
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
       WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY($1::text[]) AND a.attnum > 0 AND NOT a.attisdropped
       GROUP BY c.relname`,
      [[live, live + SHADOW_SUFFIX]],
    );
    if (rows.length !== 2 || rows[0].columns !== rows[1].columns) return false;
  }
  return true;
}

/**
 * A batch failed: finds which projection and event, applying it again to the shadows one
 * projection and one event at a time behind savepoints, in a transaction rolled back afterwards.
 * The rebuild stops (resumable) with a ProjectionFailedError naming the position and the error,
 * never the SQL and its parameters.
 */
async function diagnose(
  dataSource: DataSource,
  pending: readonly Projection[],
  batch: readonly StoredEvent[],
  positions: Map<string, number>,
  error: unknown,
): Promise<Error> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.startTransaction();
    for (const projection of pending) {
      const result = await applyIsolated(runner.manager, projection, batch, positions.get(projection.name)!, shadowTables(projection.tables));
      if (result.poison) return new ProjectionFailedError(projection.name, failureOf(result.poison.event, result.poison.error, 'runner'), 'rebuild: ');
    }
  } catch {
    // the database itself failed: report the batch's error
  } finally {
    await runner.rollbackTransaction().catch(() => undefined);
    await runner.release().catch(() => undefined);
  }
  return new Error(`rebuild: the batch of positions ${batch[0].position} to ${batch[batch.length - 1].position} failed: ${describeError(error)}`);
}

async function applyToShadow(manager: EntityManager, projection: Projection, events: readonly StoredEvent[], after: number): Promise<void> {
  const relevant = eventsFor(projection, events, after);
  if (relevant.length > 0) await projection.apply(relevant, { manager, tables: shadowTables(projection.tables) });
}

/** Indexes of a table that are neither unique nor behind a constraint: what the bulk load can do without. */
async function secondaryIndexes(manager: EntityManager, table: string): Promise<string[]> {
  const rows: { name: string }[] = await manager.query(
    `SELECT i.relname AS name FROM pg_index x
     JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
     WHERE t.relname = $1 AND t.relnamespace = current_schema()::regnamespace AND NOT x.indisunique
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
     ORDER BY 1`,
    [table],
  );
  return rows.map((row) => row.name);
}

/**
 * Gives each shadow the indexes its live table has and it lacks (the deferred secondary ones),
 * matched by definition; swapTables then gives them the live names. Idempotent, so a resumed
 * rebuild gets them too.
 */
async function buildDeferredIndexes(dataSource: DataSource, tables: TableNames): Promise<void> {
  await dataSource.transaction(async (manager) => {
    for (const live of Object.values(tables)) {
      assertIdentifier(live);
      const shadow = live + SHADOW_SUFFIX;
      const present = new Set((await indexesOf(manager, shadow)).map((index) => index.shape));
      for (const index of await indexesOf(manager, live)) {
        if (present.has(index.shape)) continue;
        present.add(index.shape);
        const unique = index.shape.startsWith('UNIQUE ');
        await manager.query(
          `CREATE ${unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(`${index.name.slice(0, 50)}${SHADOW_SUFFIX}`)} ON ${shadow} ${unique ? index.shape.slice('UNIQUE '.length) : index.shape}`,
        );
      }
    }
  });
}

/**
 * x → x__old, x__rebuild → x, drop x__old; then the indexes the shadow got from LIKE (named after
 * x__rebuild) take the live names back, matched by definition, so the next rebuild starts clean.
 */
async function swapTables(manager: EntityManager, tables: TableNames): Promise<void> {
  for (const live of Object.values(tables)) {
    assertIdentifier(live);
    const shadow = live + SHADOW_SUFFIX;
    const liveIndexes = await indexesOf(manager, live);
    const shadowIndexes = await indexesOf(manager, shadow);
    await manager.query(`DROP TABLE IF EXISTS ${live}${OLD_SUFFIX}`);
    await manager.query(`ALTER TABLE ${live} RENAME TO ${live}${OLD_SUFFIX}`);
    await manager.query(`ALTER TABLE ${shadow} RENAME TO ${live}`);
    await manager.query(`DROP TABLE ${live}${OLD_SUFFIX}`);
    const byShape = new Map<string, string[]>();
    for (const index of liveIndexes) byShape.set(index.shape, [...(byShape.get(index.shape) ?? []), index.name]);
    for (const index of shadowIndexes) {
      const wanted = byShape.get(index.shape)?.shift();
      if (wanted && wanted !== index.name) await manager.query(`ALTER INDEX ${quoteIdent(index.name)} RENAME TO ${quoteIdent(wanted)}`);
    }
  }
}

/** A table's indexes with their definition minus index and table names ("UNIQUE USING btree (a, b)"). */
async function indexesOf(manager: EntityManager, table: string): Promise<{ name: string; shape: string }[]> {
  const rows: { indexname: string; indexdef: string }[] = await manager.query(
    'SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1 ORDER BY indexname',
    [table],
  );
  return rows.map((row) => {
    const match = /^CREATE (UNIQUE )?INDEX \S+ ON (?:ONLY )?\S+ (.*)$/s.exec(row.indexdef);
    return { name: row.indexname, shape: match ? `${match[1] ?? ''}${match[2]}` : row.indexdef };
  });
}

function assertIdentifier(name: string): void {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`rebuild: table name '${name}' is not a plain lower-case identifier`);
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
