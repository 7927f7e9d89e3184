/**
 * The dashboard's script, run by the browser (plain ES2020, no build step, no framework). It keeps
 * the bearer token in sessionStorage only (gone with the tab): the token comes from the sign-in
 * form or from the link's fragment (`/dashboard#token=...`, which browsers never send to a
 * server, so it is in no access log), which the script then removes from the address bar.
 * It asks `data.json` for the figures once, fills the cards and the tables (the charts'
 * accessible copy), and draws the charts with Chart.js (served by this server, not a CDN).
 */
export const DASHBOARD_SCRIPT = String.raw`(function () {
  'use strict';
  var TOKEN_KEY = 'motcua.dashboard.token';
  var number = new Intl.NumberFormat('vi-VN');
  var percent = new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 1 });
  var charts = [];

  function $(id) { return document.getElementById(id); }
  function count(n) { return number.format(n); }
  function share(r) { return r === null || r === undefined ? '–' : percent.format(r); }
  var decimal = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });
  function average(v, unit) { return v === null || v === undefined ? '–' : decimal.format(v) + unit; }
  var REASONS = {
    SPECIALIZED_SYSTEM_FAILURE: 'hệ thống chuyên ngành gặp sự cố',
    AWAITING_OTHER_AGENCY: 'chờ cơ quan khác',
    VERIFICATION_REQUIRED: 'cần xác minh thêm',
    WORKLOAD: 'quá tải',
    FORCE_MAJEURE: 'bất khả kháng',
    OTHER: 'lý do khác'
  };
  function points(r) { return r === null || r === undefined ? null : Math.round(r * 1000) / 10; }
  function monthLabel(key) { return key.slice(5, 7) + '/' + key.slice(0, 4); }
  function dateLabel(d) { return d.slice(8, 10) + '/' + d.slice(5, 7) + '/' + d.slice(0, 4); }

  function takeTokenFromFragment() {
    var match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
    if (!match) return;
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }

  function showAlert(text) {
    var box = $('alert');
    box.textContent = text;
    box.hidden = !text;
  }

  function showSignIn(message) {
    $('signin').hidden = false;
    $('filters').hidden = true;
    $('content').hidden = true;
    showAlert(message || '');
  }

  function cell(row, text, numeric) {
    var td = document.createElement('td');
    td.textContent = text;
    if (numeric) td.className = 'n';
    row.appendChild(td);
  }

  function fillTable(id, rows, columns) {
    var body = $(id).querySelector('tbody');
    body.textContent = '';
    rows.forEach(function (item, index) {
      var tr = document.createElement('tr');
      columns.forEach(function (c) { cell(tr, c.value(item, index), c.numeric); });
      body.appendChild(tr);
    });
    $(id + '-empty').hidden = rows.length > 0;
  }

  function fillCards(s) {
    var values = {
      received: count(s.received),
      onlineRate: share(s.onlineRate),
      resolved: count(s.resolved),
      onTimeRate: share(s.onTimeRate),
      progressScore: share(s.progressScore),
      inProgressOverdue: count(s.inProgressOverdue)
    };
    Object.keys(values).forEach(function (k) { $('card-' + k).textContent = values[k]; });
  }

  function fillIndex(x) {
    var values = {
      averageResolutionWorkingDays: average(x.averageResolutionWorkingDays, ' ngày làm việc'),
      apologies: count(x.apologies),
      onlinePaymentRate: share(x.onlinePaymentRate),
      satisfiedRate: share(x.satisfiedRate),
      averageStars: average(x.averageStars, ' / 5'),
      onlineUseRate: share(x.onlineUseRate)
    };
    Object.keys(values).forEach(function (k) { $('index-' + k).textContent = values[k]; });
    var reasons = x.lateReasons.map(function (r) { return (r.reason ? REASONS[r.reason] : 'chưa ghi lý do') + ': ' + count(r.count); });
    $('index-late-reasons').textContent = reasons.length ? 'Hồ sơ trễ hạn theo lý do: ' + reasons.join('; ') + '.' : 'Không có hồ sơ trễ hạn trong kỳ.';
  }

  function draw(id, config) {
    config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options || {});
    charts.push(new Chart($(id), config));
  }

  function drawTrend(trend) {
    draw('trend-chart', {
      type: 'bar',
      data: {
        labels: trend.map(function (m) { return monthLabel(m.month); }),
        datasets: [
          { label: 'Tiếp nhận', data: trend.map(function (m) { return m.received; }), backgroundColor: '#0b4f8a', yAxisID: 'y' },
          { label: 'Đã giải quyết', data: trend.map(function (m) { return m.resolved; }), backgroundColor: '#5b9bd5', yAxisID: 'y' },
          { type: 'line', label: 'Trước hạn và đúng hạn (%)', data: trend.map(function (m) { return points(m.onTimeRate); }), borderColor: '#1b6e20', backgroundColor: '#1b6e20', pointRadius: 4, spanGaps: true, yAxisID: 'rate' }
        ]
      },
      options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } }, rate: { position: 'right', min: 0, max: 100, grid: { drawOnChartArea: false } } } }
    });
  }

  /**
   * A horizontal bar chart of the first rows of a ranked list (the table below has them all), its
   * box as tall as its bars need so that long unit and field names stay readable on a phone.
   */
  function drawRanking(id, rows, limit, datasets, options) {
    var shown = rows.slice(0, limit);
    $(id + '-box').style.height = Math.max(8, shown.length * 2 + 4) + 'rem';
    draw(id, {
      type: 'bar',
      data: {
        labels: shown.map(function (r) { return r.name || r.code; }),
        datasets: datasets.map(function (d) {
          return { label: d.label, backgroundColor: d.color, data: shown.map(d.value) };
        })
      },
      options: Object.assign({ indexAxis: 'y' }, options)
    });
  }

  function drawUnits(units) {
    drawRanking('units-chart', units, 15,
      [{ label: 'Chỉ số tiến độ (%)', color: '#0b4f8a', value: function (u) { return points(u.progressScore); } }],
      { scales: { x: { min: 0, max: 100 } }, plugins: { legend: { display: false } } });
  }

  function drawFields(fields) {
    drawRanking('fields-chart', fields, 10, [
      { label: 'Giải quyết quá hạn', color: '#b00020', value: function (f) { return f.resolvedLate; } },
      { label: 'Đang giải quyết quá hạn', color: '#f2a900', value: function (f) { return f.inProgressOverdue; } }
    ], { scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } } });
  }

  function render(data) {
    charts.forEach(function (c) { c.destroy(); });
    charts = [];
    $('title').textContent = 'Chỉ số phục vụ: ' + data.unit.name;
    $('filter-unitCode').value = data.unit.code;
    $('filter-from').value = data.from;
    $('filter-to').value = data.to;
    $('period').textContent = 'Từ ' + dateLabel(data.from) + ' đến ' + dateLabel(data.to) + ' · mã đơn vị ' + data.unit.code;
    fillCards(data.summary);
    fillIndex(data.index);
    fillTable('trend-table', data.trend, [
      { value: function (m) { return monthLabel(m.month); } },
      { value: function (m) { return count(m.received); }, numeric: true },
      { value: function (m) { return share(m.onlineRate); }, numeric: true },
      { value: function (m) { return count(m.resolved); }, numeric: true },
      { value: function (m) { return share(m.onTimeRate); }, numeric: true },
      { value: function (m) { return share(m.progressScore); }, numeric: true }
    ]);
    fillTable('units-table', data.units, [
      { value: function (u, i) { return String(i + 1); }, numeric: true },
      { value: function (u) { return u.name || u.code; } },
      { value: function (u) { return share(u.progressScore); }, numeric: true },
      { value: function (u) { return share(u.onTimeRate); }, numeric: true },
      { value: function (u) { return count(u.received); }, numeric: true },
      { value: function (u) { return count(u.inProgressOverdue); }, numeric: true }
    ]);
    $('units-idle').textContent = data.unitsWithoutDossiers > 0 ? count(data.unitsWithoutDossiers) + ' đơn vị không có hồ sơ trong kỳ (không xếp hạng).' : '';
    fillTable('fields-table', data.lateByField, [
      { value: function (f) { return f.name || f.code; } },
      { value: function (f) { return count(f.resolvedLate); }, numeric: true },
      { value: function (f) { return count(f.inProgressOverdue); }, numeric: true }
    ]);
    drawTrend(data.trend);
    drawUnits(data.units);
    drawFields(data.lateByField);
    $('content').hidden = false;
    document.body.setAttribute('data-state', 'ready');
  }

  function load() {
    var token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) return showSignIn();
    $('signin').hidden = true;
    $('filters').hidden = false;
    showAlert('');
    document.body.setAttribute('data-state', 'loading');
    fetch('/dashboard/data.json' + window.location.search, { headers: { authorization: 'Bearer ' + token, 'accept-language': 'vi' } })
      .then(function (response) {
        return response.json().then(function (body) { return { status: response.status, body: body }; });
      })
      .then(function (answer) {
        if (answer.status === 401) {
          sessionStorage.removeItem(TOKEN_KEY);
          return showSignIn(answer.body.error.message);
        }
        if (answer.status !== 200) {
          document.body.setAttribute('data-state', 'refused');
          return showAlert(answer.body.error ? answer.body.error.message : 'Không tải được số liệu.');
        }
        render(answer.body);
      })
      .catch(function () {
        document.body.setAttribute('data-state', 'refused');
        showAlert('Không kết nối được máy chủ. Vui lòng thử lại.');
      });
  }

  $('signin').addEventListener('submit', function (event) {
    event.preventDefault();
    var token = $('token').value.trim();
    if (!token) return;
    sessionStorage.setItem(TOKEN_KEY, token);
    $('token').value = '';
    load();
  });
  $('signout').addEventListener('click', function () {
    sessionStorage.removeItem(TOKEN_KEY);
    showSignIn();
  });

  function prefillFilters() {
    var params = new URLSearchParams(window.location.search);
    ['unitCode', 'from', 'to'].forEach(function (name) {
      if (params.get(name)) $('filter-' + name).value = params.get(name);
    });
  }

  takeTokenFromFragment();
  prefillFilters();
  load();
})();
`;
