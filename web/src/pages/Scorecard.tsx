import { Alert, Card, Col, Row, Statistic, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useApi, useCampaign, useUnitName } from '../api/hooks';
import type { Scorecard, ScoreLine } from '../api/types';
import { ClockControls, useClocks } from '../components/ClockControls';
import { AsOfNote, Loadable, PageTitle } from '../components/common';
import { LinkButton } from '../components/LinkButton';
import { useFormat } from '../format';
import { useAccess } from '../session';

interface Line extends ScoreLine {
  key: string;
  children?: Line[];
}

/** A unit's scorecard (bảng điểm): each group with its criteria, raw and capped, the bonus with its cap, penalty and veto. */
export default function ScorecardPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const access = useAccess();
  const { campaignId, unitId } = useParams() as { campaignId: string; unitId: string };
  const clocks = useClocks();
  const { title } = useCampaign(campaignId);
  const unitName = useUnitName(unitId);
  const card = useApi<Scorecard>(`/api/campaigns/${encodeURIComponent(campaignId)}/units/${encodeURIComponent(unitId)}/scorecard`, clocks);
  const base = `/phong-trao/${encodeURIComponent(campaignId)}`;
  const unitBase = `${base}/don-vi/${encodeURIComponent(unitId)}`;
  const lines = (data: Scorecard): Line[] =>
    data.groups.map((group) => ({
      ...group,
      key: group.groupId,
      children: data.criteria.filter((c) => c.groupId === group.groupId).map((c) => ({ ...c, key: `${group.groupId}/${c.criterionId}` })),
    }));
  const search = new URLSearchParams(Object.entries(clocks).filter((e): e is [string, string] => e[1] !== undefined)).toString();
  return (
    <>
      <PageTitle
        title={t('scorecard.title', { unit: unitName })}
        crumbs={[
          { title: t('nav.home'), to: '/' },
          { title, to: base },
        ]}
        extra={
          access.readsDetails && (
            <>
              <LinkButton to={`${unitBase}/nhat-ky`}>{t('scorecard.audit')}</LinkButton>
              <LinkButton to={`${unitBase}/dien-bien${search ? `?${search}` : ''}`}>{t('scorecard.replay')}</LinkButton>
            </>
          )
        }
      >
        <ClockControls />
      </PageTitle>
      <Loadable error={card.error} loading={card.isLoading} onRetry={() => void card.mutate()}>
        {() => {
          const data = card.data!;
          return (
            <>
              {data.veto && (
                <Alert
                  type="error"
                  showIcon
                  style={{ marginBottom: 16 }}
                  title={t('scorecard.veto', { reason: data.veto.reason, decisionNo: data.veto.decisionNo, decidedOn: format.date(data.veto.decidedOn) })}
                />
              )}
              {data.carriedFrom && data.carriedFrom.length > 0 && (
                <Alert
                  type="info"
                  style={{ marginBottom: 16 }}
                  title={t('scorecard.carriedFrom', { units: data.carriedFrom.map((c) => c.unitId).join(', ') })}
                />
              )}
              {data.mergedInto && (
                <Alert
                  type="info"
                  style={{ marginBottom: 16 }}
                  title={t('scorecard.mergedInto', { unit: data.mergedInto.unitId, date: format.date(data.mergedInto.effectiveOn) })}
                />
              )}
              <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
                <Col xs={24} md={8}>
                  <Card>
                    <Statistic title={t('scorecard.total')} value={format.number(data.total)} valueStyle={{ fontWeight: 700 }} />
                  </Card>
                </Col>
                <Col xs={24} md={8}>
                  <Card>
                    <Statistic
                      title={t('scorecard.bonus', {
                        counted: format.number(data.bonus.counted),
                        cap: format.number(data.bonus.cap),
                        raw: format.number(data.bonus.raw),
                      })}
                      value={format.number(data.bonus.counted)}
                    />
                  </Card>
                </Col>
                <Col xs={24} md={8}>
                  <Card>
                    <Statistic title={t('scorecard.penalty')} value={format.number(data.penalty)} />
                  </Card>
                </Col>
              </Row>
              <Card>
                <Table<Line>
                  dataSource={lines(data)}
                  pagination={false}
                  expandable={{ defaultExpandAllRows: true }}
                  data-testid="scorecard-table"
                  columns={[
                    { title: t('scorecard.group'), key: 'name', render: (_, line) => (line.children ? <strong>{line.name}</strong> : line.name) },
                    { title: t('scorecard.max'), dataIndex: 'max', key: 'max', align: 'right', render: (v: number) => format.number(v) },
                    { title: t('scorecard.raw'), dataIndex: 'raw', key: 'raw', align: 'right', render: (v: number) => format.number(v) },
                    {
                      title: t('scorecard.capped'),
                      dataIndex: 'capped',
                      key: 'capped',
                      align: 'right',
                      render: (v: number, line) =>
                        line.raw > line.capped ? <mark title={format.number(line.raw)}>{format.number(v)}</mark> : format.number(v),
                    },
                  ]}
                />
                <AsOfNote asOf={data.asOf} />
              </Card>
            </>
          );
        }}
      </Loadable>
    </>
  );
}
