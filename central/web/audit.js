// The hall admin's audit (操作留痕): who did what and when — sign-ins, the hall pages' actions, look-ups of people's
// details, staff codes issued, and every service-mode attempt and action at the hall's terminals (which terminal,
// which member of staff). Newest first; the terminals' alone at a tick. Nothing here names a citizen.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  let entries = null;

  function when(unixSeconds) {
    return new Date(unixSeconds * 1000).toLocaleString(OW.lang === 'zh' ? 'zh-CN' : 'en-GB', {
      timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }

  // The action in words where there are words for it, else its code.
  function action(code) {
    const key = 'audit.action.' + code;
    const words = OW.t(key);
    return words === key ? code : words;
  }

  function render() {
    if (!entries) return;
    const shown = $('terminals').checked ? entries.filter((e) => e.action.startsWith('terminal_')) : entries;
    const rows = shown.map((e) => OW.el('tr', { 'data-action': e.action },
      OW.el('td', {}, when(e.at)), OW.el('td', {}, e.who), OW.el('td', {}, action(e.action)), OW.el('td', { class: 'muted' }, e.detail)));
    $('audit').replaceChildren(rows.length
      ? OW.el('table', {}, OW.el('thead', {}, OW.el('tr', {}, ...['audit.col.at', 'audit.col.who', 'audit.col.action', 'audit.col.detail']
        .map((k) => OW.el('th', {}, OW.t(k))))), OW.el('tbody', {}, ...rows))
      : OW.el('p', { class: 'muted' }, OW.t('audit.none')));
  }

  async function load() {
    const me = await OW.api('GET', 'api/me');
    if (me.status === 401) { location.href = 'index.html'; return; }
    const r = await OW.api('GET', 'api/audit');
    if (r.status === 403) { OW.banner($('message'), 'error', OW.t('audit.admin_only')); return; }
    if (!r.ok) { OW.banner($('message'), 'error', r.status === 0 ? OW.t('err.offline') : OW.t('err.central')); return; }
    OW.banner($('message'), 'error', '');
    entries = r.doc.audit;
    render();
  }

  $('terminals').addEventListener('change', render);
  $('lang').addEventListener('click', OW.toggleLang);
  document.addEventListener('ow-lang', render);
  OW.applyWords();
  load();
})();
