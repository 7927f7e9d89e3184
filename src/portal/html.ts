/**
 * HTML built with a tagged template that escapes every interpolated value, so that nothing from a
 * dossier (notes, names, codes typed into a URL) can become markup: a value is inserted raw only if
 * it was itself built by `html`.
 */
export class SafeHtml {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new SafeHtml(out);
}

/**
 * A whole page: UTF-8, phone-sized viewport, not indexed (pages may show a dossier), no favicon
 * request, then the page's own head elements and body.
 */
export function page(options: { lang: string; title: string; head: SafeHtml; body: SafeHtml; bodyAttributes?: SafeHtml }): string {
  return html`<!doctype html>
<html lang="${options.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<link rel="icon" href="data:,">
<title>${options.title}</title>
${options.head}
</head>
<body${options.bodyAttributes ?? ''}>
${options.body}
</body>
</html>
`.value;
}
