import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { MessageEvent } from '@nestjs/common';
import { Subject } from 'rxjs';
import type { Announcement } from '../../../src/queries/live/live-feed.js';
import { KEEP_ALIVE_MS, liveEvents, messageFor } from '../../../src/queries/live/live-messages.js';

const C = 'vi-an-ninh-to-quoc-2026';
const OTHER = 'an-toan-giao-thong-2026';

/** Position 42: a score of Cần Thơ (cluster 9) in C, one of Hải Phòng (no cluster) in another campaign, a publication of cluster 9. */
const announcement: Announcement = {
  position: 42,
  recordedAt: '2026-07-15T02:00:00.000Z',
  campaignIds: [C, OTHER],
  rankings: [{ campaignId: C, clusterId: 'cum-9' }],
  scorecards: [
    { campaignId: C, unitId: 'ca-can-tho', clusterIds: ['cum-9'] },
    { campaignId: OTHER, unitId: 'ca-hai-phong', clusterIds: [] },
  ],
  publications: [{ campaignId: C, clusterId: 'cum-9' }],
};
const nothing: Announcement = { position: 43, recordedAt: null, campaignIds: [], rankings: [], scorecards: [], publications: [] };

describe('what one live stream sees of an announcement', () => {
  it('all of it without a filter (without the clusters of the scorecards)', () => {
    expect(messageFor(announcement, { campaignId: null, clusterId: null })).toEqual({
      position: 42,
      recordedAt: '2026-07-15T02:00:00.000Z',
      campaignIds: [C, OTHER],
      touched: {
        rankings: [{ campaignId: C, clusterId: 'cum-9' }],
        scorecards: [
          { campaignId: C, unitId: 'ca-can-tho' },
          { campaignId: OTHER, unitId: 'ca-hai-phong' },
        ],
        publications: [{ campaignId: C, clusterId: 'cum-9' }],
      },
    });
    expect(messageFor(nothing, { campaignId: null, clusterId: null })).toMatchObject({ position: 43, campaignIds: [] });
  });

  it('narrowed to a campaign; nothing for a campaign it did not touch', () => {
    expect(messageFor(announcement, { campaignId: OTHER, clusterId: null })).toEqual({
      position: 42,
      recordedAt: '2026-07-15T02:00:00.000Z',
      campaignIds: [OTHER],
      touched: { rankings: [], scorecards: [{ campaignId: OTHER, unitId: 'ca-hai-phong' }], publications: [] },
    });
    expect(messageFor(announcement, { campaignId: 'khac', clusterId: null })).toBeNull();
    expect(messageFor(nothing, { campaignId: C, clusterId: null })).toBeNull();
  });

  it("narrowed to a cluster: its ranking, its members' scorecards, its publications; nothing when none", () => {
    expect(messageFor(announcement, { campaignId: C, clusterId: 'cum-9' })?.touched).toEqual({
      rankings: [{ campaignId: C, clusterId: 'cum-9' }],
      scorecards: [{ campaignId: C, unitId: 'ca-can-tho' }],
      publications: [{ campaignId: C, clusterId: 'cum-9' }],
    });
    expect(messageFor(announcement, { campaignId: C, clusterId: 'cum-1' })).toBeNull();
  });

  it('the first one (where the stream starts) whatever the filter', () => {
    expect(messageFor(nothing, { campaignId: C, clusterId: 'cum-9' }, true)).toMatchObject({ position: 43 });
  });
});

describe('one live stream over time: messages, keep-alive, credentials judged again', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  const open = (stillAllowed: () => Promise<boolean>) => {
    const announcements = new Subject<Announcement>();
    const events: MessageEvent[] = [];
    const state = { complete: false };
    liveEvents(announcements, { campaignId: C, clusterId: null }, stillAllowed).subscribe({
      next: (event) => events.push(event),
      complete: () => (state.complete = true),
    });
    return { announcements, events, state };
  };

  it("sends `event: position` with the position as id, and a ': keep-alive' comment every 15 s", async () => {
    const { announcements, events, state } = open(async () => true);
    announcements.next(nothing);
    announcements.next(announcement);
    announcements.next({ ...nothing, position: 44 });
    expect(events.map((e) => [e.type, e.id])).toEqual([
      ['position', '43'],
      ['position', '42'],
    ]);
    await jest.advanceTimersByTimeAsync(KEEP_ALIVE_MS - 1);
    expect(events).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(1);
    expect(events[2]).toEqual({ comment: 'keep-alive' });
    await jest.advanceTimersByTimeAsync(KEEP_ALIVE_MS);
    expect(events.filter((e) => e.comment === 'keep-alive')).toHaveLength(2);
    announcements.complete();
    expect(state.complete).toBe(true);
  });

  it('ends at the keep-alive after which the credentials no longer sign in (a token revoked), or fail to be checked', async () => {
    let allowed = true;
    const revoked = open(async () => allowed);
    await jest.advanceTimersByTimeAsync(KEEP_ALIVE_MS);
    expect([revoked.events.length, revoked.state.complete]).toEqual([1, false]);
    allowed = false;
    await jest.advanceTimersByTimeAsync(KEEP_ALIVE_MS);
    expect([revoked.events.length, revoked.state.complete]).toEqual([1, true]);
    const failing = open(async () => {
      throw new Error('the token is not valid');
    });
    await jest.advanceTimersByTimeAsync(KEEP_ALIVE_MS);
    expect([failing.events.length, failing.state.complete]).toEqual([0, true]);
  });
});
