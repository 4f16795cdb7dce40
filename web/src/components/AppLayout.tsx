import { Button, Flex, Layout, Menu, Segmented, Space, Tooltip, Typography } from 'antd';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import type { Language } from '../i18n';
import { useAccess, useSession } from '../session';
import { Loadable } from './common';

export function LanguageSwitch({ dark = false }: { dark?: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <Segmented
      aria-label={t('nav.language')}
      size="small"
      className={dark ? 'language-switch dark' : 'language-switch'}
      value={i18n.language as Language}
      options={[
        { label: <span lang="vi">VI</span>, value: 'vi', title: 'Tiếng Việt' },
        { label: <span lang="en">EN</span>, value: 'en', title: 'English' },
      ]}
      onChange={(value) => void i18n.changeLanguage(value)}
    />
  );
}

/** The frame of every signed-in page: what the account may open, who it is, its language. */
export function AppLayout() {
  const { t } = useTranslation();
  const access = useAccess();
  const { signOut } = useSession();
  const location = useLocation();
  const items = [
    { key: '/', label: <Link to="/">{t('nav.home')}</Link> },
    { key: '/so-khen-thuong', label: <Link to="/so-khen-thuong">{t('nav.register')}</Link> },
    ...(access.readsDetails ? [{ key: '/de-xuat', label: <Link to="/de-xuat">{t('nav.proposals')}</Link> }] : []),
  ];
  const selected = items
    .map((i) => i.key)
    .filter((key) => (key === '/' ? location.pathname === '/' || location.pathname.startsWith('/phong-trao') : location.pathname.startsWith(key)));
  const roles = access.me.roles.map((grant) => `${t(`roles.${grant.role}`)}${grant.scope ? ` (${grant.scope})` : ''}`).join(', ');
  return (
    <Layout className="app">
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <Layout.Header className="app-header">
        <Flex align="center" gap={24} style={{ width: '100%' }}>
          <Link to="/" className="brand">
            <img src="/favicon.svg" alt="" width={28} height={28} />
            <span>{t('app.name')}</span>
          </Link>
          <nav aria-label={t('nav.menu')} style={{ flex: 1, minWidth: 0 }}>
            <Menu theme="dark" mode="horizontal" selectedKeys={selected} items={items} disabledOverflow />
          </nav>
          <Space size="middle">
            <LanguageSwitch dark />
            <Tooltip title={roles}>
              <Typography.Text className="who" data-testid="signed-in-as">
                {access.me.displayName}
              </Typography.Text>
            </Tooltip>
            <Button size="small" onClick={signOut}>
              {t('nav.signOut')}
            </Button>
          </Space>
        </Flex>
      </Layout.Header>
      {/* Ant Design's content is the page's <main>. */}
      <Layout.Content id="main" className="page" tabIndex={-1}>
        <Suspense fallback={<Loadable error={null} loading children={() => null} />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}
