import { Alert, Button, Card, DatePicker, Flex, Input, InputNumber, Select, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { apiPost } from '../api/client';
import { useApi, useCampaign } from '../api/hooks';
import type { Scorecard, ScoreLine } from '../api/types';
import { PageTitle, ProblemAlert } from '../components/common';
import { UnitPicker } from '../components/UnitPicker';
import { useFormat } from '../format';
import { useProblemText } from '../problems';
import { useAccess } from '../session';

interface RowInput {
  points: number | null;
  reason: string;
  evidence: string[];
}

type Outcome = { ok: true; position: number } | { ok: false; error: unknown };

/** 16 random hex digits (crypto.randomUUID needs HTTPS, and intranet screens are often plain HTTP). */
function randomId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** This month in Vietnam (the ledger's business days are Vietnamese days). */
function thisMonth(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
}

/**
 * The monthly self-assessment (tự chấm điểm) of a unit against the campaign's scale, for recorders
 * and emulation officers over it: one entry per criterion given points, each sent to the API, whose
 * refusals (a criterion's maximum, a closed phase, a month outside the campaign …) are shown on
 * their row in the reader's language, the API's own words beside them.
 */
export default function SelfAssessmentPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const problemText = useProblemText();
  const access = useAccess();
  const { campaignId } = useParams() as { campaignId: string };
  const { title } = useCampaign(campaignId);
  const scoped = access.recordScopes.every((scope) => scope !== null);
  const roots = scoped ? (access.recordScopes as string[]) : undefined;
  const [unitId, setUnitId] = useState<string | undefined>(roots?.[0]);
  const [month, setMonth] = useState<string>(thisMonth());
  const [inputs, setInputs] = useState<Record<string, RowInput>>({});
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const [busy, setBusy] = useState(false);
  // One key per attempt of a row: sending twice (a double click, a retry after a lost answer) records once.
  const attempt = useMemo(() => `${unitId}:${month}:${randomId()}`, [unitId, month]);
  const path = unitId ? `/api/campaigns/${encodeURIComponent(campaignId)}/units/${encodeURIComponent(unitId)}` : null;
  const card = useApi<Scorecard>(path ? `${path}/scorecard` : null);
  const criteria = card.data?.criteria ?? [];
  const input = (criterionId: string): RowInput => inputs[criterionId] ?? { points: null, reason: '', evidence: [] };
  const update = (criterionId: string, change: Partial<RowInput>) => setInputs((all) => ({ ...all, [criterionId]: { ...input(criterionId), ...change } }));

  if (access.recordScopes.length === 0)
    return (
      <>
        <PageTitle title={t('entry.title')} />
        <Alert type="warning" showIcon title={t('entry.notAllowed')} />
      </>
    );

  const submit = async () => {
    if (!path) return;
    const filled = criteria.filter((c) => input(c.criterionId!).points !== null);
    if (filled.length === 0) {
      setOutcomes({});
      return;
    }
    setBusy(true);
    const results: Record<string, Outcome> = {};
    for (const criterion of filled) {
      const row = input(criterion.criterionId!);
      try {
        const res = await apiPost<{ position: number }>(
          `${path}/score-entries`,
          {
            kind: 'achievement',
            criterionId: criterion.criterionId,
            points: row.points,
            period: month,
            source: 'self-assessment',
            reason: row.reason.trim() || t('entry.defaultReason', { month: format.month(month) }),
            ...(row.evidence.length > 0 ? { evidence: row.evidence } : {}),
          },
          { idempotencyKey: `${attempt}:${criterion.criterionId}:${row.points}` },
        );
        results[criterion.criterionId!] = { ok: true, position: res.position };
      } catch (error) {
        results[criterion.criterionId!] = { ok: false, error };
      }
    }
    setOutcomes(results);
    const recorded = Object.values(results).filter((r) => r.ok);
    // Recorded rows are cleared; refused ones stay for correcting.
    setInputs((all) => Object.fromEntries(Object.entries(all).filter(([id]) => !results[id]?.ok)));
    if (recorded.length > 0) void card.mutate();
    setBusy(false);
  };

  const recordedCount = Object.values(outcomes).filter((o) => o.ok).length;
  const refusedCount = Object.values(outcomes).length - recordedCount;
  const base = `/phong-trao/${encodeURIComponent(campaignId)}`;

  return (
    <>
      <PageTitle
        title={t('entry.title')}
        crumbs={[
          { title: t('nav.home'), to: '/' },
          { title, to: base },
        ]}
      >
        <p>{t('entry.intro')}</p>
        <Flex gap={16} wrap align="center">
          <Flex gap={8} align="center">
            <label htmlFor="entry-unit">{t('entry.unit')}</label>
            <UnitPicker
              id="entry-unit"
              roots={roots}
              value={unitId}
              onChange={(id) => {
                setUnitId(id || undefined);
                setOutcomes({});
              }}
              placeholder={t('entry.pickUnit')}
            />
          </Flex>
          <Flex gap={8} align="center">
            <label htmlFor="entry-month">{t('entry.month')}</label>
            <DatePicker
              id="entry-month"
              picker="month"
              format="MM/YYYY"
              allowClear={false}
              value={dayjs(`${month}-01`)}
              onChange={(value) => {
                if (value) setMonth(value.format('YYYY-MM'));
                setOutcomes({});
              }}
            />
          </Flex>
        </Flex>
      </PageTitle>
      {recordedCount > 0 && <Alert type="success" showIcon style={{ marginBottom: 16 }} title={t('entry.recorded', { count: recordedCount })} role="status" />}
      {refusedCount > 0 && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={t('entry.someRefused', { count: refusedCount })} />}
      {card.error !== undefined && <ProblemAlert error={card.error} />}
      <Card>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
          aria-label={t('entry.title')}
          data-testid="self-assessment-form"
        >
          <Table<ScoreLine>
            rowKey="criterionId"
            pagination={false}
            loading={card.isLoading}
            dataSource={criteria}
            columns={[
              { title: t('entry.criterion'), dataIndex: 'name', key: 'name', width: '28%' },
              { title: t('entry.max'), dataIndex: 'max', key: 'max', align: 'right', render: (v: number) => format.number(v) },
              { title: t('entry.current'), dataIndex: 'raw', key: 'raw', align: 'right', render: (v: number) => format.number(v) },
              {
                title: t('entry.points'),
                key: 'points',
                render: (_, c) => {
                  const outcome = outcomes[c.criterionId!];
                  const text = outcome && !outcome.ok ? problemText(outcome.error) : null;
                  return (
                    <>
                      <InputNumber
                        aria-label={`${t('entry.points')}: ${c.name}`}
                        value={input(c.criterionId!).points}
                        onChange={(v) => update(c.criterionId!, { points: v === null ? null : Number(v) })}
                        decimalSeparator={format.number(1.5).includes(',') ? ',' : '.'}
                        status={text ? 'error' : undefined}
                        style={{ width: 120 }}
                        data-testid={`points-${c.criterionId}`}
                      />
                      {text && (
                        <div className="row-problem" role="alert" data-testid={`problem-${c.criterionId}`}>
                          {text.message}
                          {text.fields
                            .filter((f) => f.field !== 'points' || text.message === t('problems.invalid-request'))
                            .map((f) => (
                              <div key={f.field}>
                                {f.label}: {f.message}
                              </div>
                            ))}
                          {text.detail && <div className="row-problem-detail">{t('problems.server', { detail: text.detail })}</div>}
                        </div>
                      )}
                      {outcome?.ok && (
                        <Tag color="success" style={{ marginTop: 4 }}>
                          {t('entry.done', { position: outcome.position })}
                        </Tag>
                      )}
                    </>
                  );
                },
              },
              {
                title: t('entry.reason'),
                key: 'reason',
                render: (_, c) => (
                  <Input
                    aria-label={`${t('entry.reason')}: ${c.name}`}
                    value={input(c.criterionId!).reason}
                    placeholder={t('entry.defaultReason', { month: format.month(month) })}
                    onChange={(e) => update(c.criterionId!, { reason: e.target.value })}
                  />
                ),
              },
              {
                title: t('entry.evidence'),
                key: 'evidence',
                render: (_, c) => (
                  <Select
                    mode="tags"
                    aria-label={`${t('entry.evidence')}: ${c.name}`}
                    value={input(c.criterionId!).evidence}
                    onChange={(v: string[]) => update(c.criterionId!, { evidence: v })}
                    style={{ minWidth: 180 }}
                    open={false}
                    suffixIcon={null}
                  />
                ),
              },
            ]}
          />
          <Flex justify="end" style={{ marginTop: 16 }}>
            <Button type="primary" htmlType="submit" loading={busy} disabled={!unitId}>
              {t('entry.submit')}
            </Button>
          </Flex>
        </form>
      </Card>
    </>
  );
}
