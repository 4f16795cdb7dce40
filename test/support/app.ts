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
  const app = await createApp({ port: 0, host: '127.0.0.1', databaseUrl: database?.url ?? null, dataDir: dataDir.dir, logLevels: ['error'] }, { logger: false });
  await app.listen(0, '127.0.0.1');
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
