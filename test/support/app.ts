import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port.js';
import { freshDataDir, freshDatabase } from './databases.js';

export interface TestApp {
  app: NestExpressApplication;
  http: () => ReturnType<typeof request>;
  store: EventStore;
  close: () => Promise<void>;
}

/** The real application over real HTTP, on a fresh embedded store or a fresh PostgreSQL database. */
export async function startApp(kind: 'embedded' | 'postgres'): Promise<TestApp> {
  const database = kind === 'postgres' ? await freshDatabase('ledger_e2e') : null;
  const dataDir = freshDataDir('ledger-e2e');
  const app = await listen(database?.url ?? null, dataDir.dir);
  const server = app.getHttpServer();
  return {
    app,
    http: () => request(server),
    store: app.get<EventStore>(EVENT_STORE),
    close: async () => {
      await app.close();
      await database?.drop();
      dataDir.remove();
    },
  };
}

/** The application on an existing store (to restart it on the same data). */
export async function listen(databaseUrl: string | null, dataDir: string): Promise<NestExpressApplication> {
  const app = await createApp({ port: 0, host: '127.0.0.1', databaseUrl, dataDir, logLevels: ['error'], projections: true }, { logger: false });
  await app.listen(0, '127.0.0.1');
  return app;
}
