import { Button, DatePicker, Flex, Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

/**
 * The two clocks of every read (docs/api.md "Scores on two clocks"): `asOf`, the recording clock (the
 * log as it had been recorded then), and `on`, the business clock (the months up to that date).
 * Both live in the address, so a view of the past can be bookmarked and sent.
 */
export function useClocks(): { asOf: string | undefined; on: string | undefined } {
  const [params] = useSearchParams();
  return { asOf: params.get('asOf') ?? undefined, on: params.get('on') ?? undefined };
}

export function ClockControls({ on = true }: { on?: boolean }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const asOf = params.get('asOf');
  const onDate = params.get('on');
  const set = (name: string, value: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  const position = asOf !== null && /^\d+$/.test(asOf) ? asOf : null;
  return (
    <fieldset className="clocks">
      <legend className="visually-hidden">{t('clocks.legend')}</legend>
      <Flex gap={16} wrap align="center">
        <Flex gap={8} align="center">
          <Tooltip title={t('clocks.asOfHelp')}>
            <label htmlFor="clock-as-of">{t('clocks.asOf')}</label>
          </Tooltip>
          {position !== null ? (
            <Tag closable onClose={() => set('asOf', null)}>
              #{position}
            </Tag>
          ) : (
            <DatePicker
              id="clock-as-of"
              showTime={{ format: 'HH:mm' }}
              format="DD/MM/YYYY HH:mm"
              placeholder={t('clocks.now')}
              value={asOf ? dayjs(asOf) : null}
              onChange={(value) => set('asOf', value ? value.toISOString() : null)}
              aria-describedby="clock-as-of-help"
            />
          )}
          <span id="clock-as-of-help" className="visually-hidden">
            {t('clocks.asOfHelp')}
          </span>
        </Flex>
        {on && (
          <Flex gap={8} align="center">
            <Tooltip title={t('clocks.onHelp')}>
              <label htmlFor="clock-on">{t('clocks.on')}</label>
            </Tooltip>
            <DatePicker
              id="clock-on"
              format="DD/MM/YYYY"
              placeholder={t('clocks.now')}
              value={onDate ? dayjs(onDate, 'YYYY-MM-DD') : null}
              onChange={(value) => set('on', value ? value.format('YYYY-MM-DD') : null)}
              aria-describedby="clock-on-help"
            />
            <span id="clock-on-help" className="visually-hidden">
              {t('clocks.onHelp')}
            </span>
          </Flex>
        )}
        {(asOf || onDate) && (
          <Button
            onClick={() =>
              setParams(
                (current) => {
                  const next = new URLSearchParams(current);
                  next.delete('asOf');
                  next.delete('on');
                  return next;
                },
                { replace: true },
              )
            }
          >
            {t('clocks.clear')}
          </Button>
        )}
      </Flex>
    </fieldset>
  );
}
