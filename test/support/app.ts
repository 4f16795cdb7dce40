import { join } from 'node:path';
import type { LoggerService } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { DEFAULT_AUTH, type AuthConfig } from '../../src/config.js';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port.js';
import { freshDataDir, freshDatabase } from './databases.js';

/** The bootstrap administrator's token in every test application (LEDGER_ADMIN_TOKEN). */
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';

type Client = ReturnType<typeof request>;

export interface TestApp {
  app: NestExpressApplication;
  /** Requests as the bootstrap administrator (administrator + emulation officer over the whole tree). */
  http: () => Client;
  /** Requests with another bearer token. */
  as: (token: string) => Client;
  /** Requests with no Authorization header at all. */
  anonymous: () => Client;
  store: EventStore;
  close: () => Promise<void>;
}

/** The real application over real HTTP, on a fresh embedded store or a fresh PostgreSQL database. */
export async function startApp(kind: 'embedded' | 'postgres', auth: Partial<AuthConfig> = {}, options: { logger?: LoggerService } = {}): Promise<TestApp> {
  const database = kind === 'postgres' ? await freshDatabase('ledger_e2e') : null;
  const dataDir = freshDataDir('ledger-e2e');
  const app = await listen(database?.url ?? null, dataDir.dir, auth, options.logger);
  const server = app.getHttpServer();
  return {
    app,
    http: () => withToken(request(server), TEST_ADMIN_TOKEN),
    as: (token) => withToken(request(server), token),
    anonymous: () => request(server),
    store: app.get<EventStore>(EVENT_STORE),
    close: async () => {
      await app.close();
      await database?.drop();
      dataDir.remove();
    },
  };
}

/** The application on an existing store (to restart it on the same data); `logger` receives what it logs (default: nothing). */
export async function listen(
  databaseUrl: string | null,
  dataDir: string,
  auth: Partial<AuthConfig> = {},
  logger?: LoggerService,
): Promise<NestExpressApplication> {
  const app = await createApp(testConfig(databaseUrl, dataDir, auth), { logger: logger ?? false });
  await app.listen(0, '127.0.0.1');
  return app;
}

export function testConfig(databaseUrl: string | null, dataDir: string, auth: Partial<AuthConfig> = {}) {
  return {
    port: 0,
    host: '127.0.0.1',
    databaseUrl,
    dataDir,
    logLevels: ['error' as const],
    projections: true,
    auth: { ...DEFAULT_AUTH, adminToken: TEST_ADMIN_TOKEN, ...auth },
    signingKeyFile: join(dataDir, 'signing-key.pem'),
  };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;

/**
 * A supertest client whose every request carries the bearer token, and whose writes say
 * `Content-Type: application/json` even without a body (as the API requires of every write).
 */
export function withToken(client: Client, token: string): Client {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (!METHODS.includes(property as (typeof METHODS)[number])) return value;
      return (url: string) => {
        const test = (value as (url: string) => request.Test).call(target, url).set('Authorization', `Bearer ${token}`);
        return property === 'get' || property === 'head' || property === 'options' ? test : test.type('application/json');
      };
    },
  });
}
