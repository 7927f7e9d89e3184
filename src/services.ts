import type { MikroORM } from '@mikro-orm/postgresql';
import { CalendarService } from './domain/calendar/calendar.service.js';
import type { DossierChangeListener } from './domain/dossier/dossier-change.js';
import { DossierActionService } from './domain/dossier/dossier-action.service.js';
import { DossierImportService } from './domain/dossier/dossier-import.service.js';
import { DossierIntakeService, type FormValidator } from './domain/dossier/dossier-intake.service.js';
import { DossierQueryService } from './domain/dossier/dossier-query.service.js';
import { DossierReadAudit } from './domain/dossier/dossier-read-audit.js';
import { DossierReader } from './domain/dossier/dossier-reader.js';
import { DossierRecorder } from './domain/dossier/dossier-recorder.js';
import { ProcedureService } from './domain/procedure/procedure.service.js';
import type { Clock } from './domain/time/clock.js';
import { UnitService } from './domain/unit/unit.service.js';

/** The use cases of the domain, wired once per process and shared by the API and the workers. */
export interface Services {
  orm: MikroORM;
  clock: Clock;
  units: UnitService;
  procedures: ProcedureService;
  calendar: CalendarService;
  intake: DossierIntakeService;
  actions: DossierActionService;
  imports: DossierImportService;
  dossiers: DossierQueryService;
  dossierReader: DossierReader;
}

export function createServices(
  orm: MikroORM,
  options: {
    clock: Clock;
    listeners?: DossierChangeListener[];
    forms?: FormValidator | null;
    /** How long another process's catalogue change may stay unseen here (see ReferenceCache). */
    catalogCacheTtlMs?: number;
  },
): Services {
  const { clock } = options;
  const units = new UnitService(orm, options.catalogCacheTtlMs);
  const calendar = new CalendarService(orm);
  const recorder = new DossierRecorder(options.listeners ?? []);
  const dossierReader = new DossierReader(orm);
  return {
    orm,
    clock,
    units,
    procedures: new ProcedureService(orm, options.catalogCacheTtlMs),
    calendar,
    intake: new DossierIntakeService(orm, calendar, recorder, clock, options.forms ?? null),
    actions: new DossierActionService(orm, calendar, recorder, clock),
    imports: new DossierImportService(orm, calendar, recorder, clock),
    dossiers: new DossierQueryService(units, dossierReader, new DossierReadAudit(orm), clock),
    dossierReader,
  };
}
