import { App, Button, Card, Descriptions, Empty, Flex, Form, Input, Modal, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiGet, apiPost, withQuery } from '../api/client';
import { useApi } from '../api/hooks';
import type { Proposal, AsOf } from '../api/types';
import { AsOfNote, Loadable, PageTitle, ProblemAlert } from '../components/common';
import { useFormat } from '../format';
import { useTerm } from '../labels';
import { useAccess } from '../session';

type Status = 'pending' | 'approved' | 'rejected' | 'all';

interface ProposalList {
  asOf: AsOf;
  proposals: Proposal[];
}

/** Where a decision on a proposal is written: score changes under their unit, phase withdrawals under their campaign. */
function decisionPath(p: Proposal, decision: 'approval' | 'rejection'): string {
  const campaign = `/api/campaigns/${encodeURIComponent(p.campaignId)}`;
  return p.kind === 'score'
    ? `${campaign}/units/${encodeURIComponent(p.unitId)}/proposals/${encodeURIComponent(p.proposalId)}/${decision}`
    : `${campaign}/phase-withdrawal-proposals/${encodeURIComponent(p.proposalId)}/${decision}`;
}

/**
 * Proposals waiting for a second administrator (the two-person rule, docs/rules.md): what each
 * changes, who proposed it; an administrator other than the proposer approves or rejects it here.
 */
export default function ProposalsPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const { message } = App.useApp();
  const [status, setStatus] = useState<Status>('pending');
  const list = useApi<ProposalList>('/api/proposals', { status });
  const [deciding, setDeciding] = useState<{ proposal: Proposal; decision: 'approval' | 'rejection' } | null>(null);

  const decided = async (position: number, text: string) => {
    setDeciding(null);
    void message.success(text);
    // Read again once the read models have the decision (read-your-writes).
    await list.mutate(apiGet<ProposalList>(withQuery('/api/proposals', { status, minPosition: position })), { revalidate: false });
  };

  return (
    <>
      <PageTitle title={t('proposals.title')}>
        <Typography.Paragraph>{t('proposals.intro')}</Typography.Paragraph>
        <Segmented<Status>
          aria-label={t('proposals.status')}
          value={status}
          onChange={setStatus}
          options={(['pending', 'approved', 'rejected', 'all'] as const).map((s) => ({ value: s, label: t(`proposals.${s}`) }))}
        />
      </PageTitle>
      <Loadable error={list.error} loading={list.isLoading} onRetry={() => void list.mutate()}>
        {() =>
          list.data!.proposals.length === 0 ? (
            <Card>
              <Empty description={t('proposals.empty')} />
            </Card>
          ) : (
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              {list.data!.proposals.map((p) => (
                <ProposalCard
                  key={`${p.kind}:${p.proposalId}`}
                  proposal={p}
                  me={access.me.id}
                  isAdministrator={access.isAdministrator}
                  onDecide={(decision) => setDeciding({ proposal: p, decision })}
                />
              ))}
              <AsOfNote asOf={list.data!.asOf} />
            </Space>
          )
        }
      </Loadable>
      {deciding && <DecisionModal {...deciding} onCancel={() => setDeciding(null)} onDone={decided} />}
    </>
  );
}

function ProposalCard({
  proposal: p,
  me,
  isAdministrator,
  onDecide,
}: {
  proposal: Proposal;
  me: string;
  isAdministrator: boolean;
  onDecide: (d: 'approval' | 'rejection') => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const term = useTerm();
  const own = p.proposedBy === me;
  const change =
    p.kind === 'phase-withdrawal'
      ? t('proposals.phaseWithdrawal', { phase: p.phaseId })
      : p.action === 'record'
        ? `${t('proposals.action.record')}: ${term('kinds', String(p.change.kind ?? ''))} ${String(p.change.criterionId ?? '')} ${format.number(Number(p.change.points))} (${format.month(String(p.change.period ?? ''))})`
        : t(`proposals.action.${p.action}`, { entry: String(p.change.entryId ?? ''), points: format.number(Number(p.change.points)) });
  const statusColour = p.status === 'pending' ? 'processing' : p.status === 'approved' ? 'success' : 'default';
  return (
    <Card
      data-testid={`proposal-${p.proposalId}`}
      title={
        <h2 className="card-title">
          {change} <Tag color={statusColour}>{t(`proposals.${p.status}`)}</Tag>
        </h2>
      }
    >
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'id', label: t('common.id'), children: p.proposalId },
          {
            key: 'where',
            label: t('common.unit'),
            children:
              p.kind === 'score' ? (
                <Link to={`/phong-trao/${encodeURIComponent(p.campaignId)}/don-vi/${encodeURIComponent(p.unitId)}/nhat-ky`}>{p.unitId}</Link>
              ) : (
                <Link to={`/phong-trao/${encodeURIComponent(p.campaignId)}`}>{p.campaignId}</Link>
              ),
          },
          { key: 'reason', label: t('common.reason'), children: p.reason },
          {
            key: 'by',
            label: t('proposals.proposedBy'),
            children: `${p.proposedBy}${'proposedAt' in p && p.proposedAt ? ` · ${format.dateTime(p.proposedAt)}` : ''}`,
          },
          ...(p.decidedBy
            ? [{ key: 'decided', label: t('proposals.decidedBy'), children: `${p.decidedBy}${p.decisionNote ? ` · ${p.decisionNote}` : ''}` }]
            : []),
        ]}
      />
      {p.status === 'pending' &&
        (isAdministrator ? (
          own ? (
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
              {t('proposals.own')}
            </Typography.Paragraph>
          ) : (
            <Flex gap={8} style={{ marginTop: 12 }}>
              <Button type="primary" onClick={() => onDecide('approval')}>
                {t('proposals.approve')}
              </Button>
              <Button danger onClick={() => onDecide('rejection')}>
                {t('proposals.reject')}
              </Button>
            </Flex>
          )
        ) : (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            {t('proposals.notAllowed')}
          </Typography.Paragraph>
        ))}
    </Card>
  );
}

function DecisionModal({
  proposal,
  decision,
  onCancel,
  onDone,
}: {
  proposal: Proposal;
  decision: 'approval' | 'rejection';
  onCancel: () => void;
  onDone: (position: number, text: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ text?: string }>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const approving = decision === 'approval';
  const submit = async ({ text }: { text?: string }) => {
    setBusy(true);
    setError(null);
    try {
      const body = approving ? (text ? { note: text } : {}) : { reason: text ?? '' };
      const res = await apiPost<{ position: number }>(decisionPath(proposal, decision), body, {
        idempotencyKey: `${decision}:${proposal.kind}:${proposal.proposalId}`,
      });
      await onDone(res.position, t(approving ? 'proposals.approvedMessage' : 'proposals.rejectedMessage', { id: proposal.proposalId }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t(approving ? 'proposals.approveTitle' : 'proposals.rejectTitle', { id: proposal.proposalId })}
      okText={t(approving ? 'proposals.approve' : 'proposals.reject')}
      okButtonProps={{ danger: !approving, loading: busy }}
      onOk={() => form.submit()}
      onCancel={onCancel}
      destroyOnHidden
    >
      {error !== null && <ProblemAlert error={error} />}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="text"
          label={approving ? t('proposals.note') : t('proposals.rejectReason')}
          rules={approving ? [] : [{ required: true, message: t('signIn.required', { field: t('proposals.rejectReason') }) }]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
