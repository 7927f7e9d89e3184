import type { IncomingMessage, ServerResponse } from 'node:http';
import { isDomainError } from '../domain/errors.js';
import { loadDossierContext } from '../portal/dossier-context.js';
import { PUBLIC_PAGE_CSP } from '../portal/public-page-style.js';
import { renderTrackingPage, type TrackingPageView } from '../portal/tracking-page.html.js';
import { trackedDossierView } from '../portal/tracking-view.js';
import { toUserErrors } from '../schema/errors.js';
import type { Services } from '../services.js';
import { refusalStatusOf } from './domain-refusal.js';
import type { Route } from './http-server.js';
import { clientIpOf, readBody, sendHtml } from './http-utils.js';

const PATH = /^\/track\/([^/]+)$/;
const MAX_CODE_LENGTH = 64;
/** The form has one four-digit field; anything bigger is not from it. */
const MAX_FORM_BYTES = 1024;


/**
 * The public tracking page (the QR code on a receipt opens it): GET shows the form, POST with the
 * last four digits of the applicant's citizen id shows status, due date and history. It goes
 * through the same look-up and the same attempt limiter as GraphQL `trackDossier`.
 */
export function trackingPageRoutes(services: Services): Route[] {
  const send = (res: ServerResponse, status: number, view: TrackingPageView) =>
    sendHtml(res, status, renderTrackingPage(view), { 'content-security-policy': PUBLIC_PAGE_CSP });

  return [
    {
      method: 'GET',
      path: PATH,
      handle: async (_req, res, match) => {
        const code = codeOf(match);
        if (code === null) return send(res, 400, { code: '', action: '', alert: 'Mã hồ sơ không hợp lệ.' });
        send(res, 200, { code, action: actionOf(code) });
      },
    },
    {
      method: 'POST',
      path: PATH,
      handle: async (req, res, match) => {
        const code = codeOf(match);
        if (code === null) return send(res, 400, { code: '', action: '', alert: 'Mã hồ sơ không hợp lệ.' });
        const view: TrackingPageView = { code, action: actionOf(code) };
        const last4 = (await formOf(req)).get('last4')?.trim() ?? '';
        try {
          const found = await services.tracking.track(code, last4, clientIpOf(req));
          if (!found) return send(res, 404, { ...view, alert: 'Không tìm thấy hồ sơ khớp với mã hồ sơ và 4 chữ số đã nhập.' });
          const context = await loadDossierContext(services, found);
          send(res, 200, { ...view, dossier: trackedDossierView(context, services.dossiers.today()) });
        } catch (error) {
          if (!isDomainError(error)) throw error;
          // The page's own rendering, with the status and wording every plain route gives a refusal.
          send(res, refusalStatusOf(error), { ...view, alert: toUserErrors(error, 'vi')[0]!.message });
        }
      },
    },
  ];
}

/** The code from the URL, or null when it cannot be a dossier code. */
function codeOf(match: RegExpMatchArray): string | null {
  try {
    const code = decodeURIComponent(match[1]!);
    return code.length > 0 && code.length <= MAX_CODE_LENGTH ? code : null;
  } catch {
    return null;
  }
}

function actionOf(code: string): string {
  return `/track/${encodeURIComponent(code)}`;
}

async function formOf(req: IncomingMessage): Promise<URLSearchParams> {
  return new URLSearchParams((await readBody(req, MAX_FORM_BYTES)).toString('utf8'));
}
