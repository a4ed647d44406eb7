// The hall admin's work orders (办不成事, 督办工单): each with who reported it, the department, what happened, its
// deadline (overdue marked), its steps; one step on with a note. The person's name is shown here, for the lead
// office that contacts them, and every reading of the list is audited.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  let data = null;
  let csrf = '';

  function render() {
    if (!data) return;
    const states = data.states;
    const rows = data.reports.map((w) => {
      const next = states[states.indexOf(w.state) + 1];
      const note = OW.el('input', { maxlength: '500', 'data-note': w.no, placeholder: OW.t('reports.note') });
      return OW.el('tr', { 'data-report': w.no },
        OW.el('td', {}, OW.el('strong', {}, w.no), OW.el('div', { class: 'muted' }, OW.clock(w.received_at))),
        OW.el('td', {}, w.name, OW.el('div', { class: 'muted' }, w.phone)),
        OW.el('td', {}, w.department, OW.el('div', {}, w.category + (w.text ? '：' + w.text : ''))),
        OW.el('td', {}, OW.el('span', { class: 'tag' + (w.overdue ? ' late' : '') }, OW.t('reports.state.' + w.state)),
          OW.el('div', { class: w.overdue ? 'muted late' : 'muted' }, OW.t(w.overdue ? 'reports.overdue' : 'reports.deadline', { day: w.deadline }))),
        OW.el('td', {}, next ? note : '', next ? OW.el('button', { type: 'button', 'data-advance': w.no,
          onclick: () => advance(w.no, next, note.value) }, OW.t('reports.to.' + next)) : ''));
    });
    $('reports').replaceChildren(rows.length
      ? OW.el('table', {}, OW.el('thead', {}, OW.el('tr', {}, ...['reports.col.no', 'reports.col.who', 'reports.col.what', 'reports.col.state', '']
        .map((k) => OW.el('th', {}, k ? OW.t(k) : '')))), OW.el('tbody', {}, ...rows))
      : OW.el('p', { class: 'muted' }, OW.t('reports.none')));
  }

  async function load() {
    const me = await OW.api('GET', 'api/me');
    if (me.status === 401) { location.href = 'index.html'; return; }
    if (me.ok) OW.setCsrf(csrf = me.doc.csrf);
    const r = await OW.api('GET', 'api/reports' + ($('overdue').checked ? '?overdue=yes' : ''));
    if (r.status === 403) { OW.banner($('message'), 'error', OW.t('reports.admin_only')); return; }
    if (!r.ok) { OW.banner($('message'), 'error', r.status === 0 ? OW.t('err.offline') : OW.t('err.central')); return; }
    OW.banner($('message'), 'error', '');
    data = r.doc;
    render();
  }

  async function advance(no, to, note) {
    const r = await OW.api('POST', 'api/reports/advance', { no, to, note });
    if (!r.ok) OW.banner($('message'), 'error', r.status === 0 ? OW.t('err.offline') : (r.doc.error && r.doc.error.message) || OW.t('err.central'));
    load();
  }

  $('overdue').addEventListener('change', load);
  $('lang').addEventListener('click', OW.toggleLang);
  document.addEventListener('ow-lang', render);
  OW.applyWords();
  load();
})();
