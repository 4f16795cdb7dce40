import { Card, Empty, Flex, Progress, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useApi, useCampaign, useUnitName } from '../api/hooks';
import type { PledgeProgress, PledgeRow } from '../api/types';
import { AsOfNote, Loadable, PageTitle } from '../components/common';
import { useFormat } from '../format';

/** Pledges (giao ước thi đua): each unit's targets with the progress its reports (or its points) show. */
export default function PledgesPage() {
  const { t } = useTranslation();
  const { campaignId } = useParams() as { campaignId: string };
  const { title } = useCampaign(campaignId);
  const progress = useApi<PledgeProgress>(`/api/campaigns/${encodeURIComponent(campaignId)}/pledges/progress`);
  const pledges = new Map<string, PledgeRow[]>();
  for (const row of progress.data?.rows ?? []) pledges.set(row.pledgeId, [...(pledges.get(row.pledgeId) ?? []), row]);
  return (
    <>
      <PageTitle
        title={t('pledges.title')}
        crumbs={[
          { title: t('nav.home'), to: '/' },
          { title, to: `/phong-trao/${encodeURIComponent(campaignId)}` },
        ]}
      />
      <Loadable error={progress.error} loading={progress.isLoading} onRetry={() => void progress.mutate()}>
        {() =>
          pledges.size === 0 ? (
            <Card>
              <Empty description={t('pledges.empty')} />
            </Card>
          ) : (
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              {[...pledges.entries()].map(([pledgeId, rows]) => (
                <Pledge key={pledgeId} pledgeId={pledgeId} rows={rows} />
              ))}
              <AsOfNote asOf={progress.data!.asOf} />
            </Space>
          )
        }
      </Loadable>
    </>
  );
}

function Pledge({ pledgeId, rows }: { pledgeId: string; rows: PledgeRow[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const unitName = useUnitName(rows[0].unitId);
  const signatory = rows[0].signatory;
  return (
    <Card
      title={
        <h2 className="card-title">
          {unitName}
          {signatory.kind === 'officer' && <Typography.Text type="secondary"> · {signatory.id}</Typography.Text>}
        </h2>
      }
      extra={<Typography.Text type="secondary">{pledgeId}</Typography.Text>}
      data-testid={`pledge-${pledgeId}`}
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {rows.map((row) => {
          const unit = row.unit ? ` ${row.unit}` : '';
          const basis =
            row.basis === 'points'
              ? t('pledges.basisPoints')
              : row.period
                ? t('pledges.reported', { period: format.month(row.period) })
                : t('pledges.noReport');
          const label = `${row.description ?? row.criterionId}: ${t('pledges.progress')} ${format.percent(row.percent)}`;
          return (
            <div key={row.criterionId} className="pledge-target">
              <Flex justify="space-between" wrap gap={8}>
                <strong>{row.description ?? row.criterionId}</strong>
                <Tag color={row.met ? 'success' : 'default'}>{row.met ? t('pledges.met') : t('pledges.notMet')}</Tag>
              </Flex>
              <Flex gap={16} wrap>
                <span>
                  {t('pledges.target')}: {format.number(row.target)}
                  {unit}
                </span>
                <span>
                  {t('pledges.actual')}: {row.actual === null ? '—' : `${format.number(row.actual)}${unit}`}
                </span>
                <Typography.Text type="secondary">{basis}</Typography.Text>
              </Flex>
              <Progress
                percent={Math.min(100, row.percent ?? 0)}
                status={row.met ? 'success' : 'normal'}
                format={() => format.percent(row.percent)}
                aria-label={label}
                strokeColor={row.met ? '#237804' : '#0050b3'}
              />
            </div>
          );
        })}
      </Space>
    </Card>
  );
}
