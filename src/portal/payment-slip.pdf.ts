import type { CollectionAccount } from '../domain/payment/collection-accounts.js';
import type { PaymentRequestRow } from '../domain/payment/payment-store.js';
import { formatDateTime } from '../domain/text/vietnamese-format.js';
import type { DossierContext } from './dossier-context.js';
import { centerName, documentTitle, finish, labelled, qrBlock, signatures, startCenterDocument } from './pdf-document.js';

const STATUS_LABELS = { PENDING: 'Chưa thanh toán', PAID: 'Đã thanh toán', CANCELLED: 'Đã hủy' } as const;
const METHOD_LABELS = { ONLINE: 'trực tuyến (chuyển khoản VietQR)', CASH: 'tiền mặt tại Bộ phận một cửa' } as const;

/**
 * Phiếu yêu cầu nộp phí, lệ phí: the amount, the payment code to put in the transfer, the
 * province's collection account and the VietQR code that a banking app scans to fill the transfer
 * in. No citizen id at all (the slip is handed out and photographed); the name, as on the receipt.
 */
export async function renderPaymentSlip(
  ctx: DossierContext,
  payment: PaymentRequestRow,
  account: CollectionAccount | null,
): Promise<Buffer> {
  const { dossier, procedure } = ctx;
  const doc = startCenterDocument(ctx, 'Phiếu yêu cầu nộp phí, lệ phí', payment.createdAt);
  documentTitle(doc, 'Phiếu yêu cầu nộp phí, lệ phí', `Mã hồ sơ: ${dossier.code}`);
  doc.text(`${centerName(ctx)} đề nghị Ông/Bà ${dossier.applicantFullName} nộp phí, lệ phí của hồ sơ:`);
  labelled(doc, 'Thủ tục', `${procedure.name} (mã thủ tục ${procedure.code})`);
  labelled(doc, 'Số tiền', `${payment.amount.toLocaleString('vi-VN')} đồng (${payment.currency})`);
  labelled(doc, 'Mã thanh toán (nội dung chuyển khoản)', payment.reference);
  labelled(doc, 'Trạng thái', STATUS_LABELS[payment.status]);
  if (payment.status === 'PAID' && payment.paidAt && payment.method) {
    labelled(doc, 'Đã nộp', `${formatDateTime(payment.paidAt)}, ${METHOD_LABELS[payment.method]}`);
  }
  doc.moveDown(0.5);
  if (account && payment.qrPayload && payment.status === 'PENDING') {
    labelled(doc, 'Tài khoản thu', `${account.accountNumber}, ${account.accountName} (ngân hàng BIN ${account.bankBin})`);
    doc.moveDown(0.5);
    await qrBlock(doc, payment.qrPayload, 'Quét mã VietQR bằng ứng dụng ngân hàng để nộp trực tuyến (số tiền và nội dung đã điền sẵn):',
      `${payment.amount.toLocaleString('vi-VN')} đồng, nội dung ${payment.reference}`);
  } else if (payment.status === 'PENDING') {
    doc.text('Nộp bằng tiền mặt tại Bộ phận tiếp nhận và trả kết quả.');
  }
  signatures(doc, null, ['NGƯỜI LẬP PHIẾU', '(Ký và ghi rõ họ tên)']);
  return finish(doc);
}
