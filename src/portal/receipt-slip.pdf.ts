import { maskTail4 } from '../domain/citizen/citizen-id.js';
import type { DossierContext } from './dossier-context.js';
import { centerName, documentTitle, finish, FONT, labelled, signatures, startCenterDocument, trackingQrBlock } from './pdf-document.js';
import { formatDate, formatDateTime } from '../domain/text/vietnamese-format.js';
import { describeProcessingTime } from '../domain/procedure/processing-time.js';
import { nationalProcessingTime } from '../domain/procedure/procedure.entity.js';
import { CHANNEL_LABELS } from '../domain/text/vietnamese-labels.js';

/**
 * Giấy tiếp nhận hồ sơ và hẹn trả kết quả (form 01 of Circular 01/2018/TT-VPCP): what the
 * applicant takes home from the counter. It names the documents received (the procedure's
 * required documents), the time of receipt and the promised date, and carries a QR code that opens
 * the public tracking page. The citizen id is masked: the slip can be lost or photographed.
 */
export async function renderReceiptSlip(ctx: DossierContext, trackingUrl: string): Promise<Buffer> {
  const { dossier, procedure } = ctx;
  const receivedAt = dossier.receivedAt!;
  const center = centerName(ctx);
  const doc = startCenterDocument(ctx, 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả', receivedAt);
  documentTitle(doc, 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả', `Mã hồ sơ: ${dossier.code}`);

  doc.text(`${center} đã tiếp nhận hồ sơ của:`);
  labelled(doc, 'Ông/Bà', dossier.applicantFullName);
  labelled(doc, 'Số định danh cá nhân', maskTail4(dossier.applicantCitizenId));
  labelled(doc, 'Nội dung yêu cầu giải quyết', `${procedure.name} (mã thủ tục ${procedure.code})`);
  labelled(doc, 'Hình thức nộp', CHANNEL_LABELS[dossier.channel]);
  doc.moveDown(0.5);

  doc.text('1. Thành phần hồ sơ nộp gồm:');
  const documents = procedure.requiredDocuments;
  if (documents.length === 0) doc.text('Theo quy định của thủ tục.', { indent: 20 });
  documents.forEach((d, i) => {
    doc.text(`${i + 1}) ${d.name}: ${String(d.copies).padStart(2, '0')} bản${d.mandatory ? '' : ' (nếu có)'}.`, { indent: 20 });
  });
  doc.text('2. Số lượng hồ sơ: 01 bộ.');
  // The time the dossier runs under (the province's own where it published one), as published.
  const time = dossier.processingTimeUnit && dossier.processingTimeValue !== null
    ? { value: dossier.processingTimeValue, unit: dossier.processingTimeUnit }
    : nationalProcessingTime(procedure);
  doc.text(`3. Thời gian giải quyết hồ sơ theo quy định: ${describeProcessingTime(time).toLowerCase()}.`);
  doc.text(`4. Thời gian nhận hồ sơ: ${formatDateTime(receivedAt)}.`);
  // A time counted in hours or half days is due at a time of day, which the citizen must know.
  if (dossier.dueAt) labelled(doc, '5. Thời gian hẹn trả kết quả', formatDateTime(dossier.dueAt));
  else labelled(doc, '5. Ngày hẹn trả kết quả', formatDate(dossier.dueDate!));
  if (dossier.extendedDueDate) {
    doc.font(FONT.italic).text(`(Đã có phiếu xin lỗi và hẹn lại ngày trả kết quả: ${formatDate(dossier.extendedDueDate)}.)`).font(FONT.regular);
  }
  doc.text(`6. Nhận kết quả tại: ${center}.`);
  if (procedure.feeVnd > 0) doc.text(`7. Phí, lệ phí: ${procedure.feeVnd.toLocaleString('vi-VN')} đồng.`);
  doc.moveDown(0.8);

  await trackingQrBlock(doc, trackingUrl);
  signatures(doc, ['NGƯỜI NỘP HỒ SƠ', '(Ký và ghi rõ họ tên)'], ['NGƯỜI TIẾP NHẬN HỒ SƠ', '(Ký và ghi rõ họ tên)']);
  return finish(doc);
}
