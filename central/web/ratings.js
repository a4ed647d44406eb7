// The hall admin's bad ratings (好差评) and their follow-ups under the 1-4-13 rule: what was rated (the matter, or the
// window and who served), the level and what went wrong, the deadlines (overdue marked), one step on with a note, an
// appeal asked for and decided. The rater is masked; "show the rater" reveals one, and central audits each look-up.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  let data = null;
  const shown = {};  // rating id → the rater's name, once looked up

  function render() {
    if (!data) return;
    const m = data.month || {};
    $('month').textContent = m.ratings === undefined ? '' : OW.t('ratings.month', { ratings: m.ratings, satisfied: m.satisfied, bad: m.bad,
      fixed: m.fixed_on_time, overdue: m.overdue });
    const states = data.states;
    const rows = data.ratings.map((r) => {
      const f = r.follow_up;
      const next = r.voided ? null : states[states.indexOf(f.state) + 1];
      const note = OW.el('input', { maxlength: '500', 'data-note': r.id, placeholder: OW.t('ratings.note') });
      const complex = OW.el('input', { type: 'checkbox', 'data-complex': r.id });
      const actions = [];
      if (next) {
        actions.push(note);
        if (next === 'checked') actions.push(OW.el('label', {}, complex, ' ', OW.t('ratings.complex')));
        actions.push(OW.el('button', { type: 'button', 'data-advance': r.id,
          onclick: () => change(r.id, next, note.value, complex.checked) }, OW.t('ratings.to.' + next)));
      }
      if (!f.appeal) actions.push(OW.el('button', { type: 'button', 'data-appeal': r.id, onclick: () => change(r.id, 'requested', note.value) }, OW.t('ratings.appeal')));
      if (f.appeal === 'requested') {
        actions.push(OW.el('button', { type: 'button', 'data-uphold': r.id, onclick: () => change(r.id, 'upheld', note.value) }, OW.t('ratings.uphold')));
        actions.push(OW.el('button', { type: 'button', 'data-reject': r.id, onclick: () => change(r.id, 'rejected', note.value) }, OW.t('ratings.reject')));
      }
      const deadline = f.complex ? f.complex_by : f.fix_by;
      return OW.el('tr', { 'data-rating': r.id },
        OW.el('td', {}, OW.el('strong', {}, r.what), OW.el('div', { class: 'muted' }, OW.t('svc.' + ({ visit: 'queue', query: 'progress', submission: 'presubmit',
          appointment: 'appointments', collection: 'collect', case: 'progress' }[r.stage] || ''))),
          r.window ? OW.el('div', { class: 'muted' }, OW.t('ratings.window', { window: r.window, staff: r.staff })) : '',
          OW.el('div', { class: 'muted' }, OW.clock(r.created_at))),
        OW.el('td', {}, shown[r.id] || r.name, shown[r.id] ? '' : OW.el('div', {}, OW.el('button', { type: 'button', class: 'link', 'data-rater': r.id,
          onclick: () => rater(r.id) }, OW.t('ratings.show_rater')))),
        OW.el('td', {}, OW.el('span', { class: 'tag late' }, OW.t('ratings.level.' + r.level)), OW.el('div', {}, r.reasons),
          r.text ? OW.el('div', { class: 'muted' }, r.text) : ''),
        OW.el('td', {}, OW.el('span', { class: 'tag' + (f.overdue ? ' late' : '') }, OW.t('ratings.state.' + f.state)),
          f.overdue ? OW.el('span', { class: 'tag late' }, OW.t('ratings.overdue')) : '',
          f.appeal ? OW.el('div', { class: 'muted' }, OW.t('ratings.appeal.' + f.appeal)) : '',
          OW.el('div', { class: 'muted' }, OW.t('ratings.contact_by', { day: f.contact_by })),
          OW.el('div', { class: 'muted' }, OW.t('ratings.fix_by', { day: deadline }) + (f.complex ? ' · ' + OW.t('ratings.complex') : ''))),
        OW.el('td', {}, ...actions));
    });
    $('ratings').replaceChildren(rows.length
      ? OW.el('table', {}, OW.el('thead', {}, OW.el('tr', {}, ...['ratings.col.what', 'ratings.col.rater', 'ratings.col.why', 'ratings.col.state', '']
        .map((k) => OW.el('th', {}, k ? OW.t(k) : '')))), OW.el('tbody', {}, ...rows))
      : OW.el('p', { class: 'muted' }, OW.t('ratings.none')));
  }

  function failed(r) {
    OW.banner($('message'), 'error', r.status === 0 ? OW.t('err.offline') : (r.doc && r.doc.error && r.doc.error.message) || OW.t('err.central'));
  }

  async function load() {
    const me = await OW.api('GET', 'api/me');
    if (me.status === 401) { location.href = 'index.html'; return; }
    if (me.ok) OW.setCsrf(me.doc.csrf);
    const r = await OW.api('GET', 'api/ratings' + ($('overdue').checked ? '?overdue=yes' : ''));
    if (r.status === 403) { OW.banner($('message'), 'error', OW.t('ratings.admin_only')); return; }
    if (!r.ok) { failed(r); return; }
    OW.banner($('message'), 'error', '');
    data = r.doc;
    render();
  }

  async function change(id, to, note, complex) {
    const r = await OW.api('POST', 'api/ratings/change', { id, to, note, complex: !!complex });
    if (!r.ok) failed(r);
    load();
  }

  async function rater(id) {
    const r = await OW.api('POST', 'api/ratings/change', { id, to: 'rater' });
    if (!r.ok) { failed(r); return; }
    shown[id] = r.doc.rating.name;
    render();
  }

  $('overdue').addEventListener('change', load);
  $('lang').addEventListener('click', OW.toggleLang);
  document.addEventListener('ow-lang', render);
  OW.applyWords();
  load();
})();
