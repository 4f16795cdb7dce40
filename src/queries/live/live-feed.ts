import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';
import { UnitClusterReads } from '../../../projections/campaigns/unit-cluster-reads.js';
import { EVENT_STORE, type EventStore, type StoredEvent } from '../../event-store/event-store.port.js';
import { decodeEvent } from '../../event-store/recorded-event.js';
import { LogProcessor } from '../../processing/log-processor.js';
import { describeError } from '../../safe-error.js';
import { ReadPositions, READS } from '../shared/read-position.service.js';
import { reachOf, type ClusterRef, type EventReach, type UnitInCampaign } from './touched.js';

/** A scorecard touched, with the clusters of its campaign that hold its unit (for a stream filtered by cluster). */
export interface TouchedScorecard extends UnitInCampaign {
  clusterIds: string[];
}

/** One position the read models have applied, and what it touched: the stream's messages before filtering. */
export interface Announcement {
  position: number;
  recordedAt: string | null;
  campaignIds: string[];
  rankings: ClusterRef[];
  scorecards: TouchedScorecard[];
  publications: ClusterRef[];
}

/** The reads a live message is about: rankings and scorecards (READS.scores), the ones a screen shows. */
const ANNOUNCED_READS = READS.scores;

/**
 * docs/api.md "ETag and live": the positions the read models have applied, announced to every open
 * stream of this process, each with what it touched.
 *
 * It is a follower of the log of its own (a LogProcessor), not a hook in the projection runner: a
 * batch is announced once `ReadPositions.reach` says the read models serve it, the very condition a
 * read waits on, so a read made after the message sees it, whether the projections run in this
 * process or in workers elsewhere (PROJECTIONS=off). A read model failed or behind holds the
 * announcements back (the processor retries the batch) rather than announcing what reads cannot
 * show. It follows the log only while a stream is open, from where the read models stand when the
 * first one opens; the last one closing stops it.
 */
