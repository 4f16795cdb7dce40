/** Client-chosen ids (docs/api.md): lower-case letters, digits, '.', '_', '-'; 1-64 chars. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export const isValidId = (id: unknown): id is string => typeof id === 'string' && ID_PATTERN.test(id);

/**
 * Stream ids: `<aggregate>:<id…>`. ':' never appears in an id, so the parts are unambiguous.
 * One scorecard stream per campaign and unit keeps appends to different units independent.
 */
export const streamIds = {
  unit: (unitId: string) => `unit:${unitId}`,
  officer: (officerId: string) => `officer:${officerId}`,
  campaign: (campaignId: string) => `campaign:${campaignId}`,
  cluster: (campaignId: string, clusterId: string) => `cluster:${campaignId}:${clusterId}`,
  pledge: (campaignId: string, pledgeId: string) => `pledge:${campaignId}:${pledgeId}`,
  scorecard: (campaignId: string, unitId: string) => `scorecard:${campaignId}:${unitId}`,
  commendation: (commendationId: string) => `commendation:${commendationId}`,
  conferralParameters: (year: number) => `conferral-parameters:${year}`,
  account: (accountId: string) => `account:${accountId}`,
} as const;

/** The campaign a stream belongs to, if any (used as the Kafka key and by projections). */
export function campaignOfStream(streamId: string): string | null {
  const [aggregate, first] = streamId.split(':');
  return ['campaign', 'cluster', 'pledge', 'scorecard'].includes(aggregate) ? (first ?? null) : null;
}
