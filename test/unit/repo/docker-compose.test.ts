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

it('docker-compose.yml runs a Kafka 3.9 broker (KRaft) and points the ledger at it', () => {
  const compose = parse(readFileSync(new URL('../../../docker-compose.yml', import.meta.url), 'utf8'));
  const kafka = compose.services.kafka;
  expect(kafka.image).toMatch(/^apache\/kafka:3\.9\./);
  expect(kafka.environment.KAFKA_PROCESS_ROLES).toBe('broker,controller');
  expect(kafka.environment.KAFKA_ADVERTISED_LISTENERS).toContain('PLAINTEXT://kafka:9092');
  expect(compose.services.ledger.environment.KAFKA_BROKERS).toBe('kafka:9092');
  expect(compose.services.ledger.depends_on.kafka.condition).toBe('service_healthy');
});
