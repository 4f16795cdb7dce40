import { describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '../../../src/event-store/event-store.port.js';
import { decodeEvent } from '../../../src/event-store/recorded-event.js';

const stored = (schemaVersion: number, data: Record<string, unknown>): StoredEvent => ({
  id: '0190f0e0-0000-7000-8000-000000000002',
  streamId: 'pledge:vi-an-ninh-to-quoc-2026:giao-uoc-ca-hau-giang',
  version: 1,
  position: 7,
  type: 'PledgeSigned',
  schemaVersion,
  data,
  metadata: { actor: 'admin', commandId: 'c', correlationId: 'c', causationId: null },
  recordedAt: new Date('2026-02-15T03:00:00Z'),
});

const v1 = {
  campaignId: 'vi-an-ninh-to-quoc-2026',
  pledgeId: 'giao-uoc-ca-hau-giang',
  unitId: 'ca-hau-giang',
  signedOn: '2026-02-15',
  targets: [
    { criterionId: 'c2-1', description: 'Kéo giảm tội phạm', target: '5', measure: '%' },
    { criterionId: 'c3-1', description: null, target: '10', measure: null },
  ],
};

describe('PledgeSigned upcaster (v1 → v2)', () => {
  it('reads a v1 pledge as a unit’s, its free-text measure as the label, with no measure: held against points as before', () => {
    const event = decodeEvent(stored(1, v1));
    expect(event.schemaVersion).toBe(2);
    expect(event.type === 'PledgeSigned' && event.data).toEqual({
      ...v1,
      signatory: { kind: 'unit', id: 'ca-hau-giang' },
      targets: [
        { criterionId: 'c2-1', description: 'Kéo giảm tội phạm', target: '5', measure: null, direction: null, unitLabel: '%' },
        { criterionId: 'c3-1', description: null, target: '10', measure: null, direction: null, unitLabel: null },
      ],
    });
  });

  it('leaves the stored event and a v2 pledge as they are', () => {
    const original = stored(1, v1);
    decodeEvent(original);
    expect(original.data).toEqual(v1);
    const v2 = stored(2, {
      ...v1,
      signatory: { kind: 'officer', id: 'nguyen-van-an' },
      targets: [{ ...v1.targets[0], measure: 'percent', direction: 'reduce-by', unitLabel: '%' }],
    });
    expect(decodeEvent(v2)).toBe(v2);
  });
});
