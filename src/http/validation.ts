import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isValidId } from '../ledger/ids.js';
import { BUSINESS_DATE_RULE, EARLIEST_DATE, isBusinessDate, isWithinPointsLimit, POINTS_LIMIT_RULE } from '../ledger/limits.js';
import { isValidPoints, parsePoints } from '../ledger/points.js';
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

const POINTS_FORMAT =
  'must be a decimal number with at most 2 decimal places (a JSON number, or a string such as "12.5" or, with the Vietnamese decimal comma, "12,5")';

/** Points: the format (points.ts) and the magnitude the read models hold (limits.ts: ±MAX_POINTS). */
export function IsPoints(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isPoints',
      target: target.constructor,
      propertyName,
      options: { message: ({ value }) => (isValidPoints(value) ? POINTS_LIMIT_RULE : POINTS_FORMAT), ...options },
      validator: { validate: (value: unknown) => isValidPoints(value) && isWithinPointsLimit(parsePoints(value)) },
    });
}

export { EARLIEST_DATE };

/** A calendar date YYYY-MM-DD that exists, within the business dates of limits.ts (1945-01-01 to 2100-12-31). */
export const isIsoDate = isBusinessDate;

export const IsIsoDate = rule('isIsoDate', BUSINESS_DATE_RULE, isIsoDate);

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
      name: 'isNotFutureDate',
      target: target.constructor,
      propertyName,
      options: { message: () => `must not be after today (${vietnamToday()} in Vietnam, UTC+7)`, ...options },
      validator: { validate: (value: unknown) => typeof value !== 'string' || value <= vietnamToday() },
    });
}
