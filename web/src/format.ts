import { useTranslation } from 'react-i18next';

/** Vietnam's clock: the ledger's business days are Vietnamese days (UTC+7), wherever the screen is. */
const ZONE = 'Asia/Ho_Chi_Minh';

const numberLocale = (language: string) => (language === 'en' ? 'en-GB' : 'vi-VN');

export interface Format {
  /** 1.234,5 in Vietnamese; at most two decimals, as points have. */
  number: (value: number | null | undefined, digits?: number) => string;
  /** +2,5 / −1 (a change). */
  signed: (value: number) => string;
  percent: (value: number | null | undefined) => string;
  money: (vnd: number | null | undefined) => string;
  /** dd/MM/yyyy from YYYY-MM-DD (a business date: no time zone). */
  date: (isoDate: string | null | undefined) => string;
  /** dd/MM/yyyy HH:mm:ss from an instant, in Vietnam's time. */
  dateTime: (instant: string | Date | null | undefined, seconds?: boolean) => string;
  time: (instant: string | Date) => string;
  /** MM/yyyy from YYYY-MM. */
  month: (period: string | null | undefined) => string;
}

export function makeFormat(language: string): Format {
  const locale = numberLocale(language);
  const numbers = new Map<number, Intl.NumberFormat>();
  const numberFormat = (digits: number) => {
    if (!numbers.has(digits)) numbers.set(digits, new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 }));
    return numbers.get(digits)!;
  };
  const parts = (instant: Date, seconds: boolean) => {
    const p = Object.fromEntries(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: ZONE,
        day: '2-digit',
        month: '2-digit',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        ...(seconds ? { second: '2-digit' } : {}),
        hourCycle: 'h23',
      })
        .formatToParts(instant)
        .map((part) => [part.type, part.value]),
    );
    return { date: `${p.day}/${p.month}/${p.year}`, time: `${p.hour}:${p.minute}${seconds ? `:${p.second}` : ''}` };
  };
  return {
    number: (value, digits = 2) => (value === null || value === undefined ? '—' : numberFormat(digits).format(value)),
    signed: (value) => `${value > 0 ? '+' : value < 0 ? '−' : ''}${numberFormat(2).format(Math.abs(value))}`,
    percent: (value) => (value === null || value === undefined ? '—' : `${numberFormat(2).format(value)}%`),
    money: (vnd) => (vnd === null || vnd === undefined ? '—' : `${numberFormat(0).format(vnd)} ${language === 'en' ? '₫' : 'đ'}`),
    date: (isoDate) => {
      if (!isoDate) return '—';
      const [y, m, d] = isoDate.slice(0, 10).split('-');
      return `${d}/${m}/${y}`;
    },
    dateTime: (instant, seconds = false) => {
      if (!instant) return '—';
      const p = parts(new Date(instant), seconds);
      return `${p.date} ${p.time}`;
    },
    time: (instant) => parts(new Date(instant), true).time,
    month: (period) => {
      if (!period) return '—';
      const match = /^(\d{4})-(\d{2})$/.exec(period);
      return match ? `${match[2]}/${match[1]}` : period;
    },
  };
}

const formats = new Map<string, Format>();

export function useFormat(): Format {
  const { i18n } = useTranslation();
  if (!formats.has(i18n.language)) formats.set(i18n.language, makeFormat(i18n.language));
  return formats.get(i18n.language)!;
}
