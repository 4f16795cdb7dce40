import type { MessageEvent } from '@nestjs/common';
import { concatMap, interval, Observable } from 'rxjs';
import type { Announcement } from './live-feed.js';
import type { ClusterRef, UnitInCampaign } from './touched.js';

/** docs/api.md "ETag and live": a comment this often keeps proxies from closing a quiet stream. */
export const KEEP_ALIVE_MS = 15_000;

export interface LiveFilter {
  campaignId: string | null;
  /** Only with `campaignId` (a cluster's id is its campaign's). */
  clusterId: string | null;
}

/** The `data` of an `event: position` message. */
export interface LiveMessage {
  position: number;
  recordedAt: string | null;
  campaignIds: string[];
  touched: { rankings: ClusterRef[]; scorecards: UnitInCampaign[]; publications: ClusterRef[] };
}

/**
 * An announcement as one stream sees it: all of it without a filter; narrowed to the campaign (and
 * to the cluster's ranking, its members' scorecards and its publications), or nothing when it did
 * not touch them. The first one (where the stream starts) goes to every stream.
 */
export function messageFor(announcement: Announcement, filter: LiveFilter, first = false): LiveMessage | null {
  const { position, recordedAt } = announcement;
  const scorecardsOf = (cards: Announcement['scorecards']) => cards.map(({ campaignId, unitId }) => ({ campaignId, unitId }));
  const { campaignId, clusterId } = filter;
  if (first || campaignId === null) {
    const { campaignIds, rankings, scorecards, publications } = announcement;
    return { position, recordedAt, campaignIds, touched: { rankings, scorecards: scorecardsOf(scorecards), publications } };
  }
  if (!announcement.campaignIds.includes(campaignId)) return null;
  const ours = (ref: ClusterRef) => ref.campaignId === campaignId && (clusterId === null || ref.clusterId === clusterId);
  const rankings = announcement.rankings.filter(ours);
  const publications = announcement.publications.filter(ours);
  const scorecards = announcement.scorecards.filter((card) => card.campaignId === campaignId && (clusterId === null || card.clusterIds.includes(clusterId)));
  if (clusterId !== null && rankings.length + scorecards.length + publications.length === 0) return null;
  return { position, recordedAt, campaignIds: [campaignId], touched: { rankings, scorecards: scorecardsOf(scorecards), publications } };
}

/**
 * One stream's server-sent events: `event: position` messages (id: the position) for `filter`, and a
 * `: keep-alive` comment every 15 s. At each keep-alive the caller's credentials are judged again
 * (`stillAllowed`): a token revoked, a session expired or a role withdrawn ends the stream, as it
 * would refuse the next request. Ends when the announcements end (the application shuts down).
 */
export function liveEvents(announcements: Observable<Announcement>, filter: LiveFilter, stillAllowed: () => Promise<boolean>): Observable<MessageEvent> {
  return new Observable<MessageEvent>((subscriber) => {
    let first = true;
    const messages = announcements.subscribe({
      next: (announcement) => {
        const message = messageFor(announcement, filter, first);
        first = false;
        if (message) subscriber.next({ type: 'position', id: String(message.position), data: message });
      },
      error: (error) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
    const keepAlive = interval(KEEP_ALIVE_MS)
      .pipe(concatMap(() => stillAllowed().catch(() => false)))
      .subscribe((allowed) => (allowed ? subscriber.next({ comment: 'keep-alive' }) : subscriber.complete()));
    return () => {
      messages.unsubscribe();
      keepAlive.unsubscribe();
    };
  });
}
