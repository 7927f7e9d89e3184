import type { MikroORM } from '@mikro-orm/postgresql';
import { requireActor, requireCapability, requireUnitInScope } from '../access/access-policy.js';
import { Role, type Actor } from '../access/actor.js';
import { DossierStatus } from '../vocabulary/dossier-enums.js';
import { DomainError } from '../errors.js';
import { pageFrom, type Page, type PageRequest } from '../paging.js';
import { validatePeriod } from '../statistics/statistics-period.js';
import type { Clock } from '../time/clock.js';
import { localDateOf, type LocalDate } from '../time/local-time.js';
import type { UnitService } from '../unit/unit.service.js';
import { ratingTokenOf, ratingUrlOf, tokenHashOf, type RatingLinkSettings } from './rating-link.js';
import { satisfactionStore, type LockedDossier, type RatingLinkRow, type RatingRow, type RatingVia } from './satisfaction-store.js';

export const MAX_COMMENT_LENGTH = 2000;
/** The statuses after the result: rating is about the service received, so not before. */
const RATEABLE: ReadonlySet<DossierStatus> = new Set([DossierStatus.RESOLVED, DossierStatus.RETURNED]);

export interface RateInput {
  dossierId?: number | null;
  /** The one-time link's token (no login needed). */
  token?: string | null;
  stars: number;
  comment?: string | null;
}

export interface SatisfactionReport {
  unitCode: string;
  from: LocalDate;
  to: LocalDate;
  ratings: number;
  /** Ratings with 1, 2, 3, 4 and 5 stars. */
  stars: number[];
  average: number | null;
  /** Share of ratings with 4 or 5 stars (hài lòng), 0..1; null without ratings. */
  satisfiedRate: number | null;
  feedbackPending: number;
  feedbackHandled: number;
}

/** The dossier a one-time link rates, as its public page shows it (no personal data). */
export interface RatingLinkPage {
  dossierCode: string;
  procedureName: string;
  unitName: string;
  expiresAt: Date;
}

export interface RatingLinkView {
  url: string;
  expiresAt: Date;
  usedAt: Date | null;
}

/**
 * The citizen's rating of the service (Decision 766's satisfaction indicator): once per dossier,
 * after the result, by the applicant logged in (CITIZEN token) or through the one-time link given
 * with the result. Staff handle comments with a reply; the per-unit report counts stars, the
 * average, the share satisfied (4-5 stars) and feedback pending or handled. A refusal writes
 * nothing; the comment's text never reaches a log line.
 */
export class SatisfactionService {
  constructor(
    private readonly orm: MikroORM,
    private readonly units: UnitService,
    private readonly clock: Clock,
    private readonly links: RatingLinkSettings,
  ) {}

  async rate(actor: Actor | null, input: RateInput): Promise<{ dossierId: number; dossierCode: string; rating: RatingRow }> {
    if (!Number.isInteger(input.stars) || input.stars < 1 || input.stars > 5) throw new DomainError('RATING_STARS_INVALID', ['input', 'stars']);
    const comment = input.comment?.trim() ? input.comment.trim() : null;
    if (comment && comment.length > MAX_COMMENT_LENGTH) throw new DomainError('COMMENT_TOO_LONG', ['input', 'comment'], { max: MAX_COMMENT_LENGTH });
    const byLink = Boolean(input.token);
    if (byLink === (input.dossierId != null)) throw new DomainError('RATING_TARGET_REQUIRED', ['input']);
    const now = this.clock.now();
    return this.orm.em.fork().transactional(async (em) => {
      const db = em.getKysely();
      let dossier: LockedDossier | null;
      let via: RatingVia;
      if (byLink) {
        const link = await satisfactionStore.linkByHash(db, tokenHashOf(input.token!));
        if (!link) throw new DomainError('RATING_LINK_INVALID', ['input', 'token']);
        if (link.usedAt) throw new DomainError('RATING_LINK_USED', ['input', 'token']);
        if (link.expiresAt <= now) throw new DomainError('RATING_LINK_EXPIRED', ['input', 'token']);
        dossier = await satisfactionStore.lockDossier(db, link.dossierId);
        via = 'LINK';
      } else {
        const who = requireActor(actor);
        if (who.role !== Role.CITIZEN) throw new DomainError('FORBIDDEN', ['input', 'dossierId'], { reason: 'APPLICANT_ONLY' });
        dossier = await satisfactionStore.lockDossier(db, input.dossierId!);
        // Someone else's dossier answers as an unknown one.
        if (dossier && dossier.applicantCitizenId !== who.sub) dossier = null;
        via = 'CITIZEN';
      }
      if (!dossier) throw new DomainError('NOT_FOUND', ['input', 'dossierId'], { code: String(input.dossierId ?? '') });
      if (!RATEABLE.has(dossier.status)) throw new DomainError('RATING_NOT_YET_ALLOWED', ['input'], { status: dossier.status });
      if ((await satisfactionStore.ratingsOf(db, [dossier.id])).has(dossier.id)) throw new DomainError('DOSSIER_ALREADY_RATED', ['input']);
      await satisfactionStore.insertRating(db, { dossier, stars: input.stars, comment, via, at: now, date: localDateOf(now) });
      // Once rated, the link has served its purpose whichever way the rating came.
      await satisfactionStore.useLink(db, dossier.id, now);
      const rating = (await satisfactionStore.ratingsOf(db, [dossier.id])).get(dossier.id)!;
      return { dossierId: dossier.id, dossierCode: dossier.code, rating };
    });
  }

