import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig, loadKafkaConfig } from '../../../src/config.js';
import type { StoredEvent } from '../../../src/event-store/event-store.port.js';
import { streamIds } from '../../../src/ledger/ids.js';
import { partitionOf } from '../../../src/messaging/kafka-client.js';
import { fromRecordValue, recordKey, toRecord } from '../../../src/messaging/kafka-envelope.js';

const event: StoredEvent = {
  id: '0193a5f2-7c1e-7d4a-9b2e-5f1c3a7e9d01',
  streamId: streamIds.scorecard('vi-an-ninh-to-quoc-2026', 'ca-hau-giang'),
  version: 3,
  position: 1234,
  type: 'ScoreEntryRecorded',
  schemaVersion: 1,
  data: { campaignId: 'vi-an-ninh-to-quoc-2026', unitId: 'ca-hau-giang', entryId: 'hg-2026-03-c2-1', points: '0.1', reason: 'Tự chấm tháng 3' },
  metadata: { actor: 'can-bo-thi-dua-hau-giang', commandId: 'c-1', correlationId: 'k-1', causationId: null },
  recordedAt: new Date('2026-03-31T02:15:00.123Z'),
};

describe('Kafka records', () => {
  it('never carries a password hash', () => {
    const passwordSet: StoredEvent = {
      ...event,
      streamId: streamIds.account('tran-van-tuan'),
      type: 'PasswordSet',
      data: { accountId: 'tran-van-tuan', passwordHash: 'scrypt$32768$8$1$c2FsdA$aGFzaA' },
    };
    const record = toRecord(passwordSet);
    expect(record.key).toBe('account:tran-van-tuan');
    expect(record.value).not.toContain('scrypt$');
    expect(fromRecordValue(record.value).data).toEqual({ accountId: 'tran-van-tuan', passwordHash: '[withheld]' });
  });

  it("keys a campaign's streams by the campaign, every other stream by itself", () => {
    const campaignId = 'vi-an-ninh-to-quoc-2026';
    for (const streamId of [
      streamIds.campaign(campaignId),
      streamIds.cluster(campaignId, 'cum-9'),
      streamIds.pledge(campaignId, 'gu-1'),
      streamIds.scorecard(campaignId, 'ca-can-tho'),
    ]) {
      expect(recordKey(streamId)).toBe(campaignId);
    }
    for (const streamId of [streamIds.unit('ca-hau-giang'), streamIds.officer('nguyen-van-a'), streamIds.commendation('qd-123')]) {
      expect(recordKey(streamId)).toBe(streamId);
    }
  });

  it('carries the envelope as JSON and type, id, position as headers; the value reads back as the stored event', () => {
    const record = toRecord(event);
    expect(record.key).toBe('vi-an-ninh-to-quoc-2026');
    expect(record.headers).toEqual({ type: 'ScoreEntryRecorded', id: event.id, position: '1234' });
    expect(JSON.parse(record.value)).toEqual({
      id: event.id,
      type: 'ScoreEntryRecorded',
      schemaVersion: 1,
      streamId: 'scorecard:vi-an-ninh-to-quoc-2026:ca-hau-giang',
      version: 3,
      position: 1234,
      recordedAt: '2026-03-31T02:15:00.123Z',
      data: event.data,
      metadata: event.metadata,
    });
    expect(fromRecordValue(Buffer.from(record.value))).toEqual(event);
    expect(() => fromRecordValue('{"hello":"world"}')).toThrow(/not a ledger event envelope/);
  });

  it('puts a key on one partition, the same whoever computes it, and spreads keys over all partitions', () => {
    expect(partitionOf('ledger.events', 'vi-an-ninh-to-quoc-2026', 6)).toBe(partitionOf('other.topic', 'vi-an-ninh-to-quoc-2026', 6));
    const used = new Set(Array.from({ length: 200 }, (_, i) => partitionOf('ledger.events', `unit:don-vi-${i}`, 6)));
    expect([...used].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('Kafka configuration', () => {
  it('is off without KAFKA_BROKERS, with defaults once it is set', () => {
    expect(loadKafkaConfig({})).toBeNull();
    expect(loadConfig({}).kafka).toBeNull();
    expect(loadKafkaConfig({ KAFKA_BROKERS: '127.0.0.1:19092, kafka:9092' })).toEqual({
      brokers: ['127.0.0.1:19092', 'kafka:9092'],
      topic: 'ledger.events',
      partitions: 6,
      groupId: 'campaign-ledger-projector',
    });
    expect(loadKafkaConfig({ KAFKA_BROKERS: 'k:9092', KAFKA_TOPIC: 'ca.ledger', KAFKA_PARTITIONS: '12', KAFKA_GROUP_ID: 'read-models' })).toEqual({
      brokers: ['k:9092'],
      topic: 'ca.ledger',
      partitions: 12,
      groupId: 'read-models',
    });
  });

  it.each([
    [{ KAFKA_BROKERS: 'localhost' }, /KAFKA_BROKERS/],
    [{ KAFKA_BROKERS: 'k:9092', KAFKA_TOPIC: 'bad topic' }, /KAFKA_TOPIC/],
    [{ KAFKA_BROKERS: 'k:9092', KAFKA_PARTITIONS: '0' }, /KAFKA_PARTITIONS/],
    [{ KAFKA_BROKERS: 'k:9092', KAFKA_PARTITIONS: 'many' }, /KAFKA_PARTITIONS/],
  ])('refuses %j naming the variable', (env, message) => {
    expect(() => loadKafkaConfig(env)).toThrow(ConfigError);
    expect(() => loadKafkaConfig(env)).toThrow(message);
  });
});
