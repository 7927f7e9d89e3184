import { DossierAction } from '../domain/vocabulary/dossier-enums.js';
import type { DossierEventRow } from '../domain/dossier/dossier-reader.js';
import { localDateOf } from '../domain/time/local-time.js';
import type { DossierContext } from './dossier-context.js';
import { centerName, documentTitle, finish, FONT, labelled, signatures, startCenterDocument, trackingQrBlock } from './pdf-document.js';
import { formatDate } from '../domain/text/vietnamese-format.js';

/** The EXTEND_DEADLINE event of a dossier (at most one: the lifecycle allows it once), or null. */
export function deadlineExtensionOf(history: readonly DossierEventRow[]): DossierEventRow | null {
  return history.find((e) => e.action === DossierAction.EXTEND_DEADLINE) ?? null;
}

/**
 * Phiếu xin lỗi và hẹn lại ngày trả kết quả (form 04 of Circular 01/2018/TT-VPCP): when a dossier
 * will be late, the center apologises in writing and promises a new date (EXTEND_DEADLINE). The
 * reason is the note the leader gave with the extension. Call only when there was an extension.
 */
export async function renderApologyLetter(ctx: DossierContext, extension: DossierEventRow, trackingUrl: string): Promise<Buffer> {
  const { dossier, procedure } = ctx;
  const center = centerName(ctx);
  const doc = startCenterDocument(ctx, 'Phiếu xin lỗi và hẹn lại ngày trả kết quả', extension.at);
  documentTitle(doc, 'Phiếu xin lỗi và hẹn lại ngày trả kết quả');

  labelled(doc, 'Kính gửi', `Ông/Bà ${dossier.applicantFullName}`);
  doc.moveDown(0.5);
  const received = dossier.receivedAt ? `Ngày ${formatDate(localDateOf(dossier.receivedAt))}, ` : '';
  doc.text(
    `${received}${center} tiếp nhận giải quyết hồ sơ của Ông/Bà, mã hồ sơ ${dossier.code}, về thủ tục ${procedure.name}.`,
  );
  labelled(doc, 'Thời gian hẹn trả kết quả giải quyết hồ sơ', formatDate(dossier.dueDate!));
  doc.text(`Tuy nhiên đến nay, ${center} chưa trả kết quả giải quyết hồ sơ của Ông/Bà theo đúng thời gian đã hẹn.`, { align: 'justify' });
  labelled(doc, 'Lý do', extension.note?.trim() || 'Hồ sơ cần thêm thời gian để xem xét, giải quyết.');
  doc.moveDown(0.3);
  doc.text('Sự chậm trễ này đã gây phiền hà, tốn kém chi phí, công sức của Ông/Bà. Chúng tôi xin lỗi Ông/Bà và sẽ trả kết quả giải quyết hồ sơ cho Ông/Bà vào:', {
    align: 'justify',
  });
  labelled(doc, 'Ngày hẹn trả kết quả mới', formatDate(dossier.extendedDueDate!));
  doc.moveDown(0.3);
  doc.font(FONT.italic).text('Xin trân trọng cảm ơn sự hợp tác của Ông/Bà./.').font(FONT.regular);
  doc.moveDown(0.8);

  await trackingQrBlock(doc, trackingUrl);
  signatures(doc, null, ['GIÁM ĐỐC', '(Ký, ghi rõ họ tên và đóng dấu)']);
  return finish(doc);
}
