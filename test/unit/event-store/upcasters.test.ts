import { describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '../../../src/event-store/event-store.port.js';
import { decodeEvent, UndecodableEventError } from '../../../src/event-store/recorded-event.js';

const stored = (type: string, schemaVersion: number, data: Record<string, unknown>, recordedAt: string): StoredEvent => ({
  id: '0190f0e0-0000-7000-8000-000000000001',
  streamId: 'scorecard:vi-an-ninh-to-quoc-2026:ca-hau-giang',
  version: 1,
  position: 42,
  type,
  schemaVersion,
  data,
  metadata: { actor: 'admin', commandId: 'c', correlationId: 'c', causationId: null },
  recordedAt: new Date(recordedAt),
});

const entryV1 = {
  campaignId: 'vi-an-ninh-to-quoc-2026',
  unitId: 'ca-hau-giang',
  entryId: 'e-1',
  kind: 'achievement',
  criterionId: 'c1-1',
  points: '10',
  phaseId: null,
  source: 'self-assessment',
  reason: 'Tự chấm tháng 6',
  evidence: [],
  replaces: null,
};

describe('upcasters (decodeEvent)', () => {
  it('gives a version-1 score entry the month it was recorded in, in Vietnam time (UTC+7)', () => {
    const june = decodeEvent(stored('ScoreEntryRecorded', 1, entryV1, '2026-06-15T03:00:00Z'));
    expect(june.type === 'ScoreEntryRecorded' && june.data.period).toBe('2026-06');
    expect(june.schemaVersion).toBe(2);
    // 30 June 17:30 UTC is 1 July 00:30 in Vietnam: July.
    const july = decodeEvent(stored('ScoreEntryRecorded', 1, entryV1, '2026-06-30T17:30:00Z'));
    expect(july.type === 'ScoreEntryRecorded' && july.data.period).toBe('2026-07');
    const stillJune = decodeEvent(stored('ScoreEntryRecorded', 1, entryV1, '2026-06-30T16:59:59Z'));
    expect(stillJune.type === 'ScoreEntryRecorded' && stillJune.data.period).toBe('2026-06');
  });

  it('leaves the stored event as it was, and a version-2 entry as it is', () => {
    const original = stored('ScoreEntryRecorded', 1, entryV1, '2026-06-15T03:00:00Z');
    decodeEvent(original);
    expect(original.data).not.toHaveProperty('period');
    expect(original.schemaVersion).toBe(1);
    const v2 = stored('ScoreEntryRecorded', 2, { ...entryV1, period: '2026-03', occurredOn: '2026-03-09' }, '2026-06-15T03:00:00Z');
    expect(decodeEvent(v2)).toBe(v2);
  });

  it('gives a version-1 proposal of a new entry its month; other proposals are left as they are', () => {
    const record = {
      action: 'record',
      entry: { entryId: 'e-late', kind: 'bonus', criterionId: null, points: '2', phaseId: 'dot-1', source: 'ministry', evidence: [] },
    };
    const proposal = { campaignId: 'c', unitId: 'u', proposalId: 'dx-1', change: record, reason: 'Bổ sung', proposedBy: 'admin' };
    const decoded = decodeEvent(stored('ChangeProposed', 1, proposal, '2026-11-30T20:00:00Z'));
    expect(decoded.type === 'ChangeProposed' && decoded.data.change.action === 'record' && decoded.data.change.entry.period).toBe('2026-12');
    const reverse = { ...proposal, change: { action: 'reverse', entryId: 'e-1' } };
    expect(decodeEvent(stored('ChangeProposed', 1, reverse, '2026-11-30T20:00:00Z')).data).toEqual(reverse);
  });

  it('still refuses a newer schema than this ledger writes', () => {
    expect(() => decodeEvent(stored('ScoreEntryRecorded', 3, entryV1, '2026-06-15T03:00:00Z'))).toThrow(UndecodableEventError);
  });
});

describe('upcasters: cluster membership changes (v1 → v2)', () => {
  const change = { campaignId: 'vi-an-ninh-to-quoc-2026', clusterId: 'cum-9', unitId: 'ca-bac-lieu' };

  it('a version-1 addition or removal takes effect on the day it was recorded, in Vietnam time (UTC+7)', () => {
    const added = decodeEvent(stored('ClusterMemberAdded', 1, change, '2026-06-30T17:30:00Z'));
    expect(added.type === 'ClusterMemberAdded' && added.data.effectiveOn).toBe('2026-07-01');
    expect(added.schemaVersion).toBe(2);
    const removed = decodeEvent(stored('ClusterMemberRemoved', 1, change, '2026-06-30T16:59:59Z'));
    expect(removed.type === 'ClusterMemberRemoved' && removed.data.effectiveOn).toBe('2026-06-30');
  });

  it('leaves a version-2 change as it is', () => {
    const v2 = stored('ClusterMemberAdded', 2, { ...change, effectiveOn: '2026-03-01' }, '2026-06-15T03:00:00Z');
    expect(decodeEvent(v2)).toBe(v2);
  });
});
