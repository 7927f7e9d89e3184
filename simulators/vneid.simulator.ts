import { isPlainObject, SimHttpError, type SimReply } from './sim-http.js';
import { DEFAULT_FAULT_SETTINGS, SettingsSchema, type FaultSettings } from './sim-settings.js';
import { noRoute, SimulatedSystem, type SimRequest, type SimulatorHandle } from './simulated-system.js';

/**
 * VNeID, the national identity system: does this citizen id exist, and with which account level.
 * Answers from an override table that tests fill, else by a fixed rule on the id's last digit so
 * that demo data and tests get both levels without any setup.
 */
export const vneidSettingsSchema = new SettingsSchema<FaultSettings>('vneid', DEFAULT_FAULT_SETTINGS, {});

export type VneidLevel = 1 | 2;

export type CitizenRecord = { exists: true; level: VneidLevel } | { exists: false };

export interface VneidHandle extends SimulatorHandle<FaultSettings> {
  /** Makes the system answer `record` for this citizen id (until reset or clearCitizen). */
  setCitizen(citizenId: string, record: CitizenRecord): void;
  clearCitizen(citizenId: string): void;
  /** What the system answers for this id. */
  citizen(citizenId: string): CitizenRecord;
}

/** Ids ending in 1 or 3 hold a level-1 account; every other id exists with level 2. */
function defaultRecord(citizenId: string): CitizenRecord {
  const last = citizenId.at(-1);
  return { exists: true, level: last === '1' || last === '3' ? 1 : 2 };
}

function recordOf(body: unknown): CitizenRecord {
  if (!isPlainObject(body) || typeof body.exists !== 'boolean') {
    throw new SimHttpError(400, 'INVALID_BODY', 'the body must be {exists: boolean, level?: 1|2}');
  }
  if (!body.exists) return { exists: false };
  const level = body.level ?? 2;
  if (level !== 1 && level !== 2) throw new SimHttpError(400, 'INVALID_BODY', 'level must be 1 or 2');
  return { exists: true, level };
}

export class VneidSimulator extends SimulatedSystem<FaultSettings> implements VneidHandle {
  private readonly overrides = new Map<string, CitizenRecord>();

  setCitizen(citizenId: string, record: CitizenRecord): void {
    this.overrides.set(citizenId, recordOf(record));
  }

  clearCitizen(citizenId: string): void {
    this.overrides.delete(citizenId);
  }

  citizen(citizenId: string): CitizenRecord {
    return this.overrides.get(citizenId) ?? defaultRecord(citizenId);
  }

  protected override route(request: SimRequest): SimReply {
    const [first, citizenId, ...rest] = request.segments;
    if (request.method === 'GET' && first === 'citizens' && citizenId !== undefined && citizenId !== '' && rest.length === 0) {
      const record = this.citizen(citizenId);
      return { status: record.exists ? 200 : 404, body: record };
    }
    throw noRoute(request);
  }

  /** PUT /_sim/citizens/{id} {exists, level?} sets an override; DELETE removes it. */
  protected override async controlRoute(request: SimRequest): Promise<SimReply | null> {
    const [first, citizenId, ...rest] = request.segments;
    if (first !== 'citizens' || citizenId === undefined || citizenId === '' || rest.length > 0) return null;
    if (request.method === 'PUT') {
      const record = recordOf(await request.json());
      this.overrides.set(citizenId, record);
      return { status: 200, body: record };
    }
    if (request.method === 'DELETE') {
      this.overrides.delete(citizenId);
      return { status: 200, body: this.citizen(citizenId) };
    }
    return null;
  }

  protected override clearState(): void {
    this.overrides.clear();
  }
}
