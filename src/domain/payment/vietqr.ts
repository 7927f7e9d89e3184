import QRCode from 'qrcode';
import vietnamQrPay from 'vietnam-qr-pay';
import type { CollectionAccount } from './collection-accounts.js';

// vietnam-qr-pay is CommonJS: under jest's VM modules its named exports may not be detected, so
// they are read off the module object.
const { QRPay } = ((vietnamQrPay as { default?: unknown }).default ?? vietnamQrPay) as typeof vietnamQrPay;

/**
 * The VietQR (NAPAS 247, EMVCo) payload of a transfer of `amount` VND to the province's collection
 * account with the payment reference as its purpose: every Vietnamese banking app reads it and
 * fills the transfer in, so the citizen cannot mistype the reference that the bank's notification
 * will carry back (the one thing that matches the transfer to the dossier).
 */
export function vietQrPayload(account: CollectionAccount, amount: number, reference: string): string {
  const qr = QRPay.initVietQR({
    bankBin: account.bankBin,
    bankNumber: account.accountNumber,
    amount: String(amount),
    purpose: reference,
  });
  return qr.build();
}

/** The payload as a PNG data URL, for portals that show it without a QR library of their own. */
export function qrPngDataUrl(payload: string): Promise<string> {
  return QRCode.toDataURL(payload, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
}
