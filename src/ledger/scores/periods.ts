/*
 * The business clock of score entries: the month an entry counts for (`period`, `YYYY-MM`) and,
 * when known, the day it happened (`occurredOn`, `YYYY-MM-DD`). Periods compare as strings.
 */

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Vietnam's time zone (UTC+7, no daylight saving time). */
const VIETNAM_OFFSET_MS = 7 * 3600 * 1000;

export const PERIOD_RULE = 'is a month, YYYY-MM';

export function isPeriod(value: unknown): value is string {
  return typeof value === 'string' && PERIOD.test(value);
}

/** The month of a business date (`2025-06-30` → `2025-06`). */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** The month of an instant in Vietnam time (UTC+7): the period an entry recorded then, without one, counts for. */
export function vietnamMonth(at: Date): string {
  return new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 7);
}

/** The day of an instant in Vietnam time (UTC+7), YYYY-MM-DD: the day a membership change recorded then, without a date, took effect. */
export function vietnamDate(at: Date): string {
  return new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whether the month overlaps the dates `startsOn` to `endsOn` (inclusive). */
export function periodWithin(period: string, startsOn: string, endsOn: string): boolean {
  return period >= monthOf(startsOn) && period <= monthOf(endsOn);
}

/**
 * Which entries a read counts, by their period: exactly one month (`period`), or every month up to
 * one (`through`; `on`, a business date, counts the months up to its own and dates the vetoes in
 * force). Null: no bound.
 */
export interface PeriodFilter {
  period: string | null;
  through: string | null;
  /** The business date of the read: vetoes count when decided on or before it (and not lifted by then). */
  on: string | null;
}

export const ALL_PERIODS: PeriodFilter = { period: null, through: null, on: null };

/** The filter of a read's `period`, `through` and `on` (they combine: each narrows). */
export function periodFilter(period: string | null, through: string | null, on: string | null): PeriodFilter {
  const bounds = [through, on === null ? null : monthOf(on)].filter((b): b is string => b !== null);
  return { period, through: bounds.length === 0 ? null : bounds.reduce((a, b) => (a < b ? a : b)), on };
}

export function isAllPeriods(filter: PeriodFilter): boolean {
  return filter.period === null && filter.through === null && filter.on === null;
}

/** Whether an entry of `period` counts in a read with this filter. */
export function counts(filter: PeriodFilter, period: string): boolean {
  return (filter.period === null || period === filter.period) && (filter.through === null || period <= filter.through);
}

/**
 * The business clock of a ranking publication: a publication for a month (`period` YYYY-MM) ranks
 * cumulatively through that month; any other period label ('final', 'phase:…') ranks every month.
 */
export function publicationPeriods(period: string | null): PeriodFilter {
  return isPeriod(period) ? { period: null, through: period, on: null } : ALL_PERIODS;
}
