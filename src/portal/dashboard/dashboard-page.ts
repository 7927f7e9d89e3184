import { html, page, type SafeHtml } from '../html.js';
import { assetTable, CSS, inlineAsset, JAVASCRIPT, packageAsset, type AssetLookup } from '../static-assets.js';
import { DASHBOARD_SCRIPT } from './dashboard-script.js';
import { DASHBOARD_STYLE } from './dashboard-style.js';

/**
 * The dashboard page for provincial centers (`GET /dashboard`): a shell with no figures in it
 * (anyone may load it); its script fetches `/dashboard/data.json` with the officer's token and
 * fills it. Chart.js comes from node_modules through this server, so it works offline.
 */
export const DASHBOARD_ASSETS_PATH = '/dashboard/assets';

/** The dashboard's files by name, or null for anything else. */
export const dashboardAsset: AssetLookup = assetTable({
  'chart.umd.min.js': packageAsset('chart.js', 'dist/chart.umd.min.js', JAVASCRIPT),
  'dashboard.js': inlineAsset(DASHBOARD_SCRIPT, JAVASCRIPT),
  'dashboard.css': inlineAsset(DASHBOARD_STYLE, CSS),
});

/** Scripts, styles and requests to this server only; Chart.js sizes its canvases through element.style. */
export const DASHBOARD_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const asset = (name: string) => `${DASHBOARD_ASSETS_PATH}/${name}`;

/** A table's head, its empty body (the script fills it) and what it says when there is no row. */
function table(id: string, headers: ReadonlyArray<[text: string, numeric?: boolean]>, empty: string): SafeHtml {
  return html`<div class="table"><table id="${id}"><thead><tr>${headers.map(([text, numeric]) =>
    html`<th scope="col"${numeric ? html` class="n"` : ''}>${text}</th>`)}</tr></thead><tbody></tbody></table></div>
<p class="empty" id="${id}-empty" hidden>${empty}</p>`;
}

const CARDS: ReadonlyArray<[id: string, label: string]> = [
  ['received', 'Hồ sơ tiếp nhận'],
  ['onlineRate', 'Tỷ lệ tiếp nhận trực tuyến'],
  ['resolved', 'Hồ sơ đã giải quyết'],
  ['onTimeRate', 'Tỷ lệ trước hạn và đúng hạn'],
  ['progressScore', 'Chỉ số tiến độ (QĐ 766)'],
  ['inProgressOverdue', 'Đang giải quyết quá hạn'],
];

/** The other indicators of Decision 766 (Query.serviceIndex), under their own heading. */
const INDEX_CARDS: ReadonlyArray<[id: string, label: string]> = [
  ['averageResolutionWorkingDays', 'Thời gian giải quyết trung bình'],
  ['apologies', 'Phiếu xin lỗi, hẹn lại'],
  ['onlinePaymentRate', 'Tỷ lệ thanh toán phí trực tuyến'],
  ['satisfiedRate', 'Tỷ lệ hài lòng'],
  ['averageStars', 'Điểm đánh giá trung bình'],
  ['onlineUseRate', 'Thủ tục trực tuyến có phát sinh hồ sơ'],
];

const cards = (list: ReadonlyArray<[string, string]>, prefix: string) =>
  html`<ul class="cards">${list.map(([id, label]) => html`<li><span class="label">${label}</span><span class="value" id="${prefix}-${id}">–</span></li>`)}</ul>`;

export function renderDashboardPage(): string {
  return page({
    lang: 'vi',
    title: 'Bảng theo dõi chỉ số phục vụ người dân, doanh nghiệp',
    head: html`<link rel="stylesheet" href="${asset('dashboard.css')}">`,
    body: html`<header><p>Trung tâm Phục vụ hành chính công · Bảng theo dõi</p></header>
<main>
<h1 id="title">Chỉ số phục vụ người dân, doanh nghiệp</h1>
<p class="period" id="period"></p>
<div class="alert" id="alert" role="alert" hidden></div>
<form id="signin" hidden>
<div><label for="token">Mã truy cập của cán bộ</label><input id="token" name="token" type="password" autocomplete="off" required></div>
<button type="submit">Đăng nhập</button>
</form>
<form id="filters" hidden method="get" action="/dashboard">
<div><label for="filter-unitCode">Mã đơn vị</label><input id="filter-unitCode" name="unitCode" inputmode="numeric" maxlength="16"></div>
<div><label for="filter-from">Từ ngày</label><input id="filter-from" name="from" type="date"></div>
<div><label for="filter-to">Đến ngày</label><input id="filter-to" name="to" type="date"></div>
<button type="submit">Xem</button>
<button type="button" id="signout">Đăng xuất</button>
</form>
<div id="content" hidden>
${cards(CARDS, 'card')}
<section class="panel" aria-labelledby="index-heading">
<h2 id="index-heading">Dịch vụ số và mức độ hài lòng</h2>
${cards(INDEX_CARDS, 'index')}
<p class="note" id="index-late-reasons"></p>
</section>
<section class="panel" aria-labelledby="trend-heading">
<h2 id="trend-heading">Xu hướng theo tháng</h2>
<div class="chart"><canvas id="trend-chart" role="img" aria-label="Biểu đồ hồ sơ tiếp nhận, đã giải quyết và tỷ lệ đúng hạn theo tháng"></canvas></div>
<details><summary>Bảng số liệu theo tháng</summary>
${table('trend-table', [['Tháng'], ['Tiếp nhận', true], ['Trực tuyến', true], ['Đã giải quyết', true], ['Đúng hạn', true], ['Chỉ số tiến độ', true]], 'Không có tháng nào trong kỳ.')}
</details>
</section>
<div class="grid">
<section class="panel" aria-labelledby="units-heading">
<h2 id="units-heading">Xếp hạng đơn vị theo Chỉ số tiến độ</h2>
<div class="chart" id="units-chart-box"><canvas id="units-chart" role="img" aria-label="Biểu đồ xếp hạng đơn vị theo chỉ số tiến độ giải quyết"></canvas></div>
<p class="empty" id="units-idle"></p>
<details><summary>Bảng xếp hạng đầy đủ</summary>
${table('units-table', [['#', true], ['Đơn vị'], ['Chỉ số tiến độ', true], ['Đúng hạn', true], ['Tiếp nhận', true], ['Quá hạn', true]], 'Không có đơn vị nào có hồ sơ trong kỳ.')}
</details>
</section>
<section class="panel" aria-labelledby="fields-heading">
<h2 id="fields-heading">Hồ sơ trễ hạn theo lĩnh vực</h2>
<div class="chart" id="fields-chart-box"><canvas id="fields-chart" role="img" aria-label="Biểu đồ hồ sơ trễ hạn theo lĩnh vực"></canvas></div>
<details><summary>Bảng theo lĩnh vực</summary>
${table('fields-table', [['Lĩnh vực'], ['Giải quyết quá hạn', true], ['Đang giải quyết quá hạn', true]], 'Không có hồ sơ trễ hạn trong kỳ.')}
</details>
</section>
</div>
</div>
</main>
<script src="${asset('chart.umd.min.js')}"></script>
<script src="${asset('dashboard.js')}"></script>`,
  });
}
