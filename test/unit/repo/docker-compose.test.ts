import { expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

// No Docker engine runs on our machines: the compose file is checked by parsing it.
it('docker-compose.yml runs the ledger on PostgreSQL', () => {
  const compose = parse(readFileSync(new URL('../../../docker-compose.yml', import.meta.url), 'utf8'));
  expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['postgres', 'ledger']));
  expect(compose.services.ledger.environment.DATABASE_URL).toMatch(/^postgres:\/\/.+@postgres:5432\//);
  expect(compose.services.ledger.depends_on.postgres.condition).toBe('service_healthy');
  expect(compose.services.ledger.command).toContain('npm start');
});
