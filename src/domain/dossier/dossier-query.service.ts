import { type DossierAccessRef, canReadDossier, coversUnit, requireActor, requireCapability, requireKnownDossier, seesPersonalData } from '../access/access-policy.js';
import { Role, type Actor } from '../access/actor.js';
import { DomainError } from '../errors.js';
import type { Page, PageRequest } from '../paging.js';
import type { Clock } from '../time/clock.js';
import { localDateOf, type LocalDate } from '../time/local-time.js';
import type { UnitService } from '../unit/unit.service.js';
import type { Channel, DossierStatus } from '../vocabulary/dossier-enums.js';
import type { DossierReadAudit } from './dossier-read-audit.js';
import type { DossierCursor, DossierReader, DossierRow } from './dossier-reader.js';

export interface DossierFilter {
  unitCode?: string | null;
  status?: DossierStatus[] | null;
  procedureCode?: string | null;
  fieldCode?: string | null;
  channel?: Channel | null;
  receivedFrom?: LocalDate | null;
  receivedTo?: LocalDate | null;
  overdue?: boolean | null;
  search?: string | null;
}

/** Reading dossiers with the access rules applied, and every read by staff audited. */
export class DossierQueryService {
  constructor(
    private readonly units: UnitService,
    private readonly reader: DossierReader,
    private readonly audit: DossierReadAudit,
    private readonly clock: Clock,
  ) {}

  /**
   * One dossier by code: NOT_FOUND when absent and, alike, when the actor may not read it (outside
   * the scope: the answer does not tell whether the code exists); FORBIDDEN when the actor may read
   * the dossier but not this way (`mayRead`, e.g. personal data in clear).
   */
  async byCode(actor: Actor | null, code: string, operation: string, mayRead: ReadRule = canRead): Promise<DossierRow> {
    const who = requireActor(actor);
    const row = await this.reader.byCode(code);
    const notFound = new DomainError('NOT_FOUND', ['code'], { code });
    if (!row) throw notFound;
    requireKnownDossier(who, accessRefOf(row), notFound);
    return this.readable(who, row, operation, mayRead);
  }

  /**
   * One dossier by code for a document that shows the applicant in clear (the receipt, the apology
   * letter): only staff of the dossier's own unit and the applicant themself; audited like any read.
   */
  async withPersonalData(actor: Actor | null, code: string, operation: string): Promise<DossierRow> {
    return this.byCode(actor, code, operation, (who, row) => seesPersonalData(who, accessRefOf(row)));
  }

  /** One dossier by id (Query.node): null when absent or not readable by the actor (as byCode, nothing told). */
  async byId(actor: Actor | null, id: number, operation: string): Promise<DossierRow | null> {
    const who = requireActor(actor);
    const [row] = await this.reader.byIds([id]);
    return row && canRead(who, row) ? this.readable(who, row, operation) : null;
  }

  /**
   * The dossiers among `ids` the actor may read, with one audit insert for them all (links from
   * other records, e.g. SyncRecord.dossier): the others are left out, not refused.
   */
  async readableByIds(actor: Actor | null, ids: readonly number[], operation: string): Promise<DossierRow[]> {
    const who = requireActor(actor);
    const rows = (await this.reader.byIds(ids)).filter((row) => canRead(who, row));
    await this.audit.recordReads(who, rows.map((d) => d.id), operation);
    return rows;
  }

  /** Dossiers of a unit (a province includes its communes), within the actor's scope. */
  async list(
    actor: Actor | null,
    filter: DossierFilter,
    page: PageRequest<DossierCursor>,
    operation: string,
    options: { countNow?: boolean } = {},
  ): Promise<Page<DossierRow>> {
    const who = requireCapability(actor, 'readDossiers');
    const unitIds = await this.scopeUnitIds(who, filter.unitCode ?? null);
    const result = await this.reader.list(
      {
        unitIds,
        statuses: filter.status,
        procedureCode: filter.procedureCode,
        fieldCode: filter.fieldCode,
        channel: filter.channel,
        receivedFrom: filter.receivedFrom,
        receivedTo: filter.receivedTo,
        overdue: filter.overdue,
        search: filter.search,
        today: this.today(),
        now: this.clock.now(),
      },
      page,
      options,
    );
    await this.audit.recordReads(who, result.items.map((d) => d.id), operation);
    return result;
  }

  /** A citizen's own dossiers (the applicant's citizen id is the token's sub), optionally in some statuses. */
  async mine(actor: Actor | null, page: PageRequest<DossierCursor>, statuses: DossierStatus[] | null = null): Promise<Page<DossierRow>> {
    const who = requireActor(actor);
    if (who.role !== Role.CITIZEN) throw new DomainError('FORBIDDEN');
    return this.reader.list({ applicantCitizenId: who.sub, statuses, today: this.today() }, page);
  }

  /**
   * The public look-up: the dossier when the code exists and the last 4 digits of the applicant's
   * citizen id match, else null (whether the code exists is not revealed).
   */
  async track(code: string, citizenIdLast4: string): Promise<DossierRow | null> {
    if (!/^\d{4}$/.test(citizenIdLast4)) {
      throw new DomainError('BAD_USER_INPUT', ['citizenIdLast4'], { reason: 'INVALID_CITIZEN_ID_LAST4' });
    }
    const row = await this.reader.byCode(code);
    return row && row.applicantCitizenId.endsWith(citizenIdLast4) ? row : null;
  }

  today(): LocalDate {
    return localDateOf(this.clock.now());
  }

  private async readable(who: Actor, row: DossierRow, operation: string, mayRead: ReadRule = canRead): Promise<DossierRow> {
    if (!mayRead(who, row)) throw new DomainError('FORBIDDEN');
    await this.audit.recordReads(who, [row.id], operation);
    return row;
  }

  /** The unit ids a list may cover: the requested unit (with its communes) if in scope, else the actor's whole scope. */
  private async scopeUnitIds(who: Actor, unitCode: string | null): Promise<number[] | null> {
    const rootCode = unitCode ?? (who.role === Role.SYSTEM_ADMIN ? null : who.unitCode);
    if (rootCode === null) return null;
    const subtree = await this.units.subtree(rootCode);
    if (!subtree) throw new DomainError('NOT_FOUND', ['filter', 'unitCode'], { code: rootCode });
    if (!coversUnit(who, subtree.unit)) throw new DomainError('FORBIDDEN', ['filter', 'unitCode']);
    return subtree.ids;
  }
}

type ReadRule = (who: Actor, row: DossierRow) => boolean;

/** What the access policy needs to know of a dossier row. */
export function accessRefOf(row: DossierRow): DossierAccessRef {
  return {
    unit: { code: row.unitCode, parentCode: row.unitParentCode, provinceCode: row.unitProvinceCode },
    applicantCitizenId: row.applicantCitizenId,
    holder: row.holder,
    holders: row.holders,
  };
}

function canRead(who: Actor, row: DossierRow): boolean {
  return canReadDossier(who, accessRefOf(row));
}
