import { GraphQLError } from 'graphql';
import { Field, ObjectType } from 'type-graphql';
import { DomainError, DomainErrors, isDomainError } from '../domain/errors.js';
import { messageFor, type Language } from './messages.js';

@ObjectType({ description: 'An expected failure of a mutation, with a stable machine code.' })
export class UserError {
  @Field({ description: 'Stable machine code, SCREAMING_SNAKE, e.g. INVALID_TRANSITION' })
  code!: string;

  @Field({ description: 'Human text, Vietnamese by default, English with Accept-Language: en' })
  message!: string;

  @Field(() => [String], { nullable: true, description: 'Path of the offending input field' })
  field?: string[] | null;
}

function domainErrorsOf(error: DomainError | DomainErrors): readonly DomainError[] {
  return error instanceof DomainErrors ? error.errors : [error];
}

export function toUserErrors(error: DomainError | DomainErrors, lang: Language, prefix: readonly string[] = []): UserError[] {
  return domainErrorsOf(error).map((e) => ({
    code: e.code,
    // A generic code (BAD_USER_INPUT) may name the precise problem in params.reason.
    message: messageFor(typeof e.params.reason === 'string' ? e.params.reason : e.code, lang, e.params),
    field: e.field ? [...prefix, ...e.field] : prefix.length > 0 ? [...prefix] : null,
  }));
}

/** A domain refusal raised from a query (or a mutation without a payload): a GraphQL error with extensions.code. */
export function toGraphQLError(error: DomainError | DomainErrors, lang: Language): GraphQLError {
  const [first, ...rest] = toUserErrors(error, lang);
  const reason = domainErrorsOf(error)[0]!.params.reason;
  return new GraphQLError(first!.message, {
    extensions: {
      code: first!.code,
      ...(reason ? { reason } : {}),
      ...(first!.field ? { field: first!.field } : {}),
      ...(rest.length > 0 ? { userErrors: [first, ...rest] } : {}),
    },
  });
}

export function badUserInput(code: string, lang: Language, field?: string[], params: Record<string, string | number> = {}): GraphQLError {
  return toGraphQLError(new DomainError(code, field, params), lang);
}

/** Runs a query resolver body, turning domain refusals into coded GraphQL errors. */
export async function asQuery<T>(lang: Language, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (isDomainError(error)) throw toGraphQLError(error, lang);
    throw error;
  }
}

/**
 * Runs a mutation body whose payload has `userErrors`: expected refusals go there (nothing was
 * written: every use case is one transaction); UNAUTHENTICATED stays a GraphQL error.
 */
export async function asMutation<T extends object>(
  lang: Language,
  fn: () => Promise<T>,
  empty: Omit<T, 'userErrors'>,
): Promise<T & { userErrors: UserError[] }> {
  try {
    return { ...(await fn()), userErrors: [] };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    if (error instanceof DomainError && error.code === 'UNAUTHENTICATED') throw toGraphQLError(error, lang);
    return { ...(empty as T), userErrors: toUserErrors(error, lang) };
  }
}
