/**
 * Refusals of the domain. The HTTP layer maps them to problem+json: DomainRuleError → 422,
 * NotFoundError → 404, AlreadyExistsError → 409. `code` is stable kebab-case, documented in the README.
 */
export class DomainRuleError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The request field at fault, when there is one (e.g. `criterionId`, `memberUnitIds[2]`). */
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainRuleError';
  }
}

export class NotFoundError extends Error {
  readonly code: string;
  constructor(
    readonly resource: string,
    readonly id: string,
    /** The query parameter that named it, when not the path (a list's filter, e.g. `unitId`). */
    readonly field?: string,
  ) {
    super(`${resource} '${id}' does not exist`);
    this.name = 'NotFoundError';
    this.code = `${resource}-not-found`;
  }
}

export class AlreadyExistsError extends Error {
  readonly code = 'already-exists';
  constructor(
    readonly resource: string,
    readonly id: string,
  ) {
    super(`${resource} '${id}' already exists`);
    this.name = 'AlreadyExistsError';
  }
}

/** A reference in the request body to something that does not exist: 422 naming the field. */
export function unknownReference(resource: string, id: string, field: string): DomainRuleError {
  return new DomainRuleError(`${resource}-not-found`, `${resource} '${id}' does not exist`, field);
}
