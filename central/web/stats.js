// The hall admin's statistics of any period: tickets, waits (issue to first call) and service times (call to done)
// as median and 90th percentile, no-shows and forfeited appointments, per theme, window and day; a chart of each
// day's tickets and median wait drawn as SVG here; the same figures as CSV.
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

  function render() {
    if (!data) return;
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
  $('lang').addEventListener('click', OW.toggleLang);
  document.addEventListener('ow-lang', render);
  OW.applyWords();
  show();
})();
