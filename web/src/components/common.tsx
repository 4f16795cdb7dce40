import { Alert, Breadcrumb, Button, Flex, Skeleton, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiProblem } from '../api/client';
import type { AsOf } from '../api/types';
import { useFormat } from '../format';
import { useProblemText } from '../problems';

/** A refusal or failure, worded for people, with the fields at fault and the server's own sentence. */
export function ProblemAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const text = useProblemText()(error);
  const forbidden = error instanceof ApiProblem && error.status === 403;
  return (
    <Alert
      role="alert"
      type={forbidden ? 'warning' : 'error'}
      showIcon
      title={forbidden ? t('common.forbidden') : text.message}
      description={
        <Space orientation="vertical" size={2}>
          {text.fields.map((f) => (
            <span key={f.field}>
              <strong>{f.label}</strong>: {f.message}
            </span>
          ))}
          {text.detail && text.detail !== text.message && <Typography.Text type="secondary">{t('problems.server', { detail: text.detail })}</Typography.Text>}
        </Space>
      }
      action={
        onRetry && (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        )
      }
    />
  );
}

/** What a page shows while it loads or when its read failed. */
export function Loadable({ error, loading, onRetry, children }: { error: unknown; loading: boolean; onRetry?: () => void; children: () => ReactNode }) {
  if (error) return <ProblemAlert error={error} onRetry={onRetry} />;
  if (loading) return <Skeleton active paragraph={{ rows: 6 }} />;
  return <>{children()}</>;
}

export interface Crumb {
  title: string;
  to?: string;
}

/** The page's heading (one h1 per page), where it sits in the drill-down, and its actions. */
export function PageTitle({ title, crumbs = [], extra, children }: { title: string; crumbs?: Crumb[]; extra?: ReactNode; children?: ReactNode }) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
  return (
    <header className="page-title">
      {crumbs.length > 0 && (
        <nav aria-label={t('nav.breadcrumb')}>
          <Breadcrumb items={[...crumbs, { title }].map((c) => ({ title: 'to' in c && c.to ? <Link to={c.to}>{c.title}</Link> : c.title }))} />
        </nav>
      )}
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={1} style={{ margin: 0, fontSize: 26 }}>
          {title}
        </Typography.Title>
        {extra && <Space wrap>{extra}</Space>}
      </Flex>
      {children}
    </header>
  );
}

/** Where in the log the figures stand: every read answers its `asOf`. */
export function AsOfNote({ asOf }: { asOf: AsOf | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!asOf) return null;
  return (
    <Typography.Paragraph type="secondary" className="as-of-note">
      {t('common.asOfNote', { position: asOf.position, time: format.dateTime(asOf.recordedAt, true) })}
    </Typography.Paragraph>
  );
}
