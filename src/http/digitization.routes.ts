import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TokenVerifier } from '../auth/tokens.js';
import type { ResultVerificationRow } from '../domain/digitization/digitization-store.js';
import { isDomainError } from '../domain/errors.js';
import { formatLocalInstant } from '../domain/time/local-time.js';
import { PUBLIC_PAGE_CSP } from '../portal/public-page-style.js';
import { renderResultVerificationPage } from '../portal/result-verification.html.js';
import { toUserErrors } from '../schema/errors.js';
import { languageOf } from '../schema/messages.js';
import type { Services } from '../services.js';
import { bearerActorOf } from './bearer-actor.js';
import { refusalStatusOf, sendDomainRefusal } from './domain-refusal.js';
import type { Route } from './http-server.js';
import { HttpError, sendHtml, sendJson } from './http-utils.js';

/** What the public verification answers in JSON: the result's facts, no personal data. */
function verificationJson(r: ResultVerificationRow) {
  return {
    issued: true,
    sha256: r.sha256,
    dossierCode: r.dossierCode,
    unitCode: r.unitCode,
    unitName: r.unitName,
    procedureCode: r.procedureCode,
    procedureName: r.procedureName,
    issuedAt: formatLocalInstant(r.issuedAt),
    issuedDate: r.issuedDate,
    signed: r.signed,
    signer: r.signer,
  };
}

/** A browser asks for a page; anything else (a portal, curl) gets JSON. */
function wantsHtml(req: IncomingMessage, url: URL): boolean {
  if (url.searchParams.get('format') === 'json') return false;
  return /text\/html/.test(req.headers.accept ?? '');
}

/**
 * Digitization's plain routes (docs/digitization.md):
 * - `GET /dossiers/{code}/documents/{id}`: a digitized document's file, for those who see the
 *   applicant in clear (staff of the dossier's unit, the applicant), an audited read;
 * - `GET /verify/result/{sha256}` and `GET /verify/result?sha256=`: public, was a result with this
 *   checksum issued (JSON, or the page to browsers; the PDF's QR code opens the page).
 */
export function digitizationRoutes(services: Services, tokens: TokenVerifier): Route[] {
  const verify = async (req: IncomingMessage, res: ServerResponse, url: URL, sha256: string | null) => {
    const html = wantsHtml(req, url);
    const lang = languageOf(req.headers['accept-language']);
    const page = (status: number, body: string) => sendHtml(res, status, body, { 'content-security-policy': PUBLIC_PAGE_CSP });
    if (sha256 === null) {
      if (html) return page(200, renderResultVerificationPage({ sha256: '' }));
      throw new HttpError(400, 'BAD_USER_INPUT', 'give the SHA-256: /verify/result/{sha256}');
    }
    try {
      const found = await services.digitization.verify(sha256);
      if (html) return page(200, renderResultVerificationPage({ sha256, found }));
      sendJson(res, 200, verificationJson(found), { 'cache-control': 'no-store' });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      if (html) return page(refusalStatusOf(error), renderResultVerificationPage({ sha256: sha256.slice(0, 64), alert: toUserErrors(error, 'vi')[0]!.message }));
      sendDomainRefusal(res, error, lang);
    }
  };
  return [
    {
      method: 'GET',
      path: /^\/dossiers\/([^/]+)\/documents\/(\d{1,15})$/,
      handle: async (req, res, match) => {
        const lang = languageOf(req.headers['accept-language']);
        try {
          const actor = await bearerActorOf(req, tokens);
          const dossier = await services.dossiers.withPersonalData(actor, decodeCode(match[1]!), 'GET /dossiers/{code}/documents/{id}');
          const { document, bytes } = await services.digitization.documentFile(dossier, Number(match[2]));
          res.writeHead(200, {
            'content-type': document.mediaType,
            'content-length': bytes.length,
            // The stored name is the scanner's; only plain characters reach the header.
            'content-disposition': `attachment; filename="${document.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
            'cache-control': 'no-store',
            etag: `"${document.sha256}"`,
          });
          res.end(bytes);
        } catch (error) {
          if (!isDomainError(error)) throw error;
          sendDomainRefusal(res, error, lang);
        }
      },
    },
    { method: 'GET', path: /^\/verify\/result\/([^/]*)$/, handle: (req, res, match, url) => verify(req, res, url, decodeCode(match[1]!)) },
    { method: 'GET', path: /^\/verify\/result\/?$/, handle: (req, res, _match, url) => verify(req, res, url, url.searchParams.get('sha256')) },
  ];
}

function decodeCode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new HttpError(400, 'BAD_USER_INPUT', 'malformed path');
  }
}
