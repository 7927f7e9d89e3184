import type { RatingLinkView } from '../domain/satisfaction/satisfaction.service.js';
import { formatDate } from '../domain/text/vietnamese-format.js';
import { localDateOf } from '../domain/time/local-time.js';
import type { DossierContext } from './dossier-context.js';
import { centerName, documentTitle, finish, qrBlock, startCenterDocument } from './pdf-document.js';

/**
 * Phiếu đánh giá mức độ hài lòng: handed over with the result, it carries the one-time rating link
 * as a QR code, so that the citizen can rate the service from a phone without logging in.
 */
export async function renderRatingSlip(ctx: DossierContext, link: RatingLinkView, issuedAt: Date): Promise<Buffer> {
  const doc = startCenterDocument(ctx, 'Phiếu đánh giá mức độ hài lòng', issuedAt);
  documentTitle(doc, 'Phiếu đánh giá mức độ hài lòng', `Mã hồ sơ: ${ctx.dossier.code}`);
  doc.text(`${centerName(ctx)} trân trọng đề nghị Ông/Bà đánh giá mức độ hài lòng về việc giải quyết thủ tục ${ctx.procedure.name}`
    + ' (từ 1 đến 5 sao, có thể kèm góp ý).');
  doc.moveDown(0.5);
  await qrBlock(doc, link.url, `Quét mã QR để đánh giá (dùng được một lần, đến hết ngày ${formatDate(localDateOf(link.expiresAt))}):`, link.url, link.url);
  return finish(doc);
}
