import { useEffect, useRef, useState } from 'react';
import { withQuery } from './client';
import type { LivePosition } from './types';

export type LiveMode = 'connecting' | 'live' | 'polling';

/** How often a screen without the live stream reads again (cheap: an unchanged read answers 304). */
export const POLL_SECONDS = 5;

/**
 * Follows the ledger's live stream (GET /api/live, server-sent events) for one cluster's ranking:
 * `onChange` runs when a new position touched it (the read models have applied it by then, so a
 * read made now sees it). A browser's EventSource sends no headers, so the token rides in
 * `access_token`. Where the stream is not there (an older server: 404) or drops, the screen polls
 * every POLL_SECONDS until it is back; EventSource reconnects by itself.
 */
export function useLiveCluster(campaignId: string, clusterId: string, token: string | null, onChange: (message: LivePosition | null) => void): LiveMode {
  const [mode, setMode] = useState<LiveMode>('connecting');
  const callback = useRef(onChange);
  callback.current = onChange;

  useEffect(() => {
    if (typeof EventSource === 'undefined' || !token) {
      setMode('polling');
      return;
    }
    setMode('connecting');
    const source = new EventSource(withQuery('/api/live', { campaignId, clusterId, access_token: token }));
    source.addEventListener('open', () => {
      setMode('live');
      // Whatever happened while the stream was down: read once now.
      callback.current(null);
    });
    source.addEventListener('position', (event) => {
      let message: LivePosition;
      try {
        message = JSON.parse((event as MessageEvent<string>).data) as LivePosition;
      } catch {
        return;
      }
      const touched = message.touched;
      const mine = (list: { campaignId: string; clusterId: string }[] | undefined) =>
        (list ?? []).some((r) => r.campaignId === campaignId && r.clusterId === clusterId);
      // A message that does not say what it touched could have touched anything.
      if (!touched || mine(touched.rankings) || mine(touched.publications)) callback.current(message);
    });
    source.addEventListener('error', () => setMode(source.readyState === EventSource.CLOSED ? 'polling' : 'connecting'));
    return () => source.close();
  }, [campaignId, clusterId, token]);

  return mode;
}
