import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { seedPlan } from '../src/seed/plan.js';
import { planSummary, seedLedger } from '../src/seed/seed.js';
import { SIZES, type SizeName } from '../src/seed/sizes.js';
import { benchDatabase } from './databases.js';
import type { StoreKind } from './report.js';

/**
 * Rows 5-7 read a seeded log. It is seeded once per size and store, with seed 1, through the
 * ledger's write path (`npm run seed`), and kept for the next runs: a database `ledger_bench_<size>`
 * on DATABASE_URL's server, a directory `.tmp/bench-data/<size>` for the embedded store. A marker
 * written when seeding completes tells a finished seed from an interrupted one (which is redone).
 */
export interface SeededStore {
  kind: StoreKind;
  size: SizeName;
  databaseUrl: string | null;
  dataDir: string;
  /** Events the seed wrote (the log may have grown since: HTTP rows write to it). */
  events: number;
  /** Ids the read rows ask for, from the same plan. */
  campaignId: string;
  clusterIds: string[];
  provinceCampaigns: { campaignId: string; unitIds: string[] }[];
  unitIds: string[];
}

const SEED = 1;
const MARKER_TABLE = 'bench_seed';

export async function seededStore(
  kind: StoreKind,
  size: SizeName,
  baseUrl: string | null,
  log: (text: string) => void,
  options: { reseed?: boolean } = {},
): Promise<SeededStore> {
  const profile = SIZES[size];
  const ids = planIds(size);
  if (kind === 'postgres') {
    const name = `ledger_bench_${size}`;
    const existing = await benchDatabase(baseUrl!, name, { fresh: false });
    let events = options.reseed ? null : await readMarker(existing.url);
    if (events === null) {
      log(`seeding ${size} into PostgreSQL database ${name} (once; kept for later runs)`);
      const db = await benchDatabase(baseUrl!, name, { fresh: true });
      const result = await seedLedger({ profile, seed: SEED, databaseUrl: db.url, dataDir: '/nonexistent', concurrency: 16, onProgress: progress(log, size) });
      await writeMarker(db.url, result.events);
      events = result.events;
    }
    return { kind, size, databaseUrl: existing.url, dataDir: '/nonexistent', events, ...ids };
  }
  const dataDir = resolve('.tmp/bench-data', size);
  const marker = join(dataDir, 'bench-seed.json');
  let events = !options.reseed && existsSync(marker) ? (JSON.parse(readFileSync(marker, 'utf8')) as { events: number }).events : null;
  if (events === null) {
    log(`seeding ${size} into the embedded store in ${dataDir} (once; kept for later runs)`);
    rmSync(dataDir, { recursive: true, force: true });
    const result = await seedLedger({ profile, seed: SEED, databaseUrl: null, dataDir, concurrency: 4, onProgress: progress(log, size) });
    writeFileSync(marker, JSON.stringify({ size, seed: SEED, events: result.events }));
    events = result.events;
  }
  return { kind, size, databaseUrl: null, dataDir, events, ...ids };
}

function progress(log: (text: string) => void, size: SizeName) {
  const total = planSummary(SIZES[size], SEED).events;
  let shown = 0;
  return (p: { events: number; elapsedSeconds: number; stage: string }) => {
    if (p.elapsedSeconds - shown < 15) return;
    shown = p.elapsedSeconds;
    const rate = p.events / p.elapsedSeconds;
    const eta = Math.round((total - p.events) / Math.max(rate, 1) / 60);
    log(`  seeded ${p.events.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} events (${Math.round(rate)}/s, about ${eta} min left): ${p.stage}`);
  };
}

async function readMarker(url: string): Promise<number | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows = await client.query<{ events: string }>(`SELECT events FROM ${MARKER_TABLE}`).catch(() => ({ rows: [] as { events: string }[] }));
    return rows.rows[0] ? Number(rows.rows[0].events) : null;
  } finally {
    await client.end();
  }
}

async function writeMarker(url: string, events: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE TABLE ${MARKER_TABLE} (seed int NOT NULL, events bigint NOT NULL, seeded_at timestamptz NOT NULL DEFAULT now())`);
    await client.query(`INSERT INTO ${MARKER_TABLE} (seed, events) VALUES ($1, $2)`, [SEED, events]);
  } finally {
    await client.end();
  }
}

/** The ids the read rows use, taken from the plan (pure) rather than from the store. */
function planIds(size: SizeName): Pick<SeededStore, 'campaignId' | 'clusterIds' | 'provinceCampaigns' | 'unitIds'> {
  const profile = SIZES[size];
  const year = profile.years[profile.years.length - 1];
  const campaignId = `vi-an-ninh-to-quoc-${year}`;
  const unitIds: string[] = [];
  const clusterIds: string[] = [];
  const members = new Map<string, string[]>();
  for (const stage of seedPlan(profile, SEED)) {
    for (const lane of stage.lanes) {
      for (const command of lane) {
        if (command.kind === 'register-unit' && command.body.kind !== 'ministry') unitIds.push(command.body.id);
        if (command.kind === 'form-cluster' && command.campaignId === campaignId && command.body.kind === 'cluster') clusterIds.push(command.body.id);
        if (command.kind === 'form-cluster' && command.campaignId !== campaignId && command.campaignId.endsWith(`-${year}`)) {
          members.set(command.campaignId, [...(members.get(command.campaignId) ?? []), ...command.body.memberUnitIds]);
        }
      }
    }
    if (stage.name.startsWith(`${year}: clusters`)) break;
  }
  return { campaignId, clusterIds, provinceCampaigns: [...members].map(([id, unitIds]) => ({ campaignId: id, unitIds })), unitIds };
}
