import { createHash } from 'node:crypto';
import { html, page, SafeHtml } from './html.js';

/** What the public tracking page shows (everything already in words; nothing here is trusted). */
export interface TrackedDossierView {
  code: string;
  procedureName: string;
  unitName: string;
  applicantName: string;
  citizenIdMasked: string;
  channel: string;
  status: string;
  timeliness: string;
  outcome: string | null;
  submittedAt: string | null;
  receivedAt: string | null;
  dueDate: string | null;
  extendedDueDate: string | null;
  history: { at: string; atIso: string; event: string; status: string; note: string | null }[];
}

export interface TrackingPageView {
  code: string;
  /** Path the form posts to (the page itself). */
  action: string;
  alert?: string;
  dossier?: TrackedDossierView;
}

/**
 * Mobile first, system fonts, contrast above WCAG AA (body #1b1b1b on white, buttons white on
 * #0b4f8a), visible focus, large tap targets. Inline, so the page works without a build step or a
 * second request; allowed by the CSP through its hash.
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
button{display:block;margin-top:.75rem;font-size:1.0625rem;font-weight:600;padding:.75rem 1.5rem;min-height:3rem;border:0;border-radius:.375rem;background:#0b4f8a;color:#fff;cursor:pointer}
input:focus,button:focus{outline:3px solid #f2a900;outline-offset:2px}
.alert{border-left:.375rem solid #b00020;background:#fdecee;color:#5c0011;padding:.75rem 1rem;margin:1rem 0}
dl{margin:0;display:grid;grid-template-columns:1fr;gap:.125rem}
dt{font-weight:600;color:#3d3d3d;margin-top:.5rem}
dd{margin:0}
.status{font-size:1.25rem;font-weight:700;color:#0b4f8a}
ol{padding-left:1.25rem}
li{margin-bottom:.75rem}
time{font-weight:600}
@media (min-width:40rem){dl{grid-template-columns:12rem 1fr}dt{margin-top:0}}
`;

/** The CSP source of the inline style above. */
export const TRACKING_PAGE_STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

function field(label: string, value: string | null): SafeHtml | null {
  return value === null ? null : html`<dt>${label}</dt><dd>${value}</dd>`;
}

function dossierSection(d: TrackedDossierView): SafeHtml {
  return html`<section aria-labelledby="result-title">
<h2 id="result-title">Thông tin hồ sơ</h2>
<dl>
<dt>Trạng thái</dt><dd class="status">${d.status}</dd>
${field('Tình trạng thời hạn', d.timeliness)}
${field('Kết quả giải quyết', d.outcome)}
${field('Thủ tục', d.procedureName)}
${field('Nơi tiếp nhận', d.unitName)}
${field('Người nộp', `${d.applicantName} (số định danh ${d.citizenIdMasked})`)}
${field('Hình thức nộp', d.channel)}
${field('Nộp trực tuyến lúc', d.submittedAt)}
${field('Tiếp nhận lúc', d.receivedAt)}
${field('Hạn trả kết quả', d.dueDate)}
${field('Ngày hẹn trả mới', d.extendedDueDate)}
</dl>
<h2>Quá trình giải quyết</h2>
<ol>
${d.history.map((e) => html`<li><time datetime="${e.atIso}">${e.at}</time>: ${e.event}. Trạng thái: ${e.status}.${e.note ? html` Ghi chú: ${e.note}` : ''}</li>
`)}</ol>
</section>`;
}

export function renderTrackingPage(view: TrackingPageView): string {
  return page({
    lang: 'vi',
    title: `Tra cứu hồ sơ ${view.code}`,
    head: html`<style>${new SafeHtml(STYLE)}</style>`,
    body: html`<header><p>Tra cứu tình trạng hồ sơ thủ tục hành chính</p></header>
<main>
<h1>Hồ sơ ${view.code}</h1>
<form method="post" action="${view.action}">
<label for="last4">4 chữ số cuối của số định danh cá nhân (căn cước) của người nộp hồ sơ</label>
<p class="hint" id="last4-hint">Ví dụ: số định danh 051203001234 thì nhập 1234.</p>
<input id="last4" name="last4" type="text" inputmode="numeric" pattern="[0-9]{4}" maxlength="4" autocomplete="off" required aria-describedby="last4-hint${view.alert ? ' lookup-alert' : ''}"${view.alert ? html` aria-invalid="true"` : ''}>
<button type="submit">Tra cứu</button>
</form>
${view.alert ? html`<p class="alert" role="alert" id="lookup-alert">${view.alert}</p>` : ''}
${view.dossier ? dossierSection(view.dossier) : ''}
</main>`,
  });
}
