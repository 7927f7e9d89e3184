import { CalendarDay } from './calendar/calendar-day.entity.js';
import { DossierCounter } from './dossier/dossier-counter.entity.js';
import { DossierEvent } from './dossier/dossier-event.entity.js';
import { DossierReadAudit } from './dossier/dossier-read-audit.entity.js';
import { Dossier } from './dossier/dossier.entity.js';
import { Field } from './procedure/field.entity.js';
import { ProcedureTimeOverride } from './procedure/procedure-time-override.entity.js';
import { Procedure } from './procedure/procedure.entity.js';
import { AdministrativeUnit } from './unit/administrative-unit.entity.js';
import { LegacyUnitMapping } from './unit/legacy-unit-mapping.entity.js';

/** Every entity of the domain; connectors and jobs add theirs through their own lists. */
export const DOMAIN_ENTITIES = [
  AdministrativeUnit,
  LegacyUnitMapping,
  Field,
  Procedure,
  ProcedureTimeOverride,
  CalendarDay,
  Dossier,
  DossierEvent,
  DossierCounter,
  DossierReadAudit,
];
