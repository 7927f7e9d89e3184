import type { EntityManager } from '@mikro-orm/postgresql';
import { Procedure } from '../procedure/procedure.entity.js';
import { foldForSearch } from '../text/search-text.js';
import { AdministrativeUnit } from '../unit/administrative-unit.entity.js';
import type { Applicant } from './applicant.js';
import type { Channel } from '../vocabulary/dossier-enums.js';

/** What a new dossier takes from its filing, whether received live (intake) or imported. */
export interface NewDossierInput {
  code: string;
  procedure: Procedure;
  unit: AdministrativeUnit;
  channel: Channel;
  applicant: Applicant;
  formData: Record<string, unknown> | null;
  filedAt: Date;
}

/**
 * The fields every new dossier sets from its filing, the same for intake and import. Procedure and
 * unit are linked by reference in `em`: the catalogue entities are shared (the reference cache,
 * an import's batch) and must not join the caller's unit of work.
 */
export function newDossierFields(em: EntityManager, input: NewDossierInput) {
  return {
    code: input.code,
    procedure: em.getReference(Procedure, input.procedure.id),
    unit: em.getReference(AdministrativeUnit, input.unit.id),
    channel: input.channel,
    onlineLevel: input.procedure.onlineLevel,
    applicantFullName: input.applicant.fullName,
    applicantCitizenId: input.applicant.citizenId,
    applicantPhone: input.applicant.phone,
    formData: input.formData,
    filedAt: input.filedAt,
    searchText: foldForSearch(`${input.code} ${input.applicant.fullName}`),
  };
}
