import type { EntityManager } from '@mikro-orm/postgresql';
import type { DossierChange, DossierChangeListener, StatementPart } from '../dossier/dossier-change.js';
import { DossierAction } from '../vocabulary/dossier-enums.js';
import { newNonce, ratingTokenOf, tokenHashOf, type RatingLinkSettings } from './rating-link.js';
import { satisfactionStore } from './satisfaction-store.js';

const DAY_MS = 86_400_000;

/**
 * Makes the one-time rating link when the result is handed over (RETURN_RESULT), in the same
 * transaction: every returned dossier has one, to print on the result or send by SMS. Imported
 * history gets none (those citizens were served long ago).
 */
export class RatingLinkListener implements DossierChangeListener {
  readonly name = 'rating-links';

  constructor(private readonly settings: RatingLinkSettings) {}

  /** Nothing to write for a new dossier: rating links come with RETURN_RESULT, never with a new dossier. */
  creationParts(): StatementPart[] {
    return [];
  }

  async onDossierChange(em: EntityManager, change: DossierChange): Promise<void> {
    if (change.imported || change.event.action !== DossierAction.RETURN_RESULT) return;
    const nonce = newNonce();
    const token = ratingTokenOf(this.settings.key, change.dossier.id, nonce);
    await satisfactionStore.insertLink(em.getKysely(), {
      dossierId: change.dossier.id,
      nonce,
      tokenSha256: tokenHashOf(token),
      createdAt: change.event.at,
      expiresAt: new Date(change.event.at.getTime() + this.settings.ttlDays * DAY_MS),
    });
  }
}
