import type { IncomingMessage, ServerResponse } from 'node:http';
import { isDomainError, type DomainError, type DomainErrors } from '../domain/errors.js';
import type { RatingLinkPage } from '../domain/satisfaction/satisfaction.service.js';
import { formatDate } from '../domain/text/vietnamese-format.js';
import { localDateOf } from '../domain/time/local-time.js';
import { PUBLIC_PAGE_CSP } from '../portal/public-page-style.js';
import { RATING_PAGE_PATH, renderRatingPage, type RatingPageView } from '../portal/rating-page.html.js';
import { messageFor } from '../schema/messages.js';
import { toUserErrors } from '../schema/errors.js';
import type { Services } from '../services.js';
import { refusalStatusOf } from './domain-refusal.js';
import type { Route } from './http-server.js';
import { readBody, sendHtml } from './http-utils.js';

const PATH = /^\/danh-gia$/;
/** Token, stars and a comment of at most 2,000 characters (up to 4 bytes each, form-encoded up to 3 times that). */
const MAX_FORM_BYTES = 32 * 1024;
const MAX_TOKEN_LENGTH = 128;

/**
 * `Referrer-Policy: no-referrer`: the token is in the URL, and a page it opens must not pass it on.
 * `Cache-Control: no-store`: the page is one citizen's, for one use.
 */
const HEADERS = { 'content-security-policy': PUBLIC_PAGE_CSP, 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' };

/**
 * The public rating page a one-time link opens (`/danh-gia?token=...`, printed as a QR on the
 * result's rating slip or sent by SMS): GET shows the dossier and the form, POST rates through the
 * same `SatisfactionService.rate` as GraphQL `rateDossier`, with its refusals (the status of each
 * as every plain route gives it). No login and no script: a plain form that works on any phone.
 */
export function ratingPageRoutes(services: Services): Route[] {
  const send = (res: ServerResponse, status: number, view: RatingPageView) => sendHtml(res, status, renderRatingPage(view), HEADERS);
  const refused = (res: ServerResponse, error: DomainError | DomainErrors) =>
    send(res, refusalStatusOf(error), { kind: 'refused', alert: toUserErrors(error, 'vi')[0]!.message });
  const formOf = (token: string, link: RatingLinkPage) => ({
    kind: 'form' as const, token, dossierCode: link.dossierCode, procedureName: link.procedureName, unitName: link.unitName,
    expiresOn: formatDate(localDateOf(new Date(link.expiresAt.getTime() - 1))),
  });

  return [
    {
      method: 'GET',
      path: PATH,
      handle: async (_req, res, _match, url) => {
        const token = tokenOf(url.searchParams.get('token'));
        try {
          send(res, 200, formOf(token, await services.satisfaction.linkPage(token)));
        } catch (error) {
          if (!isDomainError(error)) throw error;
          refused(res, error);
        }
      },
    },
    {
      method: 'POST',
      path: PATH,
      handle: async (req, res) => {
        const fields = await formFieldsOf(req);
        if (fields === null) return send(res, 400, { kind: 'refused', alert: messageFor('NUL_CHARACTER', 'vi') });
        const token = tokenOf(fields.get('token'));
        const stars = Number(fields.get('stars') ?? '');
        const comment = fields.get('comment') ?? '';
        let link: RatingLinkPage;
        try {
          link = await services.satisfaction.linkPage(token);
        } catch (error) {
          if (!isDomainError(error)) throw error;
          return refused(res, error);
        }
        try {
          const { dossierCode } = await services.satisfaction.rate(null, { token, stars, comment });
          send(res, 200, { kind: 'thanks', dossierCode });
        } catch (error) {
          if (!isDomainError(error)) throw error;
          // A refusal of what was typed (no star chosen, comment too long): the form again, as filled in.
          const alert = toUserErrors(error, 'vi')[0]!.message;
          send(res, refusalStatusOf(error), { ...formOf(token, link), alert, stars, comment });
        }
      },
    },
  ];
}

/** The token as given, or '' when it cannot be one (the link check then answers RATING_LINK_INVALID). */
function tokenOf(value: string | null | undefined): string {
  const token = value?.trim() ?? '';
  return token.length <= MAX_TOKEN_LENGTH && /^[A-Za-z0-9_-]*$/.test(token) ? token : '';
}

/** The posted fields, or null when one holds a NUL character (which PostgreSQL refuses in text). */
async function formFieldsOf(req: IncomingMessage): Promise<URLSearchParams | null> {
  const fields = new URLSearchParams((await readBody(req, MAX_FORM_BYTES)).toString('utf8'));
  for (const [, value] of fields) if (value.includes('\u0000')) return null;
  return fields;
}
