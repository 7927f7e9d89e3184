import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TokenVerifier } from '../auth/tokens.js';
import { DomainError, isDomainError } from '../domain/errors.js';
import { deadlineExtensionOf, renderApologyLetter } from '../portal/apology-letter.pdf.js';
import { loadDossierContext, type DossierContext } from '../portal/dossier-context.js';
import { renderPaymentSlip } from '../portal/payment-slip.pdf.js';
import { renderRatingSlip } from '../portal/rating-slip.pdf.js';
import { renderReceiptSlip } from '../portal/receipt-slip.pdf.js';
import { languageOf } from '../schema/messages.js';
import type { Services } from '../services.js';
import { bearerActorOf } from './bearer-actor.js';
import { sendDomainRefusal } from './domain-refusal.js';
import type { Route } from './http-server.js';
import { HttpError } from './http-utils.js';

interface PrintedDocument {
  /** The route's last path segment. */
  file: string;
  /** The download name's prefix. */
  name: string;
  render(ctx: DossierContext, trackingUrl: string, services: Services): Promise<Buffer>;
}

/** Each printed document, with the rule that says whether the dossier has one yet. */
const DOCUMENTS: PrintedDocument[] = [
  {
    file: 'receipt.pdf',
    name: 'giay-tiep-nhan',
    render: async (ctx, url) => {
      if (!ctx.dossier.receivedAt || !ctx.dossier.dueDate) throw new DomainError('DOSSIER_NOT_RECEIVED');
      return renderReceiptSlip(ctx, url);
    },
  },
  {
    file: 'apology.pdf',
    name: 'phieu-xin-loi',
    render: async (ctx, url) => {
      const extension = deadlineExtensionOf(ctx.history);
      if (!extension || !ctx.dossier.extendedDueDate) throw new DomainError('NO_DEADLINE_EXTENSION');
      return renderApologyLetter(ctx, extension, url);
    },
  },
  {
    file: 'payment.pdf',
    name: 'phieu-nop-phi',
    render: async (ctx, _url, services) => {
      const payment = (await services.payments.latestOf([ctx.dossier.id])).get(ctx.dossier.id);
      if (!payment) throw new DomainError('NO_PAYMENT_REQUEST');
      return renderPaymentSlip(ctx, payment, services.payments.accounts.get(ctx.dossier.unitProvinceCode) ?? null);
    },
  },
  {
    file: 'rating.pdf',
    name: 'phieu-danh-gia',
    render: async (ctx, _url, services) => {
      const link = await services.satisfaction.linkOf(ctx.dossier.id);
      if (!link) throw new DomainError('NO_RATING_LINK');
      return renderRatingSlip(ctx, link, services.clock.now());
    },
  },
  {
    // The electronic result as issued (stored bytes, so its SHA-256 is the one recorded): docs/digitization.md.
    file: 'result.pdf',
    name: 'ket-qua',
    render: async (ctx, _url, services) => (await services.digitization.resultFile(ctx.dossier)).bytes,
  },
];

/**
 * Printed documents of a dossier for the counter: `GET /dossiers/{code}/receipt.pdf` (giấy tiếp
 * nhận hồ sơ và hẹn trả kết quả) and `GET /dossiers/{code}/apology.pdf` (phiếu xin lỗi và hẹn lại
 * ngày trả kết quả) and `GET /dossiers/{code}/payment.pdf` (phiếu yêu cầu nộp phí, lệ phí, with the
 * VietQR code) and `GET /dossiers/{code}/rating.pdf` (phiếu đánh giá, the one-time rating link as a QR
 * code, after RETURN_RESULT) and `GET /dossiers/{code}/result.pdf` (the electronic result, after RESOLVE). They show the applicant's name, so they follow the rule of personal data in
 * clear: staff of the dossier's own unit (and the applicant), with a bearer token; each print is an
 * audited read. Refusals as every plain route gives them (domain-refusal.ts): 401, 403, 404, 409
 * when the dossier has no such document yet.
 */
export function dossierDocumentRoutes(services: Services, tokens: TokenVerifier, publicBaseUrl: string): Route[] {
  return DOCUMENTS.map((document) => ({
    method: 'GET' as const,
    path: new RegExp(`^/dossiers/([^/]+)/${document.file.replace('.', '\\.')}$`),
    handle: async (req: IncomingMessage, res: ServerResponse, match: RegExpMatchArray) => {
      const lang = languageOf(req.headers['accept-language']);
      const code = decodeCode(match[1]!);
      try {
        const actor = await bearerActorOf(req, tokens);
        const dossier = await services.dossiers.withPersonalData(actor, code, `GET /dossiers/{code}/${document.file}`);
        const context = await loadDossierContext(services, dossier);
        const pdf = await document.render(context, `${publicBaseUrl}/track/${encodeURIComponent(dossier.code)}`, services);
        res.writeHead(200, {
          'content-type': 'application/pdf',
          'content-length': pdf.length,
          'content-disposition': `inline; filename="${document.name}-${dossier.code.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf"`,
          'cache-control': 'no-store',
        });
        res.end(pdf);
      } catch (error) {
        if (!isDomainError(error)) throw error;
        sendDomainRefusal(res, error, lang);
      }
    },
  }));
}

function decodeCode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new HttpError(400, 'BAD_USER_INPUT', 'malformed dossier code in the path');
  }
}
