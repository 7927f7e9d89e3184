import DataLoader from 'dataloader';
import type { DossierEventRow } from '../domain/dossier/dossier-reader.js';
import type { Field } from '../domain/procedure/field.entity.js';
import type { Procedure } from '../domain/procedure/procedure.entity.js';
import type { AdministrativeUnit } from '../domain/unit/administrative-unit.entity.js';
import type { Services } from '../services.js';

/**
 * Per-request batching: a page of dossiers with their procedures, units and histories costs one
 * query per kind, however long the page.
 */
export interface Loaders {
  procedure: DataLoader<number, Procedure | null>;
  unit: DataLoader<number, AdministrativeUnit | null>;
  field: DataLoader<string, Field | null>;
  history: DataLoader<number, DossierEventRow[]>;
  formData: DataLoader<number, Record<string, unknown> | null>;
}

function byKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => map.get(k) ?? null);
}

export function createLoaders(services: Services): Loaders {
  return {
    procedure: new DataLoader(async (ids) => byKey(ids, await services.procedures.byIds(ids), (p) => p.id)),
    unit: new DataLoader(async (ids) => byKey(ids, await services.units.byIds(ids), (u) => u.id)),
    field: new DataLoader(async (codes) => byKey(codes, await services.procedures.fieldsByCodes(codes), (f) => f.code)),
    history: new DataLoader(async (ids) => {
      const histories = await services.dossierReader.histories(ids);
      return ids.map((id) => histories.get(id) ?? []);
    }),
    formData: new DataLoader(async (ids) => {
      const forms = await services.dossierReader.formData(ids);
      return ids.map((id) => forms.get(id) ?? null);
    }),
  };
}
