import { Card, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useApi, useCampaign } from '../api/hooks';
import type { Publication, Publications } from '../api/types';
import { AsOfNote, Loadable, PageTitle } from '../components/common';
import { useFormat } from '../format';
import { usePeriodLabel } from '../labels';

/** The rankings published for a cluster (kết quả đã công bố), newest first, each to its comparison with today. */
export default function PublicationsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const periodLabel = usePeriodLabel();
  const { campaignId, clusterId } = useParams() as { campaignId: string; clusterId: string };
  const { title, clusterName } = useCampaign(campaignId);
  const list = useApi<Publications>(`/api/campaigns/${encodeURIComponent(campaignId)}/clusters/${encodeURIComponent(clusterId)}/rankings/publications`);
  const base = `/phong-trao/${encodeURIComponent(campaignId)}`;
  const clusterBase = `${base}/cum/${encodeURIComponent(clusterId)}`;
  const cluster = clusterName(clusterId);
  return (
    <>
      <PageTitle
        title={t('publications.title', { cluster })}
        crumbs={[
          { title: t('nav.home'), to: '/' },
          { title, to: base },
          { title: t('ranking.title', { cluster }), to: clusterBase },
        ]}
      />
      <Card>
        <Loadable error={list.error} loading={list.isLoading} onRetry={() => void list.mutate()}>
          {() => (
            <>
              <Table<Publication>
                rowKey="publicationId"
                pagination={false}
                locale={{ emptyText: t('publications.empty') }}
                dataSource={[...list.data!.publications].reverse()}
                data-testid="publications-table"
                columns={[
                  {
                    title: t('publications.period'),
                    key: 'period',
                    render: (_, p) => (
                      <>
                        {periodLabel(p.period)} {p.final && <Tag color="blue">{t('publications.final')}</Tag>}
                        {p.withdrawal && <Tag color="error">{t('publications.withdrawn')}</Tag>}
                      </>
                    ),
                  },
                  { title: t('publications.publishedAt'), dataIndex: 'publishedAt', key: 'at', render: (v: string) => format.dateTime(v) },
                  { title: t('publications.publishedBy'), dataIndex: 'publishedBy', key: 'by' },
                  { title: t('common.position'), dataIndex: 'reflectsPosition', key: 'position', render: (v: number) => `#${v}` },
                  {
                    title: t('publications.compare'),
                    key: 'compare',
                    render: (_, p) => (
                      <Link
                        to={`${clusterBase}/cong-bo/${encodeURIComponent(p.publicationId)}`}
                        aria-label={`${t('publications.compare')}: ${periodLabel(p.period)}`}
                      >
                        {t('publications.compare')}
                      </Link>
                    ),
                  },
                ]}
              />
              <AsOfNote asOf={list.data!.asOf} />
            </>
          )}
        </Loadable>
      </Card>
    </>
  );
}
