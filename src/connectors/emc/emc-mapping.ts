import { Channel, DossierStatus } from '../../domain/vocabulary/dossier-enums.js';
import { OnlineLevel } from '../../domain/procedure/procedure-enums.js';
import { localDateOf } from '../../domain/time/local-time.js';
import type { DossierSyncEvent } from '../sdk/index.js';
import { isReception } from '../sdk/index.js';

/**
 * The mapping from a dossier change to EMC's TrackingMCDT body. Every rule here answers one of the
 * known causes of EMC undercounting (DOMAIN.md, "Specialized systems and EMC"): postal dossiers are
 * direct, not online; PARTIAL is not FULL; one event per dossier and status, never two "received".
 */

/** EMC's Status: 1 received, 2 processing, 3 result returned, 0 other (withdrawn after reception). */
export enum EmcStatus {
  OTHER = 0,
  RECEIVED = 1,
  PROCESSING = 2,
  RETURNED = 3,
}

/** The EMC status a change reports, or null when EMC is not told about it. */
export function emcStatusOf(event: DossierSyncEvent): EmcStatus | null {
  if (isReception(event)) return EmcStatus.RECEIVED;
  // Every entry into PROCESSING maps here; the outbox keeps only the first (see emcIdempotencyKey).
  if (event.status === DossierStatus.PROCESSING) return EmcStatus.PROCESSING;
  if (event.status === DossierStatus.RETURNED) return EmcStatus.RETURNED;
  // A dossier EMC knows as received and that ends without a result; refusals at intake were never received.
  if (event.status === DossierStatus.WITHDRAWN && event.receivedAt !== null) return EmcStatus.OTHER;
  return null;
}

/**
 * `{code}:{RECEIVED|PROCESSING|RETURNED|OTHER}:1`: one delivery per dossier and EMC status. Only
 * asked about changes EMC handles, which all have an EMC status.
 */
export function emcIdempotencyKey(event: DossierSyncEvent): string {
  return `${event.dossierCode}:${EmcStatus[emcStatusOf(event)!]}:1`;
}

export interface EmcTrackingBody {
  CodeProfile: string;
  SiteId: string;
  CodeTTHC: string;
  NameTTHC: string;
  Status: EmcStatus;
  /** 1 online, 2 direct (in person and postal). */
  FormsReception: 1 | 2;
  /** 0 no fee, 1 paid online, 2 paid directly. */
  FormsPayments: 0 | 1 | 2;
  /** 4 FULL procedure filed online, 3 PARTIAL procedure filed online, 1 otherwise. */
  Level: 1 | 3 | 4;
  /** 1 when filed through the national public service portal; dossiers of this system are filed on the province's own. */
  IsFromDVCQG: 0 | 1;
  /** 1 when received by post (dịch vụ bưu chính công ích). */
  IsDVCBC: 0 | 1;
  User: { ID_local: string; TYPE: 'OFFICER' | 'CITIZEN' | 'SYSTEM' };
  UnitCode: string;
  /** Local date of receipt, "YYYY-MM-DD": what lets EMC's counts be reconciled per unit and day. */
  ReceivedDate: string | null;
}

export function emcLevelOf(event: DossierSyncEvent): 1 | 3 | 4 {
  if (event.channel !== Channel.ONLINE) return 1;
  if (event.procedureOnlineLevel === OnlineLevel.FULL) return 4;
  if (event.procedureOnlineLevel === OnlineLevel.PARTIAL) return 3;
  return 1;
}

/**
 * FormsPayments: 0 when the procedure has no fee; once the fee is paid, how it was (1 online through
 * the payment platform, 2 in cash at the counter); before that, what the channel lets expect (an
 * online filing pays online, the others at the counter), since EMC asks for the field on every event.
 */
export function emcPaymentFormOf(event: DossierSyncEvent): 0 | 1 | 2 {
  if (event.procedureFeeVnd === 0) return 0;
  if (event.feePaidBy === 'ONLINE') return 1;
  if (event.feePaidBy === 'CASH') return 2;
  return event.channel === Channel.ONLINE ? 1 : 2;
}

export function emcBodyOf(event: DossierSyncEvent, status: EmcStatus, siteId: string): EmcTrackingBody {
  const online = event.channel === Channel.ONLINE;
  return {
    CodeProfile: event.dossierCode,
    SiteId: siteId,
    CodeTTHC: event.procedureCode,
    NameTTHC: event.procedureName,
    Status: status,
    FormsReception: online ? 1 : 2,
    FormsPayments: emcPaymentFormOf(event),
    Level: emcLevelOf(event),
    IsFromDVCQG: 0,
    IsDVCBC: event.channel === Channel.POSTAL ? 1 : 0,
    // Staff are identified by their local account; a citizen never by their id (personal data).
    User: {
      ID_local: event.actor.kind === 'STAFF' ? (event.actor.id ?? '') : '',
      TYPE: event.actor.kind === 'STAFF' ? 'OFFICER' : event.actor.kind,
    },
    UnitCode: event.unitCode,
    ReceivedDate: event.receivedAt ? localDateOf(new Date(event.receivedAt)) : null,
  };
}

/**
 * CONNECTOR_EMC_SITE_ID: one site id for every province, or one per province as
 * `51=SITE-A,79=SITE-B`. Returns the site id of a province (of any province, the first, when
 * `provinceCode` is null), or null when none is set for it.
 */
export function siteIdFor(setting: string | null, provinceCode: string | null): string | null {
  if (!setting) return null;
  if (!setting.includes('=')) return setting.trim() || null;
  for (const pair of setting.split(',')) {
    const [province, site] = pair.split('=').map((s) => s.trim());
    if ((provinceCode === null || province === provinceCode) && site) return site;
  }
  return null;
}

/** A problem with CONNECTOR_EMC_SITE_ID's shape, or null. */
export function siteIdSettingProblem(setting: string | null): string | null {
  if (!setting) return 'is not set';
  if (!setting.includes('=')) return null;
  const bad = setting.split(',').find((pair) => !/^\s*\d{2}\s*=\s*\S+\s*$/.test(pair));
  return bad === undefined ? null : `has a malformed entry "${bad.trim()}" (expected 51=SITE-ID)`;
}