  /**
   * The dossier a one-time link is for, as the public rating page shows it before the citizen
   * rates: refused with the same codes as `rate` would refuse the link (invalid, used, expired,
   * already rated, not yet rateable), so the page says so at once rather than after the form.
   */
  async linkPage(token: string): Promise<RatingLinkPage> {
    const link = token ? await satisfactionStore.linkPageByHash(this.orm.em.fork().getKysely(), tokenHashOf(token)) : null;
    if (!link) throw new DomainError('RATING_LINK_INVALID', ['token']);
    if (link.usedAt) throw new DomainError('RATING_LINK_USED', ['token']);
    if (link.expiresAt <= this.clock.now()) throw new DomainError('RATING_LINK_EXPIRED', ['token']);
    if (link.rated) throw new DomainError('DOSSIER_ALREADY_RATED', ['token']);
    if (!RATEABLE.has(link.status)) throw new DomainError('RATING_NOT_YET_ALLOWED', ['token'], { status: link.status });
    return { dossierCode: link.dossierCode, procedureName: link.procedureName, unitName: link.unitName, expiresAt: link.expiresAt };
  }

  /** Staff of the dossier's unit answer a comment: it counts as handled from then on. */
  async handleFeedback(actor: Actor | null, input: { dossierId: number; reply: string }): Promise<RatingRow> {
    const who = requireCapability(actor, 'actOnDossiers');
    const reply = input.reply?.trim() ?? '';
    if (reply === '') throw new DomainError('REPLY_REQUIRED', ['input', 'reply']);
    if (reply.length > MAX_COMMENT_LENGTH) throw new DomainError('COMMENT_TOO_LONG', ['input', 'reply'], { max: MAX_COMMENT_LENGTH });
    return this.orm.em.fork().transactional(async (em) => {
      const db = em.getKysely();
      const dossier = await satisfactionStore.lockDossier(db, input.dossierId);
      if (!dossier) throw new DomainError('NOT_FOUND', ['input', 'dossierId'], { code: String(input.dossierId) });
      requireUnitInScope(who, { code: dossier.unitCode, parentCode: dossier.unitParentCode, provinceCode: dossier.unitProvinceCode }, ['input', 'dossierId']);
      const rating = (await satisfactionStore.ratingsOf(db, [dossier.id], true)).get(dossier.id);
      if (!rating?.comment) throw new DomainError('NO_FEEDBACK', ['input', 'dossierId']);
      if (rating.handledAt) throw new DomainError('FEEDBACK_ALREADY_HANDLED', ['input', 'dossierId']);
      await satisfactionStore.handle(db, dossier.id, reply, who.sub, this.clock.now());
      return (await satisfactionStore.ratingsOf(db, [dossier.id])).get(dossier.id)!;
    });
  }

  /** Query.satisfaction: under the statistics scopes (STATISTICIAN, LEADER, PROVINCE_ADMIN, SYSTEM_ADMIN). */
  async report(actor: Actor | null, query: { unitCode: string; from: LocalDate; to: LocalDate }): Promise<SatisfactionReport> {
    const who = requireCapability(actor, 'readStatistics');
    validatePeriod(query.from, query.to);
    const subtree = await this.units.subtree(query.unitCode.trim());
    if (!subtree) throw new DomainError('NOT_FOUND', ['unitCode'], { code: query.unitCode });
    requireUnitInScope(who, subtree.unit, ['unitCode']);
    const { stars, pending, handled } = await satisfactionStore.summary(this.orm.em.fork().getKysely(), subtree.codes, query.from, query.to);
    const ratings = stars.reduce((a, b) => a + b, 0);
    const total = stars.reduce((sum, n, i) => sum + n * (i + 1), 0);
    return {
      unitCode: subtree.unit.code,
      from: query.from,
      to: query.to,
      ratings,
      stars,
      average: ratings === 0 ? null : total / ratings,
      satisfiedRate: ratings === 0 ? null : (stars[3]! + stars[4]!) / ratings,
      feedbackPending: pending,
      feedbackHandled: handled,
    };
  }

  /** Comments of a unit's dossiers (a province: with its communes), newest first; staff who act on dossiers, in scope. */
  async feedback(actor: Actor | null, query: { unitCode: string; handled: boolean | null }, page: PageRequest<number>): Promise<Page<RatingRow>> {
    const who = requireCapability(actor, 'actOnDossiers');
    const subtree = await this.units.subtree(query.unitCode.trim());
    if (!subtree) throw new DomainError('NOT_FOUND', ['unitCode'], { code: query.unitCode });
    requireUnitInScope(who, subtree.unit, ['unitCode']);
    const { rows, count } = await satisfactionStore.feedback(this.orm.em.fork().getKysely(), subtree.codes, query.handled, page.first, page.after);
    return pageFrom(rows, page.first, count);
  }

  ratingsOf(dossierIds: readonly number[]): Promise<Map<number, RatingRow>> {
    return satisfactionStore.ratingsOf(this.orm.em.fork().getKysely(), dossierIds);
  }

  /** The one-time link as staff send or print it (derived again from its nonce: the token is not stored). */
  async linkOf(dossierId: number): Promise<RatingLinkView | null> {
    return (await this.linksOf([dossierId])).get(dossierId) ?? null;
  }

  /** linkOf for many dossiers in one query (Dossier.ratingLink on a page of dossiers). */
  async linksOf(dossierIds: readonly number[]): Promise<Map<number, RatingLinkView>> {
    const links: Map<number, RatingLinkRow> = await satisfactionStore.linksOf(this.orm.em.fork().getKysely(), dossierIds);
    return new Map([...links].map(([dossierId, link]) => [dossierId, {
      url: ratingUrlOf(this.links, ratingTokenOf(this.links.key, dossierId, link.nonce)), expiresAt: link.expiresAt, usedAt: link.usedAt,
    }]));
  }
}
