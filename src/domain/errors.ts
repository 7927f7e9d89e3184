/**
 * An expected failure of a use case: a rule of the domain said no. Carries a stable machine code
 * (SCREAMING_SNAKE, part of the public contract), the path of the offending input field when one is
 * to blame, and parameters for the human message (the schema layer words it in Vietnamese or English).
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly field?: readonly string[],
    readonly params: Readonly<Record<string, string | number>> = {},
  ) {
    super(code);
    this.name = 'DomainError';
  }
}

/** Several expected failures at once (e.g. every bad field of a form). */
export class DomainErrors extends Error {
  constructor(readonly errors: readonly DomainError[]) {
    super(errors.map((e) => e.code).join(', '));
    this.name = 'DomainErrors';
  }
}

export function isDomainError(error: unknown): error is DomainError | DomainErrors {
  return error instanceof DomainError || error instanceof DomainErrors;
}
