import { html, page } from './html.js';
import { PUBLIC_PAGE_STYLE } from './public-page-style.js';

/** The words of each star count, as the national portal's satisfaction survey words them. */
export const STAR_LABELS: readonly string[] = ['Rất không hài lòng', 'Không hài lòng', 'Bình thường', 'Hài lòng', 'Rất hài lòng'];

/** What the public rating page shows; every value is text (escaped), nothing here is trusted. */
export type RatingPageView =
  /** The form: the dossier the link rates, with what was typed when a submission was refused. */
  | { kind: 'form'; token: string; dossierCode: string; procedureName: string; unitName: string; expiresOn: string; alert?: string; stars?: number; comment?: string }
  /** The link cannot be used (invalid, used, expired, already rated, no result yet): only why. */
  | { kind: 'refused'; alert: string }
  | { kind: 'thanks'; dossierCode: string };

/** Path the form posts to. */
export const RATING_PAGE_PATH = '/danh-gia';

function form(view: Extract<RatingPageView, { kind: 'form' }>) {
  return html`<dl>
<dt>Mã hồ sơ</dt><dd>${view.dossierCode}</dd>
<dt>Thủ tục</dt><dd>${view.procedureName}</dd>
<dt>Nơi giải quyết</dt><dd>${view.unitName}</dd>
<dt>Đánh giá được đến hết</dt><dd>${view.expiresOn}</dd>
</dl>
${view.alert ? html`<p class="alert" role="alert" id="rating-alert">${view.alert}</p>` : ''}
<form method="post" action="${RATING_PAGE_PATH}">
<input type="hidden" name="token" value="${view.token}">
<fieldset class="stars"${view.alert ? html` aria-describedby="rating-alert"` : ''}>
<legend>Ông/Bà đánh giá thế nào về việc giải quyết hồ sơ?</legend>
${STAR_LABELS.map((label, i) => html`<label><input type="radio" name="stars" value="${i + 1}" required${view.stars === i + 1 ? html` checked` : ''}> ${i + 1} sao: ${label}</label>
`)}</fieldset>
<label for="comment">Góp ý (không bắt buộc)</label>
<p class="hint" id="comment-hint">Góp ý được chuyển tới đơn vị giải quyết để trả lời. Xin đừng ghi số định danh hay số điện thoại.</p>
<textarea id="comment" name="comment" maxlength="2000" aria-describedby="comment-hint">${view.comment ?? ''}</textarea>
<button type="submit">Gửi đánh giá</button>
</form>`;
}

/** The page a one-time rating link opens (from the QR on the result slip, or an SMS). */
export function renderRatingPage(view: RatingPageView): string {
  const body = view.kind === 'form'
    ? form(view)
    : view.kind === 'thanks'
      ? html`<p class="done" role="status">Cảm ơn Ông/Bà đã đánh giá việc giải quyết hồ sơ ${view.dossierCode}. Ý kiến của Ông/Bà giúp chúng tôi phục vụ tốt hơn.</p>`
      : html`<p class="alert" role="alert">${view.alert}</p>`;
  return page({
    lang: 'vi',
    title: 'Đánh giá mức độ hài lòng',
    head: PUBLIC_PAGE_STYLE,
    body: html`<header><p>Đánh giá mức độ hài lòng về giải quyết thủ tục hành chính</p></header>
<main>
<h1>Đánh giá mức độ hài lòng</h1>
${body}
</main>`,
  });
}
