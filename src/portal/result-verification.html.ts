import { formatDateTime } from '../domain/text/vietnamese-format.js';
import type { ResultVerificationRow } from '../domain/digitization/digitization-store.js';
import { html, page } from './html.js';
import { PUBLIC_PAGE_STYLE } from './public-page-style.js';

export interface ResultVerificationView {
  /** The checksum asked about, as typed (shown back in the form). */
  sha256: string;
  found?: ResultVerificationRow;
  alert?: string;
}

/**
 * The public page that checks an electronic result (the QR code on the PDF opens it): the holder
 * of a file types its SHA-256 and learns whether that exact file was issued, for which dossier code,
 * by which unit, when and signed by whom. Nothing about the applicant: the file itself has that.
 */
export function renderResultVerificationPage(view: ResultVerificationView): string {
  const r = view.found;
  return page({
    lang: 'vi',
    title: 'Kiểm tra kết quả giải quyết thủ tục hành chính',
    head: PUBLIC_PAGE_STYLE,
    body: html`<header><p>Kiểm tra kết quả giải quyết thủ tục hành chính điện tử</p></header>
<main>
<h1>Kiểm tra kết quả điện tử</h1>
<form method="get" action="/verify/result">
<label for="sha256">Mã SHA-256 của tệp kết quả</label>
<p class="hint" id="sha256-hint">64 ký tự, ví dụ tính bằng lệnh: sha256sum ket-qua.pdf</p>
<input id="sha256" name="sha256" type="text" maxlength="64" autocomplete="off" required class="wide" value="${view.sha256}" aria-describedby="sha256-hint">
<button type="submit">Kiểm tra</button>
</form>
${view.alert ? html`<p class="alert" role="alert">${view.alert}</p>` : ''}
${r ? html`<p class="done" role="status">Tệp đúng là kết quả đã được cấp và không bị sửa đổi.</p>
<dl>
<dt>Mã hồ sơ</dt><dd>${r.dossierCode}</dd>
<dt>Thủ tục</dt><dd>${r.procedureName} (${r.procedureCode})</dd>
<dt>Cơ quan cấp</dt><dd>${r.unitName}</dd>
<dt>Thời điểm cấp</dt><dd><time datetime="${r.issuedAt.toISOString()}">${formatDateTime(r.issuedAt)}</time></dd>
<dt>Chữ ký số</dt><dd>${r.signed ? r.signer ?? 'Có' : 'Chưa ký số (kiểm tra bằng mã SHA-256)'}</dd>
</dl>` : ''}
</main>`,
  });
}
