// The hall admin's statistics of any period: tickets, waits (issue to first call) and service times (call to done)
// as median and 90th percentile, no-shows and forfeited appointments, per theme, window and day; a chart of each
// day's tickets and median wait drawn as SVG here; the same figures as CSV. Beside them the hall's services (002 第二十二条):
// ratings (rate, satisfaction, bad ones put right on time, levels as bars), cases decided within their promised limit,
// collections, work orders answered on time, calls for staff — overall, per terminal and per day, also as CSV.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  let data = null;
  const mins = (s) => (s / 60).toFixed(1);

  function today() {
    return new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });  // YYYY-MM-DD, 北京时间
  }

  function figure(key, value) {
    return OW.el('div', { class: 'figure' }, OW.el('div', { class: 'muted' }, OW.t(key)), OW.el('div', { class: 'v', 'data-figure': key }, value));
  }

  function table(rows, firstKey, label) {
    if (!rows.length) return OW.el('p', { class: 'muted' }, '—');
    const head = [firstKey, 'stats.tickets', 'stats.called', 'stats.done', 'stats.no_shows', 'stats.forfeited', 'stats.wait', 'stats.service'];
    return OW.el('table', {}, OW.el('thead', {}, OW.el('tr', {}, ...head.map((k) => OW.el('th', {}, OW.t(k))))),
      OW.el('tbody', {}, ...rows.map((r) => OW.el('tr', {}, OW.el('td', {}, label(r.key)), OW.el('td', {}, r.tickets),
        OW.el('td', {}, r.called), OW.el('td', {}, r.done), OW.el('td', {}, r.no_shows), OW.el('td', {}, r.forfeited),
        OW.el('td', {}, mins(r.wait_median_s) + ' / ' + mins(r.wait_p90_s)),
        OW.el('td', {}, mins(r.service_median_s) + ' / ' + mins(r.service_p90_s))))));
  }

  // Bars: each day's tickets; the line: its median wait in minutes (right-hand scale).
  function chart(days) {
    const ns = 'http://www.w3.org/2000/svg';
    const W = 720, H = 260, left = 40, right = 40, top = 16, bottom = 40;
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
    svg.setAttribute('class', 'chart');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', OW.t('stats.chart'));
    const add = (tag, attrs, text) => {
      const e = document.createElementNS(ns, tag);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
      if (text !== undefined) e.textContent = text;
      svg.append(e);
      return e;
    };
    const maxT = Math.max(1, ...days.map((d) => d.tickets));
    const maxW = Math.max(1, ...days.map((d) => d.wait_median_s / 60));
    const step = (W - left - right) / Math.max(1, days.length);
    const y = (v, max) => top + (H - top - bottom) * (1 - v / max);
    add('line', { x1: left, y1: H - bottom, x2: W - right, y2: H - bottom, stroke: '#888' });
    add('text', { x: 4, y: top + 4 }, String(maxT));
    add('text', { x: W - right + 4, y: top + 4 }, maxW.toFixed(0) + "'");
    const points = [];
    days.forEach((d, i) => {
      const x = left + i * step;
      add('rect', { x: x + step * 0.15, y: y(d.tickets, maxT), width: step * 0.7, height: H - bottom - y(d.tickets, maxT),
        fill: '#0b5cad', 'data-day': d.key }).append(Object.assign(document.createElementNS(ns, 'title'), { textContent: `${d.key}: ${d.tickets}` }));
      if (days.length <= 16 || i % Math.ceil(days.length / 16) === 0) add('text', { x: x + step * 0.5, y: H - bottom + 16, 'text-anchor': 'middle' }, d.key.slice(5));
      points.push(`${x + step * 0.5},${y(d.wait_median_s / 60, maxW)}`);
    });
    if (points.length) add('polyline', { points: points.join(' '), fill: 'none', stroke: '#e09f00', 'stroke-width': 3 });
    return svg;
  }

  // The hall's services: figures, the rating levels as bars, and tables per terminal and per day.
  const pct = (a, b) => (b ? Math.round((a * 100) / b) + '%' : '—');
  const SVC_COLS = ['svcstats.ratings', 'svcstats.rate', 'svcstats.satisfaction', 'svcstats.bad_fixed', 'svcstats.cases_on_time',
    'svcstats.collections', 'svcstats.orders_on_time', 'svcstats.help'];
  const svcCells = (r) => [r.ratings, r.rating_rate_percent + '%', r.ratings ? r.satisfaction_percent + '%' : '—',
    r.bad_fixed_on_time + ' / ' + r.bad, r.cases_on_time + ' / ' + r.cases_decided, r.collections,
    r.work_orders_on_time + ' / ' + r.work_orders, r.help_taken + ' / ' + r.help_calls];

  function svcTable(rows, firstKey) {
    if (!rows.length) return OW.el('p', { class: 'muted' }, '—');
    return OW.el('table', {}, OW.el('thead', {}, OW.el('tr', {}, ...[firstKey, ...SVC_COLS].map((k) => OW.el('th', {}, OW.t(k))))),
      OW.el('tbody', {}, ...rows.map((r) => OW.el('tr', { 'data-row': r.key }, OW.el('td', {}, r.key), ...svcCells(r).map((c) => OW.el('td', {}, c))))));
  }

  function levelsChart(levels) {
    const ns = 'http://www.w3.org/2000/svg';
    const W = 720, H = 220, left = 120, top = 10, bar = 32;
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
    svg.setAttribute('class', 'chart');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', OW.t('svcstats.levels'));
    const max = Math.max(1, ...levels);
    for (let level = 5; level >= 1; --level) {
      const n = levels[level - 1], y = top + (5 - level) * (bar + 10), w = ((W - left - 60) * n) / max;
      const text = document.createElementNS(ns, 'text');
      Object.entries({ x: 4, y: y + bar * 0.7 }).forEach(([k, v]) => text.setAttribute(k, v));
      text.textContent = OW.t('svcstats.level.' + level);
      const rect = document.createElementNS(ns, 'rect');
      Object.entries({ x: left, y, width: Math.max(1, w), height: bar, fill: level <= 2 ? '#b3261e' : '#0b5cad', 'data-level': level })
        .forEach(([k, v]) => rect.setAttribute(k, v));
      const count = document.createElementNS(ns, 'text');
      Object.entries({ x: left + w + 6, y: y + bar * 0.7 }).forEach(([k, v]) => count.setAttribute(k, v));
      count.textContent = String(n);
      svg.append(text, rect, count);
    }
    return svg;
  }

  function renderServices() {
    const sv = data.services;
    if (!sv) return;
    const o = sv.overall;
    $('services').replaceChildren(figure('svcstats.ratings', o.ratings), figure('svcstats.rate', o.rating_rate_percent + '%'),
      figure('svcstats.satisfaction', o.ratings ? o.satisfaction_percent + '%' : '—'),
      figure('svcstats.bad_fixed', o.bad_fixed_on_time + ' / ' + o.bad), figure('svcstats.bad_overdue', o.bad_overdue),
      figure('svcstats.cases_on_time', o.cases_on_time + ' / ' + o.cases_decided + ' (' + pct(o.cases_on_time, o.cases_decided) + ')'),
      figure('svcstats.collections', o.collections),
      figure('svcstats.orders_on_time', o.work_orders_on_time + ' / ' + o.work_orders), figure('svcstats.orders_overdue', o.work_orders_overdue),
      figure('svcstats.help', o.help_taken + ' / ' + o.help_calls), figure('stats.help_take', mins(o.help_take_median_s) + ' / ' + mins(o.help_take_p90_s)));
    $('levels').replaceChildren(levelsChart(o.levels));
    $('svc-by-terminal').replaceChildren(svcTable(sv.by_terminal, 'svcstats.terminal'));
    $('svc-by-day').replaceChildren(svcTable(sv.by_day, 'stats.by_day'));
  }

  function render() {
    if (!data) return;
    renderServices();
    const o = data.overall;
    $('overall').replaceChildren(figure('stats.tickets', o.tickets), figure('stats.called', o.called), figure('stats.done', o.done),
      figure('stats.no_shows', o.no_shows), figure('stats.forfeited', o.forfeited),
      figure('stats.wait', mins(o.wait_median_s) + ' / ' + mins(o.wait_p90_s)),
      figure('stats.service', mins(o.service_median_s) + ' / ' + mins(o.service_p90_s)),
      figure('stats.help', (data.help ? data.help.calls : 0) + ' / ' + (data.help ? data.help.taken : 0)),
      figure('stats.help_take', data.help ? mins(data.help.take_median_s) + ' / ' + mins(data.help.take_p90_s) : '—'));
    $('chart').replaceChildren(chart(data.by_day));
    $('by-theme').replaceChildren(table(data.by_theme, 'col.theme', OW.themeName));
    $('by-window').replaceChildren(table(data.by_window, 'window', (k) => OW.t('window.n', { n: k })));
    $('by-day').replaceChildren(table(data.by_day, 'stats.by_day', (k) => k));
  }

  async function show() {
    const r = await OW.api('GET', `api/stats?from=${$('from').value}&to=${$('to').value}`);
    if (r.status === 401) { location.href = 'index.html'; return; }
    if (r.status === 403) { OW.banner($('message'), 'error', OW.t('stats.admin_only')); return; }
    if (!r.ok) { OW.banner($('message'), 'error', r.status === 0 ? OW.t('err.offline') : OW.t('err.central')); return; }
    OW.banner($('message'), 'error', '');
    data = r.doc;
    $('hall-name').textContent = data.hall;
    render();
  }

  function csv() {
    if (!data) return;
    const lines = ['group,key,tickets,called,done,no_shows,forfeited,wait_median_s,wait_p90_s,service_median_s,service_p90_s'];
    const add = (group, r) => lines.push([group, r.key, r.tickets, r.called, r.done, r.no_shows, r.forfeited, r.wait_median_s,
      r.wait_p90_s, r.service_median_s, r.service_p90_s].join(','));
    add('overall', data.overall);
    data.by_theme.forEach((r) => add('theme', r));
    data.by_window.forEach((r) => add('window', r));
    data.by_day.forEach((r) => add('day', r));
    const a = OW.el('a', { href: URL.createObjectURL(new Blob([lines.join('\n') + '\n'], { type: 'text/csv' })),
      download: `queue-${data.hall}-${data.from}-${data.to}.csv` });
    document.body.append(a);
    a.click();
    a.remove();
  }

  $('from').value = $('to').value = today();
  $('period').addEventListener('submit', (e) => { e.preventDefault(); show(); });
  $('csv').addEventListener('click', csv);
  $('csv-services').addEventListener('click', () => {
    if (!data || !data.services) return;
    const keys = ['ratings', 'satisfied', 'rating_rate_percent', 'satisfaction_percent', 'bad', 'bad_fixed_on_time', 'bad_overdue', 'visits_done',
      'cases_decided', 'cases_on_time', 'collections', 'work_orders', 'work_orders_resolved', 'work_orders_on_time', 'work_orders_overdue',
      'help_calls', 'help_taken', 'help_take_median_s', 'help_take_p90_s'];
    const lines = ['group,key,' + keys.join(',')];
    const add = (group, r) => lines.push([group, r.key, ...keys.map((k) => r[k])].join(','));
    add('overall', data.services.overall);
    data.services.by_terminal.forEach((r) => add('terminal', r));
    data.services.by_day.forEach((r) => add('day', r));
    const a = OW.el('a', { href: URL.createObjectURL(new Blob([lines.join('\n') + '\n'], { type: 'text/csv' })),
      download: `services-${data.hall}-${data.from}-${data.to}.csv` });
    document.body.append(a);
    a.click();
    a.remove();
  });
  $('lang').addEventListener('click', OW.toggleLang);
  document.addEventListener('ow-lang', render);
  OW.applyWords();
  show();
})();
