import jsQRModule from 'jsqr';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

// jsqr is CommonJS: at run time its module object is the function, its typings say `default`.
const jsQR = ((jsQRModule as { default?: unknown }).default ?? jsQRModule) as typeof jsQRModule.default;

export interface PdfContent {
  pages: number;
  /** Page size in points of the first page. */
  size: { width: number; height: number };
  /** All text, items joined by spaces, pages by new lines. */
  text: string;
  /** Every font the file uses, and whether its glyphs are embedded in it. */
  fonts: { name: string; embedded: boolean }[];
  /** What each QR code drawn as an image says. */
  qrCodes: string[];
}

/** Reads a PDF back the way a viewer does (pdf.js): its text, its fonts and the QR codes in its images. */
export async function readPdf(data: Buffer): Promise<PdfContent> {
  const task = getDocument({ data: new Uint8Array(data), isOffscreenCanvasSupported: false, useSystemFonts: false, verbosity: 0 });
  const pdf = await task.promise;
  const texts: string[] = [];
  const qrCodes: string[] = [];
  let size = { width: 0, height: 0 };
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    if (n === 1) {
      const [x0, y0, x1, y1] = page.view;
      size = { width: x1! - x0!, height: y1! - y0! };
    }
    const content = await page.getTextContent();
    texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
    const operators = await page.getOperatorList();
    for (const [i, fn] of operators.fnArray.entries()) {
      if (fn !== OPS.paintImageXObject) continue;
      const image = await new Promise<{ width: number; height: number; data: Uint8ClampedArray; kind: number }>((resolve) =>
        page.objs.get(operators.argsArray[i][0], resolve),
      );
      const decoded = jsQR(toRgba(image), image.width, image.height);
      if (decoded) qrCodes.push(decoded.data);
    }
  }
  const pages = pdf.numPages;
  await task.destroy();
  return { pages, size, text: texts.join('\n'), fonts: fontsOf(data), qrCodes };
}

/**
 * Font dictionaries are plain objects in the file (only streams are compressed): each names its
 * font, and an embedded one points at a font descriptor with a FontFile (the glyphs).
 */
function fontsOf(data: Buffer): { name: string; embedded: boolean }[] {
  const raw = data.toString('latin1');
  const names = [...raw.matchAll(/\/Type \/Font\b[\s\S]*?\/BaseFont \/([^\s/>]+)/g)].map((m) => m[1]!);
  const embedded = new Set([...raw.matchAll(/\/FontName \/([^\s/>]+)[\s\S]*?\/FontFile[23]? /g)].map((m) => m[1]!));
  return [...new Set(names)].map((name) => ({ name, embedded: embedded.has(name) }));
}

/** pdf.js hands images over as grey (kind 1, 1 bit), RGB (kind 2) or RGBA (kind 3). */
function toRgba(image: { width: number; height: number; data: Uint8ClampedArray; kind: number }): Uint8ClampedArray {
  if (image.kind === 3) return image.data;
  const pixels = image.width * image.height;
  const out = new Uint8ClampedArray(pixels * 4);
  for (let p = 0; p < pixels; p++) {
    let r: number, g: number, b: number;
    if (image.kind === 2) {
      [r, g, b] = [image.data[p * 3]!, image.data[p * 3 + 1]!, image.data[p * 3 + 2]!];
    } else {
      const rowBytes = (image.width + 7) >> 3;
      const x = p % image.width;
      const y = Math.floor(p / image.width);
      r = g = b = (image.data[y * rowBytes + (x >> 3)]! >> (7 - (x & 7))) & 1 ? 255 : 0;
    }
    out.set([r, g, b, 255], p * 4);
  }
  return out;
}
