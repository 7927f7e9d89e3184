import { registerEnumType } from 'type-graphql';
import { Channel, DossierAction, DossierStatus, Outcome, Timeliness } from '../domain/vocabulary/dossier-enums.js';
import { OnlineLevel, ProcedureLevel } from '../domain/procedure/procedure-enums.js';
import { UnitKind } from '../domain/unit/unit-kind.js';
import { ProcessingTimeUnit } from '../domain/procedure/processing-time.js';
import { Role } from '../domain/access/actor.js';
import { DelayReason } from '../domain/vocabulary/delay-reason.js';

/** The domain's enums, exposed under the contract's names. */
registerEnumType(UnitKind, { name: 'UnitKind', description: "tỉnh, thành phố TW, phường, xã, đặc khu (official); AGENCY: a center's department (sở, phòng chuyên môn); CENTER_BRANCH: a one-stop center branch" });
registerEnumType(ProcedureLevel, { name: 'ProcedureLevel' });
registerEnumType(OnlineLevel, { name: 'OnlineLevel', description: 'toàn trình, một phần, in person only' });
registerEnumType(Channel, { name: 'Channel' });
registerEnumType(DossierStatus, { name: 'DossierStatus', description: 'Lifecycle status; national status code in nationalStatusCode' });
registerEnumType(Outcome, { name: 'Outcome' });
registerEnumType(Timeliness, { name: 'Timeliness' });
registerEnumType(DossierAction, { name: 'DossierAction' });
registerEnumType(Role, { name: 'Role' });
registerEnumType(ProcessingTimeUnit, {
  name: 'ProcessingTimeUnit',
  description: 'ngày làm việc, nửa ngày làm việc, giờ làm việc, trong ngày, ngày (calendar days)',
});
registerEnumType(DelayReason, { name: 'DelayReason', description: 'Why a dossier is late, recorded on the apology (EXTEND_DEADLINE) or a late RESOLVE' });

export { Channel, DelayReason, DossierAction, DossierStatus, OnlineLevel, Outcome, ProcedureLevel, ProcessingTimeUnit, Role, Timeliness, UnitKind };
