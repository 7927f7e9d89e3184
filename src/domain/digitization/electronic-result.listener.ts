import type { EntityManager } from '@mikro-orm/postgresql';
import { renderElectronicResult } from '../../portal/electronic-result.pdf.js';
import type { DossierChange, DossierChangeListener, StatementPart } from '../dossier/dossier-change.js';
import { localDateOf } from '../time/local-time.js';
import { DossierAction, Outcome } from '../vocabulary/dossier-enums.js';
import { verifyPageUrlOf, type DigitizationSettings } from './digitization-settings.js';
import { digitizationStore } from './digitization-store.js';

/**
 * Issues the electronic result when a dossier is RESOLVED (by an officer, or by the decision of a
 * specialized system), in the change's transaction: every resolved dossier has its result, or the
 * RESOLVE does not happen. The PDF is rendered here from the facts of the change (one page, a few
 * tens of milliseconds under the dossier's row lock) and stored before the row that records its
 * SHA-256; the download serves the stored bytes, so the checksum always matches. Rendering is
 * deterministic (fixed creation date), so the same facts give the same file again. A rollback
 * after the file was stored leaves an unreferenced file, harmless in a content-addressed store.
 * Imported history gets none (those results were issued on paper long ago).
 */
export class ElectronicResultListener implements DossierChangeListener {
  readonly name = 'electronic-results';

  constructor(private readonly settings: DigitizationSettings) {}

  /** A new dossier is never resolved. */
  creationParts(): StatementPart[] {
    return [];
  }

  async onDossierChange(em: EntityManager, change: DossierChange): Promise<void> {
    if (change.imported || change.event.action !== DossierAction.RESOLVE) return;
    const { dossier, procedure, unit } = change;
    const issuedAt = dossier.resolvedAt ?? change.event.at;
    const bytes = await renderElectronicResult({
      dossierCode: dossier.code,
      procedure: { code: procedure.code, name: procedure.name },
      unit: { name: unit.name },
      applicantFullName: dossier.applicantFullName,
      applicantCitizenId: dossier.applicantCitizenId,
      outcome: dossier.outcome ?? Outcome.APPROVED,
      resolvedAt: issuedAt,
      registrationNumber: dossier.registrationNumber,
      verifyUrl: verifyPageUrlOf(this.settings),
    });
    const sha256 = await this.settings.store.put(bytes);
    const signed = await this.settings.signer.sign(sha256, bytes);
    await digitizationStore.insertResult(em.getKysely(), {
      dossierId: dossier.id,
      unitId: unit.id,
      unitCode: unit.code,
      sha256,
      sizeBytes: bytes.length,
      fileKey: sha256,
      issuedAt,
      issuedDate: localDateOf(issuedAt),
      signature: signed?.signature ?? null,
      signer: signed?.signer ?? null,
    });
  }
}
