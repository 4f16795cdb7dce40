import { Alert, Card, Empty, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useApi, useCampaign, useUnitName } from '../api/hooks';
import type { Replay, Scorecard } from '../api/types';
import { ClockControls, useClocks } from '../components/ClockControls';
import { AsOfNote, Loadable, PageTitle } from '../components/common';
import { LinkButton } from '../components/LinkButton';
import { useFormat } from '../format';
import { useTerm } from '../labels';

interface Step {
  key: number;
  step: number;
  position: number;
  recordedAt: string;
  entryId: string;
  type: string;
  kind: string;
  period: string | null;
  delta: number;
  total: number;
  counted: boolean;
}

/**
 * The replay (diễn biến): the scorecard's fold step by step as recorded up to `asOf`, charted; with
 * `on`, the steps of later months are marked as not counted, and the total on that date is the
 * scorecard's own (both clocks together).
 */
export default function ReplayPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const term = useTerm();
  const { campaignId, unitId } = useParams() as { campaignId: string; unitId: string };
  const clocks = useClocks();
  const { title } = useCampaign(campaignId);
  const unitName = useUnitName(unitId);
  const path = `/api/campaigns/${encodeURIComponent(campaignId)}/units/${encodeURIComponent(unitId)}`;
  const replay = useApi<Replay>(`${path}/replay`, { asOf: clocks.asOf });
  const onDate = useApi<Scorecard>(clocks.on ? `${path}/scorecard` : null, clocks);
  const onMonth = clocks.on?.slice(0, 7);
  const steps: Step[] = (replay.data?.steps ?? []).map((s, i) => ({
    key: s.event.position,
    step: i + 1,
    position: s.event.position,
    recordedAt: s.event.recordedAt,
    entryId: s.event.entryId,
    type: s.event.type,
    kind: s.event.kind,
    period: s.event.period,
    delta: s.event.delta,
    total: s.scorecard.total,
    counted: onMonth === undefined || s.event.period === null || s.event.period <= onMonth,
  }));
  const base = `/phong-trao/${encodeURIComponent(campaignId)}`;
  const unitBase = `${base}/don-vi/${encodeURIComponent(unitId)}`;
  return (
    <>
      <PageTitle
        title={t('replay.title', { unit: unitName })}
        crumbs={[
          { title: t('nav.home'), to: '/' },
          { title, to: base },
          { title: t('scorecard.title', { unit: unitName }), to: unitBase },
        ]}
        extra={<LinkButton to={`${unitBase}/nhat-ky`}>{t('scorecard.audit')}</LinkButton>}
      >
        <ClockControls />
      </PageTitle>
      <Loadable error={replay.error} loading={replay.isLoading} onRetry={() => void replay.mutate()}>
        {() =>
          steps.length === 0 ? (
            <Card>
              <Empty description={t('replay.empty')} />
            </Card>
          ) : (
            <>
              {clocks.on && onDate.data && (
                <Alert
                  type="info"
                  showIcon
                  style={{ marginBottom: 16 }}
                  data-testid="replay-on-date"
                  title={t('replay.onDate', { date: format.date(clocks.on), total: format.number(onDate.data.total) })}
                />
              )}
              <Card title={<h2 className="card-title">{t('replay.chart')}</h2>}>
                <div
                  role="img"
                  aria-label={`${t('replay.chart')}: ${steps.map((s) => format.number(s.total)).join(', ')}`}
                  style={{ width: '100%', height: 300 }}
                >
                  <ResponsiveContainer>
                    <LineChart data={steps} margin={{ top: 8, right: 16, left: 8, bottom: 8 }}>
                      <CartesianGrid strokeDasharray="3 3" />
                      <XAxis dataKey="step" tick={{ fill: '#262626' }} />
                      <YAxis tickFormatter={(v: number) => format.number(v, 0)} tick={{ fill: '#262626' }} />
                      <Tooltip
                        formatter={(value) => format.number(Number(value))}
                        labelFormatter={(step) => {
                          const s = steps[Number(step) - 1];
                          return s ? `${t('replay.step')} ${s.step} · ${format.dateTime(s.recordedAt, true)} · #${s.position}` : String(step);
                        }}
                      />
                      <Line
                        type="stepAfter"
                        dataKey="total"
                        name={t('replay.totalAfter')}
                        stroke="#0050b3"
                        strokeWidth={2}
                        dot={false}
                        isAnimationActive={false}
                      />
                    </LineChart>
                  </ResponsiveContainer>
                </div>
              </Card>
              <Card style={{ marginTop: 16 }}>
                <Table<Step>
                  dataSource={steps}
                  size="small"
                  pagination={{ pageSize: 25, showSizeChanger: false }}
                  rowClassName={(s) => (s.counted ? '' : 'not-counted')}
                  data-testid="replay-table"
                  columns={[
                    { title: t('replay.step'), dataIndex: 'step', key: 'step', width: 70 },
                    { title: t('common.recordedAt'), dataIndex: 'recordedAt', key: 'at', render: (v: string) => format.dateTime(v, true) },
                    { title: t('common.position'), dataIndex: 'position', key: 'position', render: (v: number) => `#${v}` },
                    {
                      title: t('common.period'),
                      dataIndex: 'period',
                      key: 'period',
                      render: (v: string | null, s) => (
                        <>
                          {format.month(v)}
                          {!s.counted && <span className="visually-hidden"> ({t('replay.notCounted')})</span>}
                        </>
                      ),
                    },
                    { title: t('common.id'), key: 'entry', render: (_, s) => `${term('eventTypes', s.type)} · ${term('kinds', s.kind)} · ${s.entryId}` },
                    { title: t('replay.delta'), dataIndex: 'delta', key: 'delta', align: 'right', render: (v: number) => format.signed(v) },
                    {
                      title: t('replay.totalAfter'),
                      dataIndex: 'total',
                      key: 'total',
                      align: 'right',
                      render: (v: number) => <strong>{format.number(v)}</strong>,
                    },
                  ]}
                />
                <AsOfNote asOf={replay.data?.asOf} />
              </Card>
            </>
          )
        }
      </Loadable>
    </>
  );
}
