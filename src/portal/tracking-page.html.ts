import { html, page, SafeHtml } from './html.js';
import { PUBLIC_PAGE_STYLE } from './public-page-style.js';

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
    head: PUBLIC_PAGE_STYLE,
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
