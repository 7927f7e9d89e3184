import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { localDateOf } from '../domain/time/local-time.js';
import { packageFile } from './package-files.js';
import { formatLongDate } from '../domain/text/vietnamese-format.js';

/**
 * A4 administrative documents (Decree 30/2020: Times-like body, national motto at the top right,
 * issuing body at the top left) rendered with pdfkit. The font is DejaVu, taken from the
 * `dejavu-fonts-ttf` package and embedded (subset) in every PDF, because the 14 standard PDF fonts
 * cannot draw Vietnamese diacritics (ấ, ư, ợ ...).
 */
type Pdf = PDFKit.PDFDocument;

export const FONT = { regular: 'DejaVuSerif', bold: 'DejaVuSerif-Bold', italic: 'DejaVuSerif-Italic' } as const;

let fonts: Record<(typeof FONT)[keyof typeof FONT], Buffer> | null = null;

/** The font files, read once per process. */
function loadFonts() {
  fonts ??= {
    [FONT.regular]: readFileSync(packageFile('dejavu-fonts-ttf', 'ttf/DejaVuSerif.ttf')),
    [FONT.bold]: readFileSync(packageFile('dejavu-fonts-ttf', 'ttf/DejaVuSerif-Bold.ttf')),
    [FONT.italic]: readFileSync(packageFile('dejavu-fonts-ttf', 'ttf/DejaVuSerif-Italic.ttf')),
  };
  return fonts;
}

/** A4 with the margins of Decree 30/2020 (left 30 mm, others 20 mm). */
const MM = 72 / 25.4;
const MARGINS = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 20 * MM };

function createA4Document(info: { title: string; subject: string; author: string; creationDate?: Date }): Pdf {
  const loaded = loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    // The default font (Helvetica) would be loaded for nothing and cannot write Vietnamese. pdfkit
    // takes font data as well as a path here; its type definitions only say "string".
    font: loaded[FONT.regular] as unknown as string,
    // A fixed creation date makes the file (its /ID is derived from the info) the same on every render.
    info: { Title: info.title, Subject: info.subject, Author: info.author, Creator: 'motcua', ...(info.creationDate ? { CreationDate: info.creationDate } : {}) },
    lang: 'vi-VN',
    displayTitle: true,
    bufferPages: false,
  });
  for (const [name, data] of Object.entries(loaded)) doc.registerFont(name, data);
  doc.font(FONT.regular).fontSize(12);
  return doc;
}

/** Collects the whole PDF. */
export function finish(doc: Pdf): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/**
 * The heading of an administrative document: the issuing body on the left (its superior body,
 * then itself in bold), the national name and motto on the right, then the place and date.
 */
function documentHeading(doc: Pdf, heading: { superior: string; issuer: string; reference: string; placeAndDate: string }): void {
  const width = doc.page.width - MARGINS.left - MARGINS.right;
  const leftWidth = width * 0.4;
  const rightX = MARGINS.left + leftWidth;
  const rightWidth = width - leftWidth;
  const top = MARGINS.top;

  doc.font(FONT.regular).fontSize(11).text(heading.superior.toLocaleUpperCase('vi'), MARGINS.left, top, { width: leftWidth, align: 'center' });
  doc.font(FONT.bold).fontSize(11).text(heading.issuer.toLocaleUpperCase('vi'), { width: leftWidth, align: 'center' });
  const leftRuleY = doc.y + 2;
  doc.moveTo(MARGINS.left + leftWidth * 0.3, leftRuleY).lineTo(MARGINS.left + leftWidth * 0.7, leftRuleY).lineWidth(0.6).stroke();
  doc.font(FONT.regular).fontSize(11).text(heading.reference, MARGINS.left, leftRuleY + 6, { width: leftWidth, align: 'center' });
  const leftBottom = doc.y;

  doc.font(FONT.bold).fontSize(11).text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', rightX, top, { width: rightWidth, align: 'center' });
  doc.font(FONT.bold).fontSize(12).text('Độc lập - Tự do - Hạnh phúc', { width: rightWidth, align: 'center' });
  const rightRuleY = doc.y + 2;
  doc.moveTo(rightX + rightWidth * 0.22, rightRuleY).lineTo(rightX + rightWidth * 0.78, rightRuleY).lineWidth(0.6).stroke();
  doc.font(FONT.italic).fontSize(11).text(heading.placeAndDate, rightX, rightRuleY + 6, { width: rightWidth, align: 'center' });

  doc.x = MARGINS.left;
  doc.y = Math.max(leftBottom, doc.y) + 24;
}

