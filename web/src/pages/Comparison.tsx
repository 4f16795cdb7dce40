import { Alert, Card, Table, Tag, Timeline } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useApi, useCampaign } from '../api/hooks';
import type { Comparison } from '../api/types';
import { AsOfNote, Loadable, PageTitle } from '../components/common';
import { useFormat } from '../format';
import { usePeriodLabel, useTerm } from '../labels';

interface Line {
  unitId: string;
  unitName: string;
  publishedRank: number | null;
  currentRank: number | null;
  publishedTotal: number | null;
  currentTotal: number | null;
  changed: boolean;
}

/** A publication beside today's ranking for the same period: what changed since, highlighted, and the entries that changed it. */
export default function ComparisonPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const term = useTerm();
  const periodLabel = usePeriodLabel();
  const { campaignId, clusterId, publicationId } = useParams() as { campaignId: string; clusterId: string; publicationId: string };
  const { title, clusterName } = useCampaign(campaignId);
  const comparison = useApi<Comparison>(
    `/api/campaigns/${encodeURIComponent(campaignId)}/clusters/${encodeURIComponent(clusterId)}/rankings/publications/${encodeURIComponent(publicationId)}/comparison`,
  );
  const base = `/phong-trao/${encodeURIComponent(campaignId)}`;
  const clusterBase = `${base}/cum/${encodeURIComponent(clusterId)}`;
  const cluster = clusterName(clusterId);
  const data = comparison.data;
  const period = data ? periodLabel(data.publication.period) : publicationId;
  const names = Object.fromEntries((data?.current.rows ?? []).map((r) => [r.unitId, r.unitName]));
  const lines: Line[] = data
    ? [...new Set([...data.publication.rows.map((r) => r.unitId), ...data.current.rows.map((r) => r.unitId)])].map((unitId) => {
        const before = data.publication.rows.find((r) => r.unitId === unitId);
        const now = data.current.rows.find((r) => r.unitId === unitId);
        return {
          unitId,
          unitName: names[unitId] ?? unitId,
          publishedRank: before?.rank ?? null,
          currentRank: now?.rank ?? null,
          publishedTotal: before?.total ?? null,
          currentTotal: now?.total ?? null,
          changed: data.changes.some((c) => c.unitId === unitId),
        };
      })
    : [];
  lines.sort((a, b) => (a.currentRank ?? 1e9) - (b.currentRank ?? 1e9));
  const cell = (before: number | null, now: number | null, changed: boolean) =>
    changed && before !== now ? (
      <span className="changed-value">
        <del>{format.number(before)}</del> → <ins>{format.number(now)}</ins>
      </span>
    ) : (
      format.number(now)
    );
  return (
    <>
      <PageTitle
        title={t('comparison.title', { period })}
        crumbs={[
          { title: t('nav.home'), to: '/' },
          { title, to: base },
          { title: t('ranking.title', { cluster }), to: clusterBase },
          { title: t('publications.title', { cluster }), to: `${clusterBase}/cong-bo` },
        ]}
      />
      <Loadable error={comparison.error} loading={comparison.isLoading} onRetry={() => void comparison.mutate()}>
        {() => (
          <>
            <Alert
              style={{ marginBottom: 16 }}
              type={data!.changes.length > 0 ? 'warning' : 'success'}
              showIcon
              title={data!.changes.length > 0 ? t('comparison.changes', { count: data!.changes.length }) : t('comparison.noChanges')}
            />
            <Card>
              <Table<Line>
                rowKey="unitId"
                pagination={false}
                dataSource={lines}
                rowClassName={(l) => (l.changed ? 'row-changed' : '')}
                data-testid="comparison-table"
                columns={[
                  { title: t('common.unit'), dataIndex: 'unitName', key: 'unit' },
                  { title: `${t('ranking.rank')} (${t('comparison.published')})`, dataIndex: 'publishedRank', key: 'pr', align: 'center' },
                  {
                    title: `${t('ranking.rank')} (${t('comparison.now')})`,
                    key: 'cr',
                    align: 'center',
                    render: (_, l) => cell(l.publishedRank, l.currentRank, l.changed),
                  },
                  {
                    title: `${t('ranking.total')} (${t('comparison.published')})`,
                    key: 'pt',
                    align: 'right',
                    render: (_, l) => format.number(l.publishedTotal),
                  },
                  {
                    title: `${t('ranking.total')} (${t('comparison.now')})`,
                    key: 'ct',
                    align: 'right',
                    render: (_, l) => cell(l.publishedTotal, l.currentTotal, l.changed),
                  },
                  {
                    title: t('common.status'),
                    key: 'status',
                    render: (_, l) => (l.changed ? <Tag color="warning">{t('comparison.changed')}</Tag> : <span>{t('comparison.unchanged')}</span>),
                  },
                ]}
              />
              <AsOfNote asOf={data!.asOf} />
            </Card>
            {data!.events.length > 0 && (
              <Card title={<h2 className="card-title">{t('comparison.events')}</h2>} style={{ marginTop: 16 }}>
                <Timeline
                  items={data!.events.map((e) => ({
                    key: e.position,
                    content: (
                      <div>
                        <strong>{names[e.unitId ?? ''] ?? e.unitId}</strong> · {term('eventTypes', e.type)} · {format.month(e.period)} ·{' '}
                        <span className={e.delta < 0 ? 'delta negative' : 'delta'}>{format.signed(e.delta)}</span> · {e.reason}
                        <div className="audit-meta">
                          {format.dateTime(e.recordedAt, true)} · {e.actor} · #{e.position}
                        </div>
                      </div>
                    ),
                  }))}
                />
              </Card>
            )}
          </>
        )}
      </Loadable>
    </>
  );
}
