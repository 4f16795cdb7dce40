import { Card, Col, Descriptions, List, Row, Space, Tag } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useCampaign, useList } from '../api/hooks';
import { idOf, type ClusterSummary } from '../api/types';
import { PageTitle, ProblemAlert } from '../components/common';
import { IdForm } from '../components/IdForm';
import { LinkButton } from '../components/LinkButton';
import { useFormat } from '../format';
import { useTerm } from '../labels';
import { rememberId } from '../recent';
import { useAccess } from '../session';

/** One campaign: its dates and phases, its clusters (each to its ranking), pledges and the self-assessment form. */
export default function CampaignPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const term = useTerm();
  const access = useAccess();
  const campaignId = useParams().campaignId!;
  const base = `/phong-trao/${encodeURIComponent(campaignId)}`;
  const { campaign, title, error, missing } = useCampaign(campaignId);
  const clusters = useList<ClusterSummary>(`/api/campaigns/${encodeURIComponent(campaignId)}/clusters`);
  useEffect(() => rememberId('campaign', campaignId), [campaignId]);
  const clusterItems = clusters.items.length > 0 ? clusters.items : (campaign?.clusters ?? []);
  const clusterPath = (id: string) => `${base}/cum/${encodeURIComponent(id)}`;
  return (
    <>
      <PageTitle
        title={title}
        crumbs={[{ title: t('nav.home'), to: '/' }]}
        extra={
          <>
            {access.readsDetails && <LinkButton to={`${base}/giao-uoc`}>{t('campaigns.pledges')}</LinkButton>}
            {access.recordScopes.length > 0 && (
              <LinkButton type="primary" to={`${base}/tu-cham`}>
                {t('campaigns.selfAssessment')}
              </LinkButton>
            )}
          </>
        }
      />
      {error !== undefined && !missing && <ProblemAlert error={error} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card title={t('campaigns.dates')}>
            <Descriptions
              column={1}
              items={[
                { key: 'id', label: t('campaigns.campaignId'), children: campaignId },
                ...(campaign
                  ? [
                      { key: 'dates', label: t('campaigns.dates'), children: `${format.date(campaign.startsOn)} – ${format.date(campaign.endsOn)}` },
                      {
                        key: 'organiser',
                        label: t('campaigns.organiser'),
                        children: campaign.organiser?.name ?? campaign.organiser?.unitId ?? campaign.organizerUnitId ?? '—',
                      },
                      ...(campaign.status ? [{ key: 'status', label: t('common.status'), children: term('campaignStatus', campaign.status) }] : []),
                    ]
                  : []),
              ]}
            />
            {campaign?.phases && campaign.phases.length > 0 && (
              <>
                <h2 className="section-title">{t('campaigns.phases')}</h2>
                <List
                  dataSource={campaign.phases}
                  renderItem={(p) => (
                    <List.Item>
                      <Space wrap>
                        <strong>{p.name}</strong>
                        <span>
                          {format.date(p.startsOn)} – {format.date(p.endsOn)}
                        </span>
                        {p.status && <Tag>{term('phaseStatus', p.status)}</Tag>}
                      </Space>
                    </List.Item>
                  )}
                />
              </>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title={t('campaigns.clusters')}>
            {clusters.error !== undefined && <ProblemAlert error={clusters.error} />}
            {clusterItems.length > 0 ? (
              <List
                dataSource={clusterItems}
                renderItem={(c) => (
                  <List.Item
                    actions={[
                      <Link key="ranking" to={clusterPath(idOf(c))}>
                        {t('campaigns.openCluster')}
                      </Link>,
                      <Link key="screen" to={`/man-hinh/${encodeURIComponent(campaignId)}/${encodeURIComponent(idOf(c))}`}>
                        {t('ranking.conference')}
                      </Link>,
                    ]}
                  >
                    <List.Item.Meta
                      title={c.name ?? idOf(c)}
                      description={
                        [
                          c.head ? t('campaigns.head', { unit: c.head.name ?? c.head.unitId }) : null,
                          c.memberCount !== undefined ? t('campaigns.members', { count: c.memberCount }) : null,
                        ]
                          .filter(Boolean)
                          .join(' · ') || idOf(c)
                      }
                    />
                  </List.Item>
                )}
              />
            ) : (
              (clusters.missing || !clusters.isLoading) && (
                <IdForm kind={`cluster:${campaignId}`} label={t('campaigns.clusterId')} to={clusterPath} note={clusters.missing} />
              )
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
