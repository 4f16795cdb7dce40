import './i18n';
import './styles.css';
import { App as AntApp, ConfigProvider, Spin, type ThemeConfig } from 'antd';
import enGB from 'antd/locale/en_GB';
import viVN from 'antd/locale/vi_VN';
import dayjs from 'dayjs';
import 'dayjs/locale/en-gb';
import 'dayjs/locale/vi';
import { lazy, StrictMode, Suspense, useEffect, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { SWRConfig } from 'swr';
import { AppLayout } from './components/AppLayout';
import { SessionProvider, useSession } from './session';

const SignIn = lazy(() => import('./pages/SignIn'));
const Home = lazy(() => import('./pages/Home'));
const CampaignPage = lazy(() => import('./pages/Campaign'));
const RankingPage = lazy(() => import('./pages/Ranking'));
const ScorecardPage = lazy(() => import('./pages/Scorecard'));
const AuditPage = lazy(() => import('./pages/Audit'));
const ReplayPage = lazy(() => import('./pages/Replay'));
const PublicationsPage = lazy(() => import('./pages/Publications'));
const ComparisonPage = lazy(() => import('./pages/Comparison'));
const RegisterPage = lazy(() => import('./pages/Register'));
const PledgesPage = lazy(() => import('./pages/Pledges'));
const ProposalsPage = lazy(() => import('./pages/Proposals'));
const SelfAssessmentPage = lazy(() => import('./pages/SelfAssessment'));
const ConferenceScreen = lazy(() => import('./pages/ConferenceScreen'));
const NotFound = lazy(() => import('./pages/NotFound'));

/**
 * Colours chosen for contrast (WCAG AA, 4.5:1 on white for text): Ant Design's default blue and
 * its lighter secondary greys fall short of it for small text.
 */
const theme: ThemeConfig = {
  token: {
    colorPrimary: '#0050b3',
    colorLink: '#0050b3',
    colorSuccess: '#237804',
    colorSuccessBg: '#f6ffed',
    colorSuccessBorder: '#b7eb8f',
    colorError: '#a8071a',
    colorErrorBg: '#fff1f0',
    colorErrorBorder: '#ffccc7',
    colorWarning: '#ad4e00',
    colorWarningBg: '#fffbe6',
    colorWarningBorder: '#ffe58f',
    colorInfo: '#0050b3',
    colorInfoBg: '#e6f4ff',
    colorInfoBorder: '#91caff',
    colorTextSecondary: 'rgba(0, 0, 0, 0.68)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.58)',
    fontFamily: "'Segoe UI', Roboto, 'Noto Sans', 'Helvetica Neue', Arial, sans-serif",
    borderRadius: 6,
  },
  components: { Layout: { headerBg: '#002766', headerPadding: '0 24px' }, Menu: { darkItemBg: '#002766', darkItemSelectedBg: '#0050b3' } },
};

function RequireSession({ children }: { children: ReactNode }) {
  const { token, access } = useSession();
  const location = useLocation();
  if (!token) return <Navigate to={`/dang-nhap?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (!access) return <Spin fullscreen aria-label="…" />;
  return <>{children}</>;
}

function Localised({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  useEffect(() => {
    dayjs.locale(i18n.language === 'en' ? 'en-gb' : 'vi');
  }, [i18n.language]);
  dayjs.locale(i18n.language === 'en' ? 'en-gb' : 'vi');
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enGB : viVN} theme={theme}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

function Root() {
  return (
    <StrictMode>
      <Localised>
        <SWRConfig value={{ revalidateOnFocus: false, shouldRetryOnError: false, dedupingInterval: 500 }}>
          <SessionProvider>
            <BrowserRouter>
              <Suspense fallback={<Spin fullscreen />}>
                <Routes>
                  <Route path="/dang-nhap" element={<SignIn />} />
                  <Route path="/man-hinh/:campaignId/:clusterId" element={<ConferenceScreen />} />
                  <Route
                    element={
                      <RequireSession>
                        <AppLayout />
                      </RequireSession>
                    }
                  >
                    <Route index element={<Home />} />
                    <Route path="/phong-trao/:campaignId" element={<CampaignPage />} />
                    <Route path="/phong-trao/:campaignId/cum/:clusterId" element={<RankingPage />} />
                    <Route path="/phong-trao/:campaignId/cum/:clusterId/cong-bo" element={<PublicationsPage />} />
                    <Route path="/phong-trao/:campaignId/cum/:clusterId/cong-bo/:publicationId" element={<ComparisonPage />} />
                    <Route path="/phong-trao/:campaignId/don-vi/:unitId" element={<ScorecardPage />} />
                    <Route path="/phong-trao/:campaignId/don-vi/:unitId/nhat-ky" element={<AuditPage />} />
                    <Route path="/phong-trao/:campaignId/don-vi/:unitId/dien-bien" element={<ReplayPage />} />
                    <Route path="/phong-trao/:campaignId/giao-uoc" element={<PledgesPage />} />
                    <Route path="/phong-trao/:campaignId/tu-cham" element={<SelfAssessmentPage />} />
                    <Route path="/so-khen-thuong" element={<RegisterPage />} />
                    <Route path="/de-xuat" element={<ProposalsPage />} />
                    <Route path="*" element={<NotFound />} />
                  </Route>
                </Routes>
              </Suspense>
            </BrowserRouter>
          </SessionProvider>
        </SWRConfig>
      </Localised>
    </StrictMode>
  );
}

createRoot(document.getElementById('root')!).render(<Root />);
