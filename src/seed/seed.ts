import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module.js';
import { loadAuthConfig, loadSigningKeyFile, type LedgerConfig } from '../config.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { eventsOf, seedPlan } from './plan.js';
import { runSeedPlan, type SeedProgress, type SeedResult } from './seed-runner.js';
import type { SizeProfile } from './sizes.js';

export interface SeedOptions {
  profile: SizeProfile;
  seed: number;
  databaseUrl: string | null;
  dataDir: string;
  concurrency: number;
  validate?: boolean;
  onProgress?: (progress: SeedProgress) => void;
}

/** What a plan will write: commands, events, and stages (pure: generates the plan and counts it). */
export function planSummary(profile: SizeProfile, seed: number): { commands: number; events: number; stages: number } {
  let commands = 0;
  let events = 0;
  let stages = 0;
  for (const stage of seedPlan(profile, seed)) {
    stages++;
    for (const lane of stage.lanes)
      for (const command of lane) {
        commands++;
        events += eventsOf(command);
      }
  }
  return { commands, events, stages };
}

export class StoreNotEmptyError extends Error {}

/**
 * Seeds an EMPTY store through the application's write path (the Nest application context, with
 * its projections running, so the read models are current when it returns).
 */
export async function seedLedger(options: SeedOptions): Promise<SeedResult> {
  const config: LedgerConfig = {
    port: 0,
    host: '127.0.0.1',
    databaseUrl: options.databaseUrl,
    dataDir: options.dataDir,
    projections: true,
    logLevels: ['error'],
    auth: loadAuthConfig(),
    signingKeyFile: loadSigningKeyFile(process.env, options.dataDir),
  };
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error'] });
  try {
    const head = await app.get<EventStore>(EVENT_STORE).headPosition();
    // The accounts made at start-up (the bootstrap administrator) do not make a store non-empty.
    const firstEvents = await app.get<EventStore>(EVENT_STORE).readAll({ after: 0, limit: 20 });
    if (firstEvents.some((e) => !e.streamId.startsWith('account:')))
      throw new StoreNotEmptyError(`the store already holds events (head position ${head}); seed an empty one (another --data-dir or database)`);
    return await runSeedPlan(app, seedPlan(options.profile, options.seed), options);
  } finally {
    await app.close();
  }
}
