import { Card, Table, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useSWRConfig } from 'swr';
import { currentToken, withQuery } from '../api/client';
import { useApi, useCampaign, useGroupNames } from '../api/hooks';
import { POLL_SECONDS, useLiveCluster } from '../api/live';
import type { Publications, Ranking, RankingRow } from '../api/types';
import { ClockControls, useClocks } from '../components/ClockControls';
import { AsOfNote, Loadable, PageTitle } from '../components/common';
import { GroupChart } from '../components/GroupChart';
import { LinkButton } from '../components/LinkButton';
import { lastPublication, Movement, movementOf } from '../components/Movement';
import { useFormat } from '../format';
import { rememberId } from '../recent';

/** A cluster's ranking (xếp hạng cụm) on both clocks, each unit one click from its scorecard; live when showing today. */
export default function RankingPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { campaignId, clusterId } = useParams() as { campaignId: string; clusterId: string };
  const clocks = useClocks();
  const { title, clusterName } = useCampaign(campaignId);
  const path = `/api/campaigns/${encodeURIComponent(campaignId)}/clusters/${encodeURIComponent(clusterId)}`;
  const today = clocks.asOf === undefined && clocks.on === undefined;
  const { mutate } = useSWRConfig();
  const live = useLiveCluster(campaignId, clusterId, today ? currentToken() : null, () => void mutate(withQuery(`${path}/ranking`, clocks)));
  // Polled only where the live stream is not there, and only for today's figures (the past does not move).
  const ranking = useApi<Ranking>(`${path}/ranking`, clocks, { refreshInterval: today && live !== 'live' ? POLL_SECONDS * 1000 : 0 });
  const publications = useApi<Publications>(`${path}/rankings/publications`);
  const published = lastPublication(publications.data?.publications);
  const groupNames = useGroupNames(campaignId, ranking.data?.rows[0]?.unitId, ranking.data?.groupNames);
  const groupIds = Object.keys(ranking.data?.rows[0]?.groups ?? groupNames);
  const base = `/phong-trao/${encodeURIComponent(campaignId)}`;
  const cluster = clusterName(clusterId);
  useEffect(() => rememberId(`cluster:${campaignId}`, clusterId), [campaignId, clusterId]);
  const query = new URLSearchParams(Object.entries(clocks).filter((e): e is [string, string] => e[1] !== undefined)).toString();

  return (
    <>
      <PageTitle
        title={t('ranking.title', { cluster })}
        crumbs={[
          { title: t('nav.home'), to: '/' },
          { title, to: base },
        ]}
        extra={
          <>
            <LinkButton to={`${base}/cum/${encodeURIComponent(clusterId)}/cong-bo`}>{t('ranking.publications')}</LinkButton>
            <LinkButton type="primary" to={`/man-hinh/${encodeURIComponent(campaignId)}/${encodeURIComponent(clusterId)}`}>
              {t('ranking.conference')}
            </LinkButton>
          </>
        }
      >
        <ClockControls />
      </PageTitle>
      <Loadable error={ranking.error} loading={ranking.isLoading} onRetry={() => void ranking.mutate()}>
        {() => (
          <>
            <Card>
              <Table<RankingRow>
                rowKey="unitId"
                pagination={false}
                dataSource={ranking.data!.rows}
                locale={{ emptyText: t('ranking.empty') }}
                scroll={{ x: true }}
                data-testid="ranking-table"
                columns={[
                  { title: t('ranking.rank'), dataIndex: 'rank', key: 'rank', width: 70, align: 'center' },
                  ...(published && today
                    ? [
                        {
                          title: t('ranking.movement'),
                          key: 'movement',
                          width: 90,
                          render: (_: unknown, row: RankingRow) => <Movement change={movementOf(row, published)} />,
                        },
                      ]
                    : []),
                  {
                    title: t('common.unit'),
                    key: 'unit',
                    width: 240,
                    render: (_, row) => (
                      <>
                        <Link to={`${base}/don-vi/${encodeURIComponent(row.unitId)}${query ? `?${query}` : ''}`}>{row.unitName}</Link>
                        {row.carriedFrom && row.carriedFrom.length > 0 && (
                          <Typography.Text type="secondary"> ({t('ranking.carried', { units: row.carriedFrom.join(', ') })})</Typography.Text>
                        )}
                      </>
                    ),
                  },
                  ...groupIds.map((groupId) => ({
                    title: groupNames[groupId] ?? groupId,
                    key: groupId,
                    align: 'right' as const,
                    render: (_: unknown, row: RankingRow) => format.number(row.groups[groupId]),
                  })),
                  { title: t('ranking.bonus'), dataIndex: 'bonus', key: 'bonus', align: 'right', render: (v: number) => format.number(v) },
                  { title: t('ranking.penalty'), dataIndex: 'penalty', key: 'penalty', align: 'right', render: (v: number) => format.number(v) },
                  {
                    title: t('ranking.total'),
                    dataIndex: 'total',
                    key: 'total',
                    align: 'right',
                    render: (v: number, row) => (
                      <>
                        <strong data-testid={`total-${row.unitId}`}>{format.number(v)}</strong>
                        {row.vetoed && (
                          <Tag color="error" style={{ marginInlineStart: 8 }}>
                            {t('ranking.vetoed')}
                          </Tag>
                        )}
                      </>
                    ),
                  },
                ]}
              />
              <AsOfNote asOf={ranking.data!.asOf} />
            </Card>
            {ranking.data!.rows.length > 0 && (
              <Card title={<h2 className="card-title">{t('ranking.chart')}</h2>} style={{ marginTop: 16 }}>
                <GroupChart rows={ranking.data!.rows} groupIds={groupIds} groupNames={groupNames} />
              </Card>
            )}
          </>
        )}
      </Loadable>
    </>
  );
}
