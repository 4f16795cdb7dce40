import { Button, Card, Checkbox, Descriptions, Drawer, Empty, Flex, InputNumber, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useApi, useList } from '../api/hooks';
import type { Commendation, Register, RegisterRow } from '../api/types';
import { AsOfNote, Loadable, PageTitle, ProblemAlert } from '../components/common';
import { UnitPicker } from '../components/UnitPicker';
import { useFormat } from '../format';
import { useTerm } from '../labels';
import { useAccess } from '../session';

const GROUPS = ['form', 'authority', 'recipientKind'] as const;
type Group = (typeof GROUPS)[number];

/**
 * The commendation register (sổ khen thưởng): a unit subtree's year by form, authority and
 * collective/individual, each count one click from the decisions behind it. The filters live in the
 * address, so a table can be sent as a link.
 */
export default function RegisterPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const term = useTerm();
  const access = useAccess();
  const [params, setParams] = useSearchParams();
  const unitId = params.get('unitId') ?? undefined;
  const year = Number(params.get('year') ?? new Date().getFullYear());
  const includeSubunits = params.get('includeSubunits') !== 'false';
  const withRevoked = params.get('status') === 'all';
  const groupBy = (params.get('groupBy')?.split(',') ?? [...GROUPS]).filter((g): g is Group => (GROUPS as readonly string[]).includes(g));
  const [opened, setOpened] = useState<RegisterRow | null>(null);
  const set = (changes: Record<string, string | null>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null) next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );
  const register = useApi<Register>(unitId ? '/api/commendations/register' : null, {
    unitId,
    includeSubunits,
    year,
    groupBy: groupBy.join(','),
    ...(withRevoked ? { status: 'all' } : {}),
  });
  const label = (row: RegisterRow, group: Group) => term(group === 'form' ? 'forms' : group === 'authority' ? 'authorities' : 'recipientKinds', row[group]);

  return (
    <>
      <PageTitle title={t('register.title')}>
        <Flex gap={16} wrap align="center" className="filters">
          <Flex gap={8} align="center">
            <label htmlFor="register-unit">{t('register.unit')}</label>
            <UnitPicker id="register-unit" value={unitId} onChange={(id) => set({ unitId: id || null })} placeholder={t('register.pickUnit')} />
          </Flex>
          <Flex gap={8} align="center">
            <label htmlFor="register-year">{t('register.year')}</label>
            <InputNumber id="register-year" min={1945} max={9999} value={year} onChange={(v) => v && set({ year: String(v) })} />
          </Flex>
          <Flex gap={8} align="center">
            <Switch id="register-subunits" checked={includeSubunits} onChange={(v) => set({ includeSubunits: v ? null : 'false' })} />
            <label htmlFor="register-subunits">{t('register.includeSubunits')}</label>
          </Flex>
          <Flex gap={8} align="center">
            <Switch id="register-revoked" checked={withRevoked} onChange={(v) => set({ status: v ? 'all' : null })} />
            <label htmlFor="register-revoked">{t('register.includeRevoked')}</label>
          </Flex>
          <fieldset className="inline-fieldset">
            <legend>{t('register.groupBy')}</legend>
            <Checkbox.Group
              value={groupBy}
              onChange={(v) => set({ groupBy: (v as string[]).length > 0 ? GROUPS.filter((g) => (v as string[]).includes(g)).join(',') : null })}
              options={GROUPS.map((g) => ({ value: g, label: t(`register.${g}`) }))}
            />
          </fieldset>
        </Flex>
      </PageTitle>
      <Card>
        {!unitId ? (
          <Empty description={t('register.pickUnit')} />
        ) : (
          <Loadable error={register.error} loading={register.isLoading} onRetry={() => void register.mutate()}>
            {() => (
              <>
                <Table<RegisterRow>
                  rowKey={(row) => groupBy.map((g) => row[g]).join('/') || 'all'}
                  pagination={false}
                  dataSource={register.data!.rows}
                  locale={{ emptyText: t('register.empty') }}
                  data-testid="register-table"
                  columns={[
                    ...groupBy.map((group) => ({ title: t(`register.${group}`), key: group, render: (_: unknown, row: RegisterRow) => label(row, group) })),
                    {
                      title: t('register.count'),
                      dataIndex: 'count',
                      key: 'count',
                      align: 'right' as const,
                      render: (count: number, row: RegisterRow) =>
                        access.readsDetails ? (
                          <Button type="link" onClick={() => setOpened(row)}>
                            {format.number(count, 0)}
                            <span className="visually-hidden">
                              {' '}
                              {t('register.decisions')}: {groupBy.map((g) => label(row, g)).join(', ')}
                            </span>
                          </Button>
                        ) : (
                          format.number(count, 0)
                        ),
                    },
                    { title: t('register.amount'), dataIndex: 'amountVnd', key: 'amount', align: 'right' as const, render: (v: number) => format.money(v) },
                  ]}
                  summary={() => (
                    <Table.Summary.Row>
                      <Table.Summary.Cell index={0} colSpan={Math.max(groupBy.length, 1)}>
                        <strong>{t('common.total')}</strong>
                      </Table.Summary.Cell>
                      <Table.Summary.Cell index={1} align="right">
                        <strong>{format.number(register.data!.total.count, 0)}</strong>
                      </Table.Summary.Cell>
                      <Table.Summary.Cell index={2} align="right">
                        <strong>{format.money(register.data!.total.amountVnd)}</strong>
                      </Table.Summary.Cell>
                    </Table.Summary.Row>
                  )}
                />
                <AsOfNote asOf={register.data!.asOf} />
              </>
            )}
          </Loadable>
        )}
      </Card>
      <Drawer
        open={opened !== null}
        onClose={() => setOpened(null)}
        size="large"
        title={opened ? `${t('register.decisions')}: ${groupBy.map((g) => label(opened, g)).join(' · ')}` : ''}
        destroyOnHidden
      >
        {opened && unitId && <Decisions row={opened} unitId={unitId} year={year} includeSubunits={includeSubunits} withRevoked={withRevoked} />}
      </Drawer>
    </>
  );
}

