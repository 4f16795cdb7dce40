import { Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { LinkButton } from '../components/LinkButton';
import { PageTitle } from '../components/common';

export default function NotFound() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle title={t('common.notFound')} />
      <Result status="404" extra={<LinkButton to="/">{t('common.home')}</LinkButton>} />
    </>
  );
}
