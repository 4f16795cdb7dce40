import { useTranslation } from 'react-i18next';
import { useFormat } from './format';

/** A publication's period as people say it: 09/2026, or the phase it closed. */
export function usePeriodLabel(): (period: string) => string {
  const { t } = useTranslation();
  const format = useFormat();
  return (period) => {
    if (period.startsWith('phase:')) return t('publications.phase', { phase: period.slice('phase:'.length) });
    return /^\d{4}-\d{2}$/.test(period) ? format.month(period) : period;
  };
}

/** A closed vocabulary's label in the reader's language (the code where the screen has no word for it). */
export function useTerm(): (vocabulary: string, code: string | null | undefined) => string {
  const { t } = useTranslation();
  return (vocabulary, code) => (code ? t(`${vocabulary}.${code}`, { defaultValue: code }) : '—');
}