/** The decisions behind one count (GET /api/commendations with the same filters); by id where the server cannot list them. */
function Decisions({
  row,
  unitId,
  year,
  includeSubunits,
  withRevoked,
}: {
  row: RegisterRow;
  unitId: string;
  year: number;
  includeSubunits: boolean;
  withRevoked: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const term = useTerm();
  const [openedId, setOpenedId] = useState<string | null>(null);
  const list = useList<Commendation>('/api/commendations', {
    unitId,
    includeSubunits,
    year,
    form: row.form,
    authority: row.authority,
    ...(withRevoked ? {} : { status: 'active' }),
  });
  const items = list.items.filter((c) => row.recipientKind === undefined || c.recipient.kind === row.recipientKind);
  if (list.missing)
    return (
      <>
        <Typography.Paragraph type="secondary">{t('common.missingEndpoint')}</Typography.Paragraph>
        <OpenDecision />
      </>
    );
  return (
    <Loadable error={list.error} loading={list.isLoading}>
      {() => (
        <Table<Commendation>
          rowKey="commendationId"
          size="small"
          pagination={false}
          dataSource={items}
          data-testid="decisions-table"
          expandable={{
            expandedRowKeys: openedId ? [openedId] : [],
            onExpand: (expanded, c) => setOpenedId(expanded ? c.commendationId : null),
            expandedRowRender: (c) => <DecisionDetail id={c.commendationId} recipientName={c.recipient.name ?? c.recipientName} />,
          }}
          columns={[
            { title: t('register.decisionNo'), dataIndex: 'decisionNo', key: 'no' },
            { title: t('register.decidedOn'), dataIndex: 'decidedOn', key: 'on', render: (v: string) => format.date(v) },
            { title: t('register.recipient'), key: 'recipient', render: (_, c) => c.recipientName ?? c.recipient.name ?? c.recipient.id },
            { title: t('register.form'), key: 'form', render: (_, c) => term('forms', c.form) },
            { title: t('register.amount'), dataIndex: 'amountVnd', key: 'amount', align: 'right', render: (v: number | null) => format.money(v) },
            { title: t('common.status'), dataIndex: 'status', key: 'status', render: (v: string) => <Tag>{term('commendationStatus', v)}</Tag> },
          ]}
        />
      )}
    </Loadable>
  );
}

function OpenDecision() {
  const { t } = useTranslation();
  const [id, setId] = useState('');
  const [shown, setShown] = useState<string | null>(null);
  return (
    <>
      <Flex gap={8} align="center">
        <label htmlFor="decision-id">{t('register.openDecision')}</label>
        <input id="decision-id" className="plain-input" value={id} onChange={(e) => setId(e.target.value)} />
        <Button onClick={() => setShown(id.trim() || null)}>{t('common.open')}</Button>
      </Flex>
      {shown && <DecisionDetail id={shown} />}
    </>
  );
}

/** One decision (GET /api/commendations/:id): what it is, to whom, whether it still stands. */
function DecisionDetail({ id, recipientName }: { id: string; recipientName?: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const term = useTerm();
  const decision = useApi<Commendation>(`/api/commendations/${encodeURIComponent(id)}`);
  if (decision.error) return <ProblemAlert error={decision.error} />;
  const c = decision.data;
  if (!c) return null;
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      title={t('register.decision', { decisionNo: c.decisionNo })}
      items={[
        { key: 'no', label: t('register.decisionNo'), children: c.decisionNo },
        { key: 'on', label: t('register.decidedOn'), children: format.date(c.decidedOn) },
        { key: 'form', label: t('register.form'), children: term('forms', c.form) },
        { key: 'authority', label: t('register.authority'), children: term('authorities', c.authority) },
        {
          key: 'recipient',
          label: t('register.recipient'),
          children: `${term('recipientKinds', c.recipient.kind)}: ${recipientName ?? c.recipient.name ?? c.recipient.id}`,
        },
        { key: 'amount', label: t('register.amount'), children: format.money(c.amountVnd) },
        { key: 'status', label: t('common.status'), children: term('commendationStatus', c.status) },
        ...(c.revocation
          ? [{ key: 'revocation', label: t('commendationStatus.revoked'), children: t('register.revocation', { reason: c.revocation.reason ?? '' }) }]
          : []),
      ]}
    />
  );
}