/** A centered document title in bold capitals, with an optional line under it. */
export function documentTitle(doc: Pdf, title: string, subtitle?: string): void {
  const width = doc.page.width - MARGINS.left - MARGINS.right;
  doc.font(FONT.bold).fontSize(14).text(title.toLocaleUpperCase('vi'), MARGINS.left, doc.y, { width, align: 'center' });
  if (subtitle) doc.font(FONT.bold).fontSize(12).text(subtitle, { width, align: 'center' });
  doc.moveDown(1);
  doc.font(FONT.regular).fontSize(12);
}

/** "Label: value" on one paragraph, the label in regular weight and the value in bold. */
export function labelled(doc: Pdf, label: string, value: string, options: PDFKit.Mixins.TextOptions = {}): void {
  doc.font(FONT.regular).text(`${label}: `, { continued: true, ...options }).font(FONT.bold).text(value).font(FONT.regular);
}

/**
 * A QR code that opens the tracking page, drawn as an image (black on white, quiet zone included)
 * with the address printed beside it for those who cannot scan.
 */
export async function trackingQrBlock(doc: Pdf, url: string): Promise<void> {
  await qrBlock(doc, url, 'Quét mã QR hoặc truy cập địa chỉ dưới đây để tra cứu tình trạng hồ sơ (nhập 4 chữ số cuối của số định danh cá nhân):', url, url);
}

/** A QR code of `content` with a caption and a line of text beside it (an address, a payment's details). */
export async function qrBlock(doc: Pdf, content: string, caption: string, text: string, link?: string): Promise<void> {
  const png = await QRCode.toBuffer(content, { errorCorrectionLevel: 'M', margin: 4, scale: 6, color: { dark: '#000000', light: '#ffffff' } });
  const size = 96;
  const width = doc.page.width - MARGINS.left - MARGINS.right;
  if (doc.y + size > doc.page.height - MARGINS.bottom) doc.addPage();
  const top = doc.y;
  doc.image(png, MARGINS.left, top, { width: size, height: size });
  doc.font(FONT.italic).fontSize(11).text(caption, MARGINS.left + size + 12, top + 12, { width: width - size - 12 });
  doc.font(FONT.regular).fontSize(11).text(text, { width: width - size - 12, ...(link ? { link } : {}), underline: false });
  doc.x = MARGINS.left;
  doc.y = Math.max(doc.y, top + size) + 12;
  doc.fontSize(12);
}

/** Two signature blocks side by side (left may be empty), each a title and a hint under it. */
export function signatures(doc: Pdf, left: [string, string] | null, right: [string, string]): void {
  const width = doc.page.width - MARGINS.left - MARGINS.right;
  const half = width / 2;
  if (doc.y + 90 > doc.page.height - MARGINS.bottom) doc.addPage();
  const top = doc.y + 6;
  const block = (x: number, [title, hint]: [string, string]) => {
    doc.font(FONT.bold).fontSize(12).text(title, x, top, { width: half, align: 'center' });
    doc.font(FONT.italic).fontSize(11).text(hint, x, doc.y, { width: half, align: 'center' });
  };
  if (left) block(MARGINS.left, left);
  block(MARGINS.left + half, right);
  doc.x = MARGINS.left;
  doc.font(FONT.regular).fontSize(12);
}

/** What a center's document says of its dossier (a DossierContext, or the facts of a change being recorded). */
export interface CenterDocumentSubject {
  dossier: { code: string };
  procedure: { name: string };
  unit: { name: string };
}

/** "Trung tâm Phục vụ hành chính công Phường Cẩm Thành". */
export function centerName(ctx: Pick<CenterDocumentSubject, 'unit'>): string {
  return `Trung tâm Phục vụ hành chính công ${ctx.unit.name}`;
}

/**
 * A document the dossier's center issues about it: A4 with its metadata, headed by the unit's
 * people's committee and its center, the dossier code, and the place and date of issue.
 */
export function startCenterDocument(ctx: CenterDocumentSubject, title: string, issuedAt: Date, options: { fixedCreationDate?: boolean } = {}): Pdf {
  const doc = createA4Document({
    title: `${title} ${ctx.dossier.code}`, subject: ctx.procedure.name, author: centerName(ctx),
    ...(options.fixedCreationDate ? { creationDate: issuedAt } : {}),
  });
  documentHeading(doc, {
    superior: `Ủy ban nhân dân ${ctx.unit.name}`,
    issuer: 'Trung tâm Phục vụ hành chính công',
    reference: `Mã hồ sơ: ${ctx.dossier.code}`,
    placeAndDate: `${ctx.unit.name}, ${formatLongDate(localDateOf(issuedAt))}`,
  });
  return doc;
}
