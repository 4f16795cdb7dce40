import 'reflect-metadata';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const base = `http://${config.host}:${config.port}`;
  const store = config.databaseUrl ? `PostgreSQL (${redact(config.databaseUrl)})` : `embedded PGlite, data in ${config.dataDir}`;
  console.log(`campaign-ledger listening on ${base}\n  event store: ${store}\n  API docs:    ${base}/api/docs  (OpenAPI JSON: ${base}/api/openapi.json)`);
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? `configuration error: ${error.message}` : error);
  process.exit(1);
});
