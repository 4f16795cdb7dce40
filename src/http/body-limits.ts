import type { NextFunction, Request, Response } from 'express';
import { RequestValidationError, type FieldError } from './problem.js';

/**
 * Limits every request's text meets before anything reads it (the request fingerprint, the
 * validation pipe, PostgreSQL): a parsed JSON body nested at most MAX_DEPTH deep, and no string or
 * object key (in the body, the query string or the path) holding a NUL character or a lone UTF-16
 * surrogate (neither is text: PostgreSQL refuses both in jsonb, and NUL in any text). A violation
 * is 400 `invalid-request` naming the field (`scale.groups[0].name`, `reason`, `path`). Member
 * names of Object.prototype (`__proto__`, `constructor`, `toString`…) are no field of any request
 * and slip past the DTOs' whitelist: they are refused here too.
 * The walk is iterative: a body nested 100,000 deep costs a loop, not the stack.
 */
export const MAX_DEPTH = 32;
/** At most this many fields named in one answer. */
const MAX_ERRORS = 20;

/** A NUL, a high surrogate not followed by a low one, or a low one not preceded by a high one. */
// eslint-disable-next-line no-control-regex -- NUL is exactly what it looks for
const NOT_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function textProblem(text: string): string | null {
  const found = NOT_TEXT.exec(text);
  if (found === null) return null;
  return found[0] === '\u0000'
    ? 'must not contain a NUL character (\\u0000)'
    : `must be well-formed Unicode: a lone surrogate (\\u${found[0].charCodeAt(0).toString(16)}) at index ${found.index}`;
}

const PROTOTYPE_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const member = (path: string, key: string) => (IDENTIFIER.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`);

/** Every problem of a parsed JSON value (or a parsed query string), fields named from `root`. */
export function valueProblems(value: unknown, root: string, maxDepth = MAX_DEPTH): FieldError[] {
  const errors: FieldError[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  while (stack.length > 0 && errors.length < MAX_ERRORS) {
    const { value: current, path, depth } = stack.pop()!;
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem !== null) errors.push({ field: path || 'body', message: problem });
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= maxDepth) {
      errors.push({ field: path || 'body', message: `must not be nested deeper than ${maxDepth} levels` });
      continue;
    }
    const children: { value: unknown; path: string; depth: number }[] = [];
    if (Array.isArray(current)) {
      current.forEach((item, i) => children.push({ value: item, path: `${path}[${i}]`, depth: depth + 1 }));
    } else {
      for (const [key, item] of Object.entries(current)) {
        const problem = textProblem(key);
        if (problem !== null) {
          errors.push({ field: path || 'body', message: `a member name ${problem}` });
          continue;
        }
        if (PROTOTYPE_NAMES.has(key)) {
          errors.push({ field: member(path, key), message: 'is not a field of this request' });
          continue;
        }
        children.push({ value: item, path: member(path, key), depth: depth + 1 });
      }
    }
    // Depth first, in document order: the first problems named are the first in the body.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return errors;
}

/** Problems of the URL path: each segment percent-decodes to well-formed text without NUL. */
function pathProblems(path: string): FieldError[] {
  for (const segment of path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return [{ field: 'path', message: `the segment '${segment.slice(0, 100)}' is not percent-encoded UTF-8` }];
    }
    const problem = textProblem(decoded);
    if (problem !== null) return [{ field: 'path', message: `a segment ${problem}` }];
  }
  return [];
}

/** Express middleware, right after the JSON body parser. */
export function bodyLimits(req: Request, _res: Response, next: NextFunction): void {
  const errors = pathProblems(req.path);
  if (errors.length === 0) errors.push(...valueProblems(req.query, ''));
  if (errors.length === 0 && req.body !== undefined) errors.push(...valueProblems(req.body, ''));
  if (errors.length > 0) {
    next(new RequestValidationError(errors));
    return;
  }
  next();
}
