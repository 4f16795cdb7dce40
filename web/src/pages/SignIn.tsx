import { Button, Card, Flex, Form, Input, Tabs, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router';
import { LanguageSwitch } from '../components/AppLayout';
import { ProblemAlert } from '../components/common';
import { useSession } from '../session';

/** Only a path of this app: a sign-in link must not send anyone elsewhere. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export default function SignIn() {
  const { t } = useTranslation();
  const session = useSession();
  const [params] = useSearchParams();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    document.title = `${t('signIn.title')} · ${t('app.name')}`;
  }, [t]);
  if (session.access) return <Navigate to={safeNext(params.get('next'))} replace />;

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const required = (field: string) => [{ required: true, message: t('signIn.required', { field }) }];

  return (
    <main id="main" className="sign-in">
      <Card style={{ width: 440, maxWidth: '100%' }}>
        <Flex justify="space-between" align="center">
          <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
            {t('signIn.title')}
          </Typography.Title>
          <LanguageSwitch />
        </Flex>
        <Typography.Paragraph>{t('app.subtitle')}</Typography.Paragraph>
        <Typography.Paragraph type="secondary">{t('signIn.intro')}</Typography.Paragraph>
        {session.expired && <Typography.Paragraph type="warning">{t('signIn.expired')}</Typography.Paragraph>}
        {error !== null && <ProblemAlert error={error} />}
        <Tabs
          items={[
            {
              key: 'password',
              label: t('signIn.withPassword'),
              children: (
                <Form
                  layout="vertical"
                  onFinish={(v: { accountId: string; password: string }) => run(() => session.signInWithPassword(v.accountId.trim(), v.password))}
                >
                  <Form.Item name="accountId" label={t('signIn.accountId')} rules={required(t('signIn.accountId'))}>
                    <Input autoComplete="username" autoFocus />
                  </Form.Item>
                  <Form.Item name="password" label={t('signIn.password')} rules={required(t('signIn.password'))}>
                    <Input.Password autoComplete="current-password" />
                  </Form.Item>
                  <Button type="primary" htmlType="submit" loading={busy} block>
                    {t('signIn.submit')}
                  </Button>
                </Form>
              ),
            },
            {
              key: 'token',
              label: t('signIn.withToken'),
              children: (
                <Form layout="vertical" onFinish={(v: { token: string }) => run(() => session.signInWithToken(v.token.trim()))}>
                  <Form.Item name="token" label={t('signIn.token')} rules={required(t('signIn.token'))} extra={t('signIn.tokenHelp')}>
                    <Input.Password autoComplete="off" />
                  </Form.Item>
                  <Button type="primary" htmlType="submit" loading={busy} block>
                    {t('signIn.submit')}
                  </Button>
                </Form>
              ),
            },
          ]}
        />
      </Card>
    </main>
  );
}
