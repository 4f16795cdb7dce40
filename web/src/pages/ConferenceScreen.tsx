import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useSWRConfig } from 'swr';
import { withQuery } from '../api/client';
import { useApi, useCampaign, useGroupNames } from '../api/hooks';
import { POLL_SECONDS, useLiveCluster, type LiveMode } from '../api/live';
import type { Publications, Ranking } from '../api/types';
import { ProblemAlert } from '../components/common';
import { lastPublication, Movement, movementOf } from '../components/Movement';
import { useFormat } from '../format';
import { usePeriodLabel } from '../labels';
import { useSession } from '../session';

/**
 * The conference screen (màn hình hội nghị): one cluster's ranking on the wall of a hall, readable
 * from its back at 1920×1080: large type, each group's subtotal, the movement since the last
 * publication (▲▼), and live: a recorded score shows within a second where the stream is there,
 * within POLL_SECONDS where it is not. Opened with a viewer's token in the link (`?token=`), or by
 * someone signed in.
 */
export default function ConferenceScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const periodLabel = usePeriodLabel();
  const { campaignId, clusterId } = useParams() as { campaignId: string; clusterId: string };
  const [params] = useSearchParams();
  const session = useSession();
  const token = params.get('token') ?? session.token;
  const path = `/api/campaigns/${encodeURIComponent(campaignId)}/clusters/${encodeURIComponent(clusterId)}`;
  const { mutate } = useSWRConfig();
  const live = useLiveCluster(campaignId, clusterId, token, () => {
    void mutate([withQuery(`${path}/ranking`), token]);
    void mutate([withQuery(`${path}/rankings/publications`), token]);
  });
  const polling = live === 'live' ? 0 : POLL_SECONDS * 1000;
  const ranking = useApi<Ranking>(token ? `${path}/ranking` : null, undefined, { token, refreshInterval: polling });
  const publications = useApi<Publications>(token ? `${path}/rankings/publications` : null, undefined, { token, refreshInterval: polling * 6 });
  const { title, clusterName } = useCampaign(campaignId, token);
  const rows = ranking.data?.rows ?? [];
  const groupNames = useGroupNames(campaignId, rows[0]?.unitId, ranking.data?.groupNames, token);
  const groupIds = Object.keys(rows[0]?.groups ?? groupNames);
  const published = lastPublication(publications.data?.publications);
  // The totals that changed since the last read: their cells light up once.
  const seen = useRef<Map<string, number> | null>(null);
  const changed = useMemo(
    () => new Set(rows.filter((r) => seen.current?.has(r.unitId) && seen.current.get(r.unitId) !== r.total).map((r) => r.unitId)),
    [rows],
  );
  useEffect(() => {
    seen.current = new Map(rows.map((r) => [r.unitId, r.total]));
  }, [rows]);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const position = ranking.data?.asOf.position;
  useEffect(() => {
    if (position !== undefined) setUpdatedAt(new Date());
  }, [position]);
  const cluster = clusterName(clusterId);
  useEffect(() => {
    document.title = `${cluster} · ${t('ranking.conference')}`;
  }, [cluster, t]);

  if (!token)
    return (
      <main id="main" className="screen screen-message">
        <h1>{t('ranking.conference')}</h1>
        <p>{t('screen.noToken')}</p>
        <Link to={`/dang-nhap?next=${encodeURIComponent(`/man-hinh/${campaignId}/${clusterId}`)}`}>{t('signIn.title')}</Link>
      </main>
    );

  return (
    <main id="main" className="screen" data-live={live}>
      <header className="screen-header">
        <div>
          <p className="screen-campaign">{title}</p>
          <h1 className="screen-cluster">{cluster}</h1>
        </div>
        <div className="screen-status">
          <LiveBadge mode={live} />
          {published && <p className="screen-since">▲▼ {t('screen.since', { period: periodLabel(published.period) })}</p>}
          <FullscreenButton label={t('screen.fullscreen')} />
        </div>
      </header>
      {ranking.error !== undefined && <ProblemAlert error={ranking.error} onRetry={() => void ranking.mutate()} />}
      <table className="screen-table" data-testid="screen-ranking">
        <caption className="visually-hidden">{t('ranking.title', { cluster })}</caption>
        <thead>
          <tr>
            <th scope="col" className="col-rank">
              {t('ranking.rank')}
            </th>
            {published && (
              <th scope="col" className="col-move">
                <span className="visually-hidden">{t('ranking.movement')}</span>
                <span aria-hidden="true">▲▼</span>
              </th>
            )}
            <th scope="col" className="col-unit">
              {t('common.unit')}
            </th>
            {groupIds.map((groupId) => (
              <th scope="col" key={groupId} className="col-group">
                {groupNames[groupId] ?? groupId}
              </th>
            ))}
            <th scope="col" className="col-num">
              {t('ranking.bonus')}
            </th>
            <th scope="col" className="col-num">
              {t('ranking.penalty')}
            </th>
            <th scope="col" className="col-total">
              {t('ranking.total')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.unitId} data-unit={row.unitId} className={row.vetoed ? 'vetoed' : undefined}>
              <td className="col-rank">{row.rank}</td>
              {published && (
                <td className="col-move">
                  <Movement change={movementOf(row, published)} />
                </td>
              )}
              <th scope="row" className="col-unit">
                {row.unitName}
                {row.vetoed && <span className="screen-veto">{t('ranking.vetoed')}</span>}
              </th>
              {groupIds.map((groupId) => (
                <td key={groupId} className="col-group">
                  {format.number(row.groups[groupId])}
                </td>
              ))}
              <td className="col-num">{format.number(row.bonus)}</td>
              <td className="col-num">{format.number(row.penalty)}</td>
              {/* Keyed by the figure: a changed total is a new cell, and its highlight plays once. */}
              <td
                className={changed.has(row.unitId) ? 'col-total changed' : 'col-total'}
                key={`${row.unitId}:${row.total}`}
                data-testid={`screen-total-${row.unitId}`}
              >
                {format.number(row.total)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <footer className="screen-footer">
        {updatedAt && <span>{t('screen.updated', { time: format.dateTime(updatedAt, true) })}</span>}
        {ranking.data && (
          <span>{t('common.asOfNote', { position: ranking.data.asOf.position, time: format.dateTime(ranking.data.asOf.recordedAt, true) })}</span>
        )}
      </footer>
    </main>
  );
}

function LiveBadge({ mode }: { mode: LiveMode }) {
  const { t } = useTranslation();
  const text = mode === 'live' ? t('screen.live') : mode === 'polling' ? t('screen.polling', { seconds: POLL_SECONDS }) : t('screen.connecting');
  return (
    <p className={`live-badge ${mode}`} role="status" data-testid="live-mode">
      <span className="dot" aria-hidden="true" /> {text}
    </p>
  );
}

function FullscreenButton({ label }: { label: string }) {
  const [full, setFull] = useState(false);
  useEffect(() => {
    const update = () => setFull(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', update);
    return () => document.removeEventListener('fullscreenchange', update);
  }, []);
  if (full || !document.fullscreenEnabled) return null;
  return (
    <button type="button" className="screen-button" onClick={() => void document.documentElement.requestFullscreen()}>
      {label}
    </button>
  );
}
