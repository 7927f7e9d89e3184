import type { DossierEventRow, DossierRow } from '../domain/dossier/dossier-reader.js';
import type { Procedure } from '../domain/procedure/procedure.entity.js';
import type { AdministrativeUnit } from '../domain/unit/administrative-unit.entity.js';
import type { Services } from '../services.js';

/** A dossier with what a page or a printed slip says about it: procedure, units and history. */
export interface DossierContext {
  dossier: DossierRow;
  procedure: Procedure;
  unit: AdministrativeUnit;
  history: DossierEventRow[];
}

/** Loads the context of a dossier the caller was already allowed to read. */
export async function loadDossierContext(services: Services, dossier: DossierRow): Promise<DossierContext> {
  const [[procedure], [unit], histories] = await Promise.all([
    services.procedures.byIds([dossier.procedureId]),
    services.units.byIds([dossier.unitId]),
    services.dossierReader.histories([dossier.id]),
  ]);
  // A dossier's procedure and unit are foreign keys: they exist.
  return { dossier, procedure: procedure!, unit: unit!, history: histories.get(dossier.id) ?? [] };
}
