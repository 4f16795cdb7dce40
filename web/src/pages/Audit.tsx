import { Button, Card, Empty, Flex, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import useSWRInfinite from 'swr/infinite';
import { apiGet, withQuery } from '../api/client';
import { useApi, useCampaign, useUnitName } from '../api/hooks';
import type { Audit, AuditEvent, Scorecard } from '../api/types';
import { AsOfNote, Loadable, PageTitle } from '../components/common';
import { LinkButton } from '../components/LinkButton';
import { useFormat } from '../format';
import { useTerm } from '../labels';

const PAGE = 50;

/** The audit trail (nhật ký chấm điểm) as a timeline: who recorded what, when, on what evidence, what it compensates, who approved. */
export default function AuditPage() {
  const { t } = useTranslation();
  const { campaignId, unitId } = useParams() as { campaignId: string; unitId: string };
  const { title } = useCampaign(campaignId);
  const unitName = useUnitName(unitId);
  const path = `/api/campaigns/${encodeURIComponent(campaignId)}/units/${encodeURIComponent(unitId)}`;
  const pages = useSWRInfinite<Audit>(
    (index, previous: Audit | null) =>
      index > 0 && previous?.next === null ? null : withQuery(`${path}/audit`, { limit: PAGE, after: index === 0 ? undefined : previous?.next }),
    (key: string) => apiGet<Audit>(key),
  );
  const card = useApi<Scorecard>(`${path}/scorecard`);
  const criterionNames = Object.fromEntries((card.data?.criteria ?? []).map((c) => [c.criterionId, c.name]));
  const events = (pages.data ?? []).flatMap((p) => p.events);
  const last = pages.data?.[pages.data.length - 1];
  const base = `/phong-trao/${encodeURIComponent(campaignId)}`;
  const unitBase = `${base}/don-vi/${encodeURIComponent(unitId)}`;
  return (
    <>
      <PageTitle
        title={t('audit.title', { unit: unitName })}
        crumbs={[
          { title: t('nav.home'), to: '/' },
          { title, to: base },
          { title: t('scorecard.title', { unit: unitName }), to: unitBase },
        ]}
        extra={<LinkButton to={`${unitBase}/dien-bien`}>{t('scorecard.replay')}</LinkButton>}
      />
      <Card>
        <Loadable error={pages.error} loading={pages.isLoading} onRetry={() => void pages.mutate()}>
          {() =>
            events.length === 0 ? (
              <Empty description={t('audit.empty')} />
            ) : (
              <>
                <Timeline
                  data-testid="audit-timeline"
                  items={events.map((event) => ({
                    key: event.position,
                    color: colourOf(event),
                    content: <AuditItem event={event} criterionNames={criterionNames} />,
                  }))}
                />
                {last?.next !== null && (
                  <Button onClick={() => void pages.setSize(pages.size + 1)} loading={pages.isValidating}>
                    {t('audit.more')}
                  </Button>
                )}
                <AsOfNote asOf={pages.data?.[0]?.asOf} />
              </>
            )
          }
        </Loadable>
      </Card>
    </>
  );
}

function colourOf(event: AuditEvent): string {
  if (event.type === 'ScoreEntryReversed') return 'red';
  if (event.kind === 'penalty' || event.delta < 0) return 'orange';
  if (event.kind === 'bonus') return 'green';
  return 'blue';
}

function AuditItem({ event, criterionNames }: { event: AuditEvent; criterionNames: Record<string, string> }) {
  const { t } = useTranslation();
  const format = useFormat();
  const term = useTerm();
  return (
    <article className="audit-item" data-position={event.position}>
      <Flex gap={8} wrap align="baseline">
        <Typography.Text strong>{term('eventTypes', event.type)}</Typography.Text>
        <Tag>{term('kinds', event.kind)}</Tag>
        <Tag>{term('sources', event.source)}</Tag>
        {event.period && <span>{format.month(event.period)}</span>}
        <span className={event.delta < 0 ? 'delta negative' : 'delta'}>{format.signed(event.delta)}</span>
        <Typography.Text type="secondary">{t('audit.runningTotal', { total: format.number(event.runningTotal) })}</Typography.Text>
      </Flex>
      {event.criterionId && (
        <div>
          {t('audit.criterion')}: {criterionNames[event.criterionId] ?? event.criterionId}
        </div>
      )}
      <div>{event.reason}</div>
      {event.evidence && event.evidence.length > 0 && (
        <Flex gap={4} wrap align="center">
          <Typography.Text type="secondary">{t('common.evidence')}:</Typography.Text>
          {event.evidence.map((e) => (
            <Tag key={e}>{e}</Tag>
          ))}
        </Flex>
      )}
      {event.compensates && <div className="compensates">{t('audit.compensates', { entry: event.compensates })}</div>}
      {event.approval && <div className="approval">{t('audit.approval', event.approval)}</div>}
      <Typography.Text type="secondary" className="audit-meta">
        {format.dateTime(event.recordedAt, true)} · {t('common.actor')}: {event.actor} · {t('audit.entry', { entry: event.entryId })} · #{event.position}
      </Typography.Text>
    </article>
  );
}
