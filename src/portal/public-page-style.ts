import { createHash } from 'node:crypto';
import { html, SafeHtml } from './html.js';

/**
 * The look of the public pages citizens open from a QR code or an SMS (tracking, rating). Mobile
 * first, system fonts, contrast above WCAG AA (body #1b1b1b on white, buttons white on #0b4f8a),
 * visible focus, large tap targets. Inline, so a page works without a build step or a second
 * request; allowed by the pages' CSP through its hash.
 */
const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;font-size:1.0625rem;line-height:1.5;color:#1b1b1b;background:#fff}
header{background:#0b4f8a;color:#fff;padding:.75rem 1rem}
header p{margin:0;font-weight:600}
main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0 1rem}
h2{font-size:1.25rem;margin:1.5rem 0 .5rem}
label{display:block;font-weight:600;margin-bottom:.25rem}
.hint{color:#3d3d3d;margin:.25rem 0 .75rem;font-size:.95rem}
input{font-size:1.25rem;padding:.6rem .75rem;width:100%;max-width:12rem;border:2px solid #5a5a5a;border-radius:.375rem;letter-spacing:.2em}
input.wide{max-width:none;letter-spacing:0;font-family:ui-monospace,monospace;font-size:1rem}
textarea{font:inherit;width:100%;min-height:7rem;padding:.6rem .75rem;border:2px solid #5a5a5a;border-radius:.375rem}
button{display:block;margin-top:.75rem;font-size:1.0625rem;font-weight:600;padding:.75rem 1.5rem;min-height:3rem;border:0;border-radius:.375rem;background:#0b4f8a;color:#fff;cursor:pointer}
input:focus,button:focus,textarea:focus{outline:3px solid #f2a900;outline-offset:2px}
.alert{border-left:.375rem solid #b00020;background:#fdecee;color:#5c0011;padding:.75rem 1rem;margin:1rem 0}
.done{border-left:.375rem solid #1b6e20;background:#e8f5e9;color:#0f3d12;padding:.75rem 1rem;margin:1rem 0}
dl{margin:0;display:grid;grid-template-columns:1fr;gap:.125rem}
dt{font-weight:600;color:#3d3d3d;margin-top:.5rem}
dd{margin:0}
.status{font-size:1.25rem;font-weight:700;color:#0b4f8a}
ol{padding-left:1.25rem}
li{margin-bottom:.75rem}
time{font-weight:600}
fieldset{border:0;padding:0;margin:1rem 0}
legend{font-weight:600;margin-bottom:.5rem}
.stars label{display:flex;align-items:center;gap:.75rem;font-weight:400;min-height:3rem;padding:.25rem .5rem;border:1px solid #c4c4c4;border-radius:.375rem;margin-bottom:.5rem;cursor:pointer}
.stars input{width:1.5rem;height:1.5rem;max-width:none;margin:0}
@media (min-width:40rem){dl{grid-template-columns:12rem 1fr}dt{margin-top:0}}
`;

/** The style element every public page puts in its head. */
export const PUBLIC_PAGE_STYLE: SafeHtml = html`<style>${new SafeHtml(STYLE)}</style>`;

/** The CSP source of the style above (`style-src` of every public page). */
export const PUBLIC_PAGE_STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

/** What a public page may load: only its own style, images inlined, forms posting back to this server. */
export const PUBLIC_PAGE_CSP = `default-src 'none'; style-src ${PUBLIC_PAGE_STYLE_HASH}; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;
