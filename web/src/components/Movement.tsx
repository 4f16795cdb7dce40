import { useTranslation } from 'react-i18next';
import type { Publication, RankingRow } from '../api/types';

/** The latest publication still standing (the list is oldest first; a withdrawn one no longer counts). */
export function lastPublication(publications: Publication[] | undefined): Publication | null {
  const standing = (publications ?? []).filter((p) => p.withdrawal === null);
  return standing.length > 0 ? standing[standing.length - 1] : null;
}

/** Places gained since the publication (positive: up), or null for a unit it did not rank. */
export function movementOf(row: RankingRow, publication: Publication | null): number | null | undefined {
  if (!publication) return undefined;
  const before = publication.rows.find((r) => r.unitId === row.unitId);
  return before ? before.rank - row.rank : null;
}

/** ▲ 2, ▼ 1, — or "new", in words for screen readers. */
export function Movement({ change }: { change: number | null | undefined }) {
  const { t } = useTranslation();
  if (change === undefined) return null;
  if (change === null) return <span className="move new">{t('ranking.new')}</span>;
  const label = change > 0 ? t('ranking.up', { count: change }) : change < 0 ? t('ranking.down', { count: -change }) : t('ranking.same');
  const symbol = change > 0 ? `▲ ${change}` : change < 0 ? `▼ ${-change}` : '—';
  return (
    <span className={`move ${change > 0 ? 'up' : change < 0 ? 'down' : 'same'}`} title={label}>
      <span aria-hidden="true">{symbol}</span>
      <span className="visually-hidden">{label}</span>
    </span>
  );
}
