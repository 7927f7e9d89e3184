import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { formatLocalInstant, isLocalDate, type LocalDate } from '../domain/time/local-time.js';

/**
 * DateTime: ISO 8601 instants. Output always carries +07:00 (Asia/Ho_Chi_Minh). Input may carry
 * any offset or Z; without one it is read as Vietnamese local time.
 */
const DATE_TIME_RE = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/;

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

export function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string') throw badInput('DateTime must be an ISO 8601 string');
  const m = DATE_TIME_RE.exec(value);
  if (!m || !isLocalDate(m[1]!) || Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4] ?? 0) > 59) {
    throw badInput(`"${value.slice(0, 40)}" is not an ISO 8601 date-time, e.g. 2025-07-01T09:30:00+07:00`);
  }
  const instant = new Date(m[6] ? value : `${value}+07:00`);
  if (Number.isNaN(instant.getTime())) throw badInput(`"${value.slice(0, 40)}" is not a valid date-time`);
  return instant;
}

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'ISO 8601 instant, e.g. "2025-07-01T09:30:00+07:00"; output always with offset +07:00',
  serialize: (value) => {
    const instant = value instanceof Date ? value : new Date(value as string);
    return formatLocalInstant(instant);
  },
  parseValue: parseDateTime,
  parseLiteral: (ast: ValueNode) => {
    if (ast.kind !== Kind.STRING) throw badInput('DateTime must be a string');
    return parseDateTime(ast.value);
  },
});

function parseDate(value: unknown): LocalDate {
  if (typeof value !== 'string' || !isLocalDate(value)) {
    throw badInput(`${JSON.stringify(value)?.slice(0, 40)} is not a calendar date YYYY-MM-DD`);
  }
  return value;
}

export const DateScalar = new GraphQLScalarType<LocalDate, string>({
  name: 'Date',
  description: 'Calendar date "YYYY-MM-DD", in Asia/Ho_Chi_Minh',
  serialize: (value) => value as string,
  parseValue: parseDate,
  parseLiteral: (ast: ValueNode) => {
    if (ast.kind !== Kind.STRING) throw badInput('Date must be a string YYYY-MM-DD');
    return parseDate(ast.value);
  },
});
