import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isValidId } from '../ledger/ids.js';
import { isValidPoints } from '../ledger/points.js';
import { RequestValidationError, type FieldError } from './problem.js';

/** Validates bodies and queries against their DTOs; unknown fields are refused, every bad field named. */
export function ledgerValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => new RequestValidationError(flatten(errors)),
  });
}

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property) ? `${prefix}[${error.property}]` : prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

function rule(name: string, message: string, test: (value: unknown) => boolean) {
  return (options?: ValidationOptions) => (target: object, propertyName: string) =>
    registerDecorator({ name, target: target.constructor, propertyName, options: { message, ...options }, validator: { validate: test } });
}

export const IsLedgerId = rule('isLedgerId', 'must match ^[a-z0-9][a-z0-9._-]{0,63}$ (lower-case letters, digits, . _ -)', isValidId);

export const IsPoints = rule('isPoints', 'must be a decimal number with at most 2 decimal places (a JSON number or a string such as "12.5")', isValidPoints);

/** The first calendar date the ledger takes: older dates are typing mistakes (and year 0000 is no PostgreSQL date). */
export const EARLIEST_DATE = '1900-01-01';

/** A calendar date YYYY-MM-DD that exists, from 1900-01-01 to 9999-12-31. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || value < EARLIEST_DATE) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

export const IsIsoDate = rule('isIsoDate', `must be a calendar date YYYY-MM-DD, from ${EARLIEST_DATE}`, isIsoDate);

/** Vietnam's time zone (UTC+7, no daylight saving time): the day a decision is dated in. */
const VIETNAM_OFFSET_MS = 7 * 3600 * 1000;

/** Today's date in Vietnam (UTC+7), YYYY-MM-DD. */
export const vietnamToday = (now: number = Date.now()): string => new Date(now + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);

/**
 * A date that is not in the future: a decision, a veto or a recovery is recorded once it was made,
 * so dated today at the latest (today in Vietnam, UTC+7). Use with IsIsoDate.
 */
export function IsNotFutureDate(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isNotFutureDate', target: target.constructor, propertyName,
      options: { message: () => `must not be after today (${vietnamToday()} in Vietnam, UTC+7)`, ...options },
      validator: { validate: (value: unknown) => typeof value !== 'string' || value <= vietnamToday() },
    });
}
