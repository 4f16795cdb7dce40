import { Card, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useList } from '../api/hooks';
import { idOf, type CampaignSummary } from '../api/types';
import { Loadable, PageTitle } from '../components/common';
import { IdForm } from '../components/IdForm';
import { useFormat } from '../format';
import { useTerm } from '../labels';

const campaignPath = (id: string) => `/phong-trao/${encodeURIComponent(id)}`;

/** The campaigns (GET /api/campaigns), newest year first; by id where the server cannot list them. */
export default function Home() {
  const { t } = useTranslation();
  const format = useFormat();
  const term = useTerm();
  const campaigns = useList<CampaignSummary>('/api/campaigns');
  return (
    <>
      <PageTitle title={t('campaigns.title')} />
      <Card>
        {campaigns.missing ? (
          <IdForm kind="campaign" label={t('campaigns.campaignId')} to={campaignPath} />
        ) : (
          <Loadable error={campaigns.error} loading={campaigns.isLoading} onRetry={() => void campaigns.mutate()}>
            {() => (
              <Table
                rowKey={(c) => idOf(c)}
                pagination={false}
                dataSource={[...campaigns.items].sort((a, b) => (b.year ?? 0) - (a.year ?? 0))}
                columns={[
                  {
                    title: t('common.name'),
                    key: 'title',
                    render: (_, c) => <Link to={campaignPath(idOf(c))}>{c.title ?? c.name ?? idOf(c)}</Link>,
                  },
                  { title: t('campaigns.year'), dataIndex: 'year', key: 'year', width: 90 },
                  { title: t('campaigns.organiser'), key: 'organiser', render: (_, c) => c.organiser?.name ?? c.organiser?.unitId ?? '—' },
                  { title: t('campaigns.dates'), key: 'dates', render: (_, c) => `${format.date(c.startsOn)} – ${format.date(c.endsOn)}` },
                  {
                    title: t('common.status'),
                    dataIndex: 'status',
                    key: 'status',
                    render: (s?: string) => (s ? <Tag>{term('campaignStatus', s)}</Tag> : null),
                  },
                ]}
              />
            )}
          </Loadable>
        )}
      </Card>
    </>
  );
}
