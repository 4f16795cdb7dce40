import useSWR, { type SWRConfiguration } from 'swr';
import { apiGet, isMissingRoute, withQuery, type Query } from './client';
import type { ClusterSummary, CampaignDetail, Page, Scorecard, UnitSummary } from './types';

/** A read of the API, cached and revalidated by SWR; `path` null: nothing to read yet. */
export function useApi<T>(path: string | null, query?: Query, options: SWRConfiguration<T> & { token?: string | null } = {}) {
  const { token, ...swr } = options;
  const key = path === null ? null : token === undefined ? withQuery(path, query) : [withQuery(path, query), token];
  return useSWR<T>(key, (k: string | [string, string | null]) => (typeof k === 'string' ? apiGet<T>(k) : apiGet<T>(k[0], undefined, k[1])), {
    keepPreviousData: true,
    ...swr,
  });
}

/**
 * A list of the browse contract (`{ items, next }`), or null when this server has no such route
 * yet: the page then offers to type an id instead.
 */
export function useList<T>(path: string | null, query?: Query, options: { token?: string | null } = {}) {
  const result = useApi<Page<T>>(path, { limit: 500, ...query }, { ...options, shouldRetryOnError: false });
  const missing = isMissingRoute(result.error);
  return { ...result, items: result.data?.items ?? [], missing, error: missing ? undefined : result.error };
}

/** One campaign (name, scale, phases, clusters), when the server has GET /api/campaigns/:id. */
export function useCampaign(campaignId: string, token?: string | null) {
  const result = useApi<CampaignDetail>(`/api/campaigns/${encodeURIComponent(campaignId)}`, undefined, { token, shouldRetryOnError: false });
  const campaign = result.data;
  return {
    campaign,
    title: campaign?.title ?? campaign?.name ?? campaignId,
    missing: isMissingRoute(result.error),
    error: result.error,
    clusterName: (clusterId: string) => {
      const found = campaign?.clusters?.find((c: ClusterSummary) => (c.clusterId ?? c.id) === clusterId);
      return found?.name ?? clusterId;
    },
  };
}

/** A unit's name (readers only; others, and units the server does not know, see the id). */
export function useUnitName(unitId: string | null | undefined): string {
  const { data } = useApi<UnitSummary>(unitId ? `/api/units/${encodeURIComponent(unitId)}` : null, undefined, { shouldRetryOnError: false });
  return data?.name ?? unitId ?? '';
}

/**
 * The names of a campaign's criteria groups: from the ranking when it has them (browse contract),
 * else from one scorecard (every scorecard names its groups).
 */
export function useGroupNames(campaignId: string, sampleUnitId: string | undefined, fromRanking: Record<string, string> | undefined, token?: string | null) {
  const { data } = useApi<Scorecard>(
    fromRanking || !sampleUnitId ? null : `/api/campaigns/${encodeURIComponent(campaignId)}/units/${encodeURIComponent(sampleUnitId)}/scorecard`,
    undefined,
    { token, revalidateOnFocus: false },
  );
  if (fromRanking) return fromRanking;
  return Object.fromEntries((data?.groups ?? []).map((g) => [g.groupId, g.name]));
}
