import { useTranslation } from 'react-i18next';
import { ApiProblem } from './api/client';
import { useFormat } from './format';

export interface ProblemText {
  /** The refusal in the reader's language, from its `code` and the rule's facts. */
  message: string;
  /** Per field at fault (`errors[]`): label and message, the API's own words kept beside ours. */
  fields: { field: string; label: string; message: string }[];
  /** The API's own sentence, for the record. */
  detail: string | null;
}

/**
 * A problem document (RFC 9457) worded for people: a known `code` has a sentence of its own filled
 * with the problem's facts (criterionId, total, max …); an unknown one says the code and shows the
 * server's detail. Nothing the API said is hidden.
 */
export function useProblemText(): (error: unknown) => ProblemText {
  const { t } = useTranslation();
  const format = useFormat();
  return (error) => {
    if (!(error instanceof ApiProblem)) {
      const text = error instanceof Error ? error.message : String(error);
      return { message: text, fields: [], detail: null };
    }
    const facts: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(error.body)) facts[key] = typeof value === 'number' ? format.number(value) : value;
    const known = t(`problems.${error.code}`, { ...facts, defaultValue: '' });
    const message = known || t('problems.fallback', { code: error.code });
    const fields = error.errors.map((e) => {
      const base =
        e.field
          .replace(/\[\d+\]/g, '')
          .split('.')
          .pop() ?? e.field;
      return { field: e.field, label: t(`fields.${base}`, { defaultValue: e.field }), message: e.message };
    });
    return { message, fields, detail: error.detail };
  };
}