@Injectable()
export class LiveFeed implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Live');
  private readonly announcements = new Subject<Announcement>();
  private readonly processor: LogProcessor;
  private listeners = 0;
  /** Starts and stops of the follower, one after the other. */
  private lifecycle: Promise<void> = Promise.resolve();
  /** Every position up to here was announced (a batch given again after a retry is not announced twice). */
  private announcedThrough = 0;
  private shutDown = false;
  private readonly closing = new Subject<void>();

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    private readonly positions: ReadPositions,
    private readonly clusters: UnitClusterReads,
  ) {
    this.processor = new LogProcessor(store, {
      handle: (events) => this.announce(events),
      logger: this.logger,
      messages: {
        failing: (error) => `live stream: announcements wait (retrying with back-off, up to 1 s): ${describeError(error)}`,
        recovered: (_streak, position) => `live stream: announcing again, at position ${position}`,
      },
    });
  }

  /**
   * The announcements from now on, until the application shuts down. The first value is where the
   * read models stand once the follower runs (nothing touched): every later position is announced,
   * so a client that reads after it misses nothing.
   */
  follow(): Observable<Announcement> {
    return new Observable<Announcement>((subscriber) => {
      if (this.shutDown) {
        subscriber.complete();
        return;
      }
      // Announcements arriving before the first value wait for it; those it already covers are dropped.
      let start: number | null = null;
      const waiting: Announcement[] = [];
      const announcements = this.announcements.subscribe({
        next: (announcement) => {
          if (start === null) waiting.push(announcement);
          else if (announcement.position > start) subscriber.next(announcement);
        },
      });
      const closing = this.closing.subscribe(() => subscriber.complete());
      this.retain()
        .then(() => this.positions.resolve(undefined, undefined, ANNOUNCED_READS))
        .then(({ position, recordedAt }) => {
          start = position;
          subscriber.next({ position, recordedAt, campaignIds: [], rankings: [], scorecards: [], publications: [] });
          for (const announcement of waiting.splice(0)) if (announcement.position > position) subscriber.next(announcement);
        })
        .catch((error) => subscriber.error(error));
      return () => {
        announcements.unsubscribe();
        closing.unsubscribe();
        this.release();
      };
    });
  }

  /** The application is shutting down: every stream has ended or ends at once. */
  get closed(): boolean {
    return this.shutDown;
  }

  /** Ends every stream (each response ends), then stops following the log, before the HTTP server closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.shutDown = true;
    this.closing.next();
    this.closing.complete();
    await this.lifecycle;
    await this.processor.stop();
  }

  /** One more stream: the follower runs once this resolves (a failure to start is the stream's, the next one tries again). */
  private retain(): Promise<void> {
    this.listeners++;
    const started = this.lifecycle.then(async () => {
      if (this.listeners === 0 || this.processor.started || this.shutDown) return;
      const from = await this.positions.processed(ANNOUNCED_READS);
      this.announcedThrough = Math.max(this.announcedThrough, from);
      this.processor.start(from);
    });
    this.lifecycle = started.catch(() => undefined);
    return started;
  }

  private release(): void {
    this.listeners--;
    this.lifecycle = this.lifecycle
      .then(async () => {
        if (this.listeners === 0 && this.processor.started) await this.processor.stop();
      })
      .catch((error) => this.logger.warn(`live stream: stopping the follower failed: ${describeError(error)}`));
  }

  private async announce(events: StoredEvent[]): Promise<void> {
    const last = events[events.length - 1];
    // Throws while the read models are behind (5 s) or failed: the processor gives the batch again.
    await this.positions.reach(last.position, ANNOUNCED_READS);
    const fresh = events.filter((e) => e.position > this.announcedThrough);
    if (fresh.length === 0) return;
    const announcement = await this.describe(fresh);
    this.announcedThrough = last.position;
    this.announcements.next(announcement);
  }

  private async describe(events: StoredEvent[]): Promise<Announcement> {
    const reaches = events.flatMap((event): EventReach[] => {
      try {
        return [reachOf(decodeEvent(event))];
      } catch {
        // An event this version cannot read: the read models could not apply it either (reach fails first).
        return [];
      }
    });
    const campaignIds = new Set(reaches.flatMap((r) => r.campaignIds));
    const rankings = new Keyed<ClusterRef>((r) => `${r.campaignId}/${r.clusterId}`);
    const publications = new Keyed<ClusterRef>((r) => `${r.campaignId}/${r.clusterId}`);
    const scorecards = new Keyed<TouchedScorecard>((s) => `${s.campaignId}/${s.unitId}`);
    for (const reach of reaches) {
      for (const ranking of reach.rankings) rankings.add(ranking);
      for (const publication of reach.publications) publications.add(publication);
    }
    const scored = reaches.flatMap((r) => r.scored);
    const renamed = reaches.flatMap((r) => r.units);
    const ranked = await this.clusters.rankedAs([...scored.map((s) => s.unitId), ...renamed]);
    const touch = (campaignId: string, unitId: string, clusterId: string | null) => {
      const card = scorecards.add({ campaignId, unitId, clusterIds: [] });
      if (clusterId === null) return;
      if (!card.clusterIds.includes(clusterId)) card.clusterIds.push(clusterId);
      rankings.add({ campaignId, clusterId });
    };
    for (const { campaignId, unitId } of scored) {
      scorecards.add({ campaignId, unitId, clusterIds: [] });
      for (const r of ranked) if (r.unitId === unitId) touch(campaignId, r.rankedUnitId, r.campaignId === campaignId ? r.clusterId : null);
    }
    for (const unitId of renamed) {
      for (const r of ranked) {
        if (r.unitId !== unitId || r.campaignId === null) continue;
        campaignIds.add(r.campaignId);
        touch(r.campaignId, r.rankedUnitId, r.clusterId);
      }
    }
    const last = events[events.length - 1];
    return {
      position: last.position,
      recordedAt: last.recordedAt.toISOString(),
      campaignIds: [...campaignIds],
      rankings: rankings.values(),
      scorecards: scorecards.values(),
      publications: publications.values(),
    };
  }
}

/** Distinct values by a key, in the order first added; `add` answers the one kept. */
class Keyed<T> {
  private readonly byKey = new Map<string, T>();
  constructor(private readonly keyOf: (value: T) => string) {}
  add(value: T): T {
    const key = this.keyOf(value);
    const known = this.byKey.get(key);
    if (known) return known;
    this.byKey.set(key, value);
    return value;
  }
  values(): T[] {
    return [...this.byKey.values()];
  }
}
