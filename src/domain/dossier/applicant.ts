import { assertCitizenId } from '../citizen/citizen-id.js';
import { normalizeFullName, normalizePhone } from '../citizen/personal-data.js';
import { DomainError, DomainErrors } from '../errors.js';

export interface ApplicantInput {
  fullName: string;
  citizenId: string;
  phone?: string | null;
}

export interface Applicant {
  fullName: string;
  citizenId: string;
  phone: string | null;
}

/** Validates and normalizes an applicant, reporting every bad field at once. */
export function validApplicant(input: ApplicantInput, path: readonly string[]): Applicant {
  const errors: DomainError[] = [];
  const attempt = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (e) {
      if (e instanceof DomainError) errors.push(e);
      else throw e;
      return undefined;
    }
  };
  const fullName = attempt(() => normalizeFullName(input.fullName, [...path, 'fullName']));
  const citizenId = attempt(() => assertCitizenId(input.citizenId, [...path, 'citizenId']));
  const phone = input.phone ? attempt(() => normalizePhone(input.phone!, [...path, 'phone'])) : null;
  if (errors.length > 0) throw new DomainErrors(errors);
  return { fullName: fullName!, citizenId: citizenId!, phone: phone ?? null };
}
