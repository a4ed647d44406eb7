// The window's caller: the staff member's window, its current ticket and the buttons, the waiting list per theme
// with waits, and today's appointments. The board is fetched again whenever the hall's queue changes (pushed by
// the display's event stream), and the page finds its way back by itself after central restarts.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  let me = null;
  let board = null;
  let events = null;
  let busy = false;

  function say(kind, text) { OW.banner($('message'), kind, text); }
  function offline(on) { OW.banner($('connection'), 'error', on ? OW.t('err.offline') : ''); }

  async function load() {
    const r = await OW.api('GET', 'api/me');
    if (r.status === 401) { location.href = 'index.html'; return false; }
    if (!r.ok) { offline(true); return false; }
    offline(false);
    me = r.doc;
    OW.setCsrf(me.csrf);
    $('hall-name').textContent = me.hall_name || me.staff.hall;
    $('who').textContent = me.staff.name;
    $('stats-link').classList.toggle('hidden', me.staff.role !== 'hall-admin');
    $('reports-link').classList.toggle('hidden', me.staff.role !== 'hall-admin');
    $('ratings-link').classList.toggle('hidden', me.staff.role !== 'hall-admin');
    $('audit-link').classList.toggle('hidden', me.staff.role !== 'hall-admin');
    const win = $('window');
    win.replaceChildren(OW.el('option', { value: '' }, OW.t('window.choose')),
      ...me.windows.map((w) => OW.el('option', { value: w.id }, OW.t('window.n', { n: w.id }))));
    win.value = me.staff.window || '';
    showPassword(me.staff.must_change, me.staff.must_change);
    $('transfer-theme').replaceChildren(...me.themes.map((t) => OW.el('option', { value: t.theme }, t.prefix + ' · ' + OW.themeName(t.theme))));
    listen();
    return true;
  }

  function classTag(t) {
    const cls = t.priority_asked ? 'asked' : t['class'];
    return OW.el('span', { class: 'tag ' + cls }, OW.t('class.' + cls));
  }

  function render() {
    if (!board || !me) return;
    const mine = board.windows.find((w) => w.id === me.staff.window);
    const cur = mine && mine.current;
    $('current-number').textContent = cur ? cur.number : '—';
    $('current-state').textContent = cur ? OW.t('state.' + cur.state) + (cur.recalls ? ' · ' + OW.t('act.recall') + ' ×' + cur.recalls : '') : OW.t('current.none');
    const hasWindow = !!me.staff.window;
    $('act-next').disabled = !hasWindow;
    for (const id of ['act-recall', 'act-start', 'act-done', 'act-transfer']) $(id).disabled = !cur;
    $('act-start').disabled = !cur || cur.state === 'serving';
    $('act-call-number').disabled = !hasWindow;

    const themes = mine ? mine.themes : board.themes.map((t) => t.theme);
    const rows = [];
    for (const theme of themes) {
      for (const t of board.waiting.filter((w) => w.theme === theme)) {
        const confirm = t.priority_asked
          ? OW.el('button', { type: 'button', 'data-number': t.number, onclick: () => act('confirm_priority', t.number) }, OW.t('act.confirm_priority'))
          : '';
        rows.push(OW.el('tr', { 'data-number': t.number },
          OW.el('td', {}, OW.el('strong', {}, t.number)), OW.el('td', {}, OW.themeName(t.theme)),
          OW.el('td', {}, classTag(t)), OW.el('td', {}, OW.t('minutes', { n: Math.floor(t.waited_s / 60) })), OW.el('td', {}, confirm)));
      }
    }
    $('waiting').replaceChildren(rows.length
      ? OW.el('table', { id: 'waiting-table' }, OW.el('thead', {}, OW.el('tr', {}, ...['col.number', 'col.theme', 'col.class', 'col.waited', ''].map((k) => OW.el('th', {}, k ? OW.t(k) : '')))), OW.el('tbody', {}, ...rows))
      : OW.el('p', { class: 'muted' }, OW.t('none.waiting')));

    const appts = board.appointments || [];
    $('appointments').replaceChildren(appts.length
      ? OW.el('table', {}, OW.el('thead', {}, OW.el('tr', {}, ...['col.slot', 'col.matter', 'col.name', 'col.state'].map((k) => OW.el('th', {}, OW.t(k))))),
        OW.el('tbody', {}, ...appts.map((a) => OW.el('tr', {},
          OW.el('td', {}, (a.slot || '').slice(11)), OW.el('td', {}, a.matter_name || a.matter || ''),
          OW.el('td', {}, a.name || ''), OW.el('td', {}, OW.el('span', { class: 'tag' + (a.state === 'forfeited' || a.state === 'no_show' ? ' late' : '') }, OW.t('appt.' + a.state)))))))
      : OW.el('p', { class: 'muted' }, OW.t('none.appointments')));
  }

  // Calls for staff from the terminals, above everything, with a sound when one is new (or raised again).
  let heardHelp = '';
  let chime = null;
  function renderHelp() {
    const calls = (board && board.help_calls) || [];
    $('help').classList.toggle('hidden', calls.length === 0);
    const now = Date.now() / 1000;
    $('help-calls').replaceChildren(...calls.map((c) => OW.el('div', { class: 'help-row', 'data-help': c.id },
      OW.el('span', { class: 'what' }, OW.t('help.row', { kiosk: c.kiosk, screen: OW.t('svc.' + c.service) !== 'svc.' + c.service ? OW.t('svc.' + c.service) : c.screen, elder: c.elder ? OW.t('help.elder') : '',
        n: Math.max(0, Math.floor((now - c.raised_at) / 60)) }) + (c.raised_again ? OW.t('help.again') : '')),
      c.state === 'taken' ? OW.el('span', {}, OW.t('help.taken_by', { name: c.taken_by }))
        : OW.el('button', { type: 'button', class: 'primary', 'data-help-take': c.id, onclick: () => helpAct('take', c.id) }, OW.t('help.take')),
      OW.el('button', { type: 'button', 'data-help-close': c.id, onclick: () => helpAct('close', c.id) }, OW.t('help.close')))));
    const key = calls.filter((c) => c.state === 'raised').map((c) => c.id + ':' + c.raised_again).join(',');
    if (key && key !== heardHelp) ring();
    heardHelp = key;
  }
  // Two tones made here (Web Audio): nothing to fetch. A browser that wants a touch first stays silent until then.
  function ring() {
    try {
      chime = chime || new AudioContext();
      for (const [i, hz] of [[0, 880], [1, 660]]) {
        const o = chime.createOscillator(), g = chime.createGain();
        o.frequency.value = hz;
        g.gain.setValueAtTime(0.2, chime.currentTime + i * 0.35);
        g.gain.exponentialRampToValueAtTime(0.001, chime.currentTime + i * 0.35 + 0.3);
        o.connect(g).connect(chime.destination);
        o.start(chime.currentTime + i * 0.35);
        o.stop(chime.currentTime + i * 0.35 + 0.32);
      }
      window.owCaller.rings += 1;
    } catch (e) { /* no sound device */ }
  }
  window.owCaller = { rings: 0 };
  async function helpAct(action, id) {
    const r = await OW.api('POST', 'api/help', { action, id });
    if (!r.ok) say('error', r.status === 0 ? OW.t('err.offline') : OW.t('err.' + ((r.doc.error && r.doc.error.code) || 'central')));
    refresh();
  }

  async function refresh() {
    const r = await OW.api('GET', 'api/board');
    if (r.status === 401) { location.href = 'index.html'; return; }
    if (!r.ok) { offline(true); return; }
    offline(false);
    board = r.doc;
    render();
    renderHelp();
  }

  // The hall's event stream tells of every change; the board is read again on each. EventSource reconnects by
  // itself when central restarts; the page says so meanwhile.
  function listen() {
    if (events) return;
    events = new EventSource('display/events?hall=' + encodeURIComponent(me.staff.hall));
    events.addEventListener('board', () => { offline(false); refresh(); });
    events.onerror = () => { offline(true); };
    events.onopen = () => { offline(false); refresh(); };
  }

  async function act(action, arg) {
    if (busy) return;
    busy = true;
    const r = await OW.api('POST', 'api/act', { action, arg: arg || '' });
    busy = false;
    if (r.status === 0) { offline(true); return; }
    if (r.status === 401) { say('error', OW.t('err.signed_out')); setTimeout(() => { location.href = 'index.html'; }, 1500); return; }
    if (r.status === 403 && r.doc.error && r.doc.error.code === 'csrf') { say('error', OW.t('err.csrf')); await load(); return; }
    if (r.ok) {
      const t = r.doc.ticket;
      const key = action === 'recall' && t.state === 'no_show' ? 'ok.no_show' : 'ok.' + action;
      say('info', OW.t(key, { number: t.number, window: me.staff.window }));
      if (action === 'call_number') $('call-number').value = '';
    } else {
      const code = (r.doc.refused && r.doc.refused.code) || (r.doc.error && r.doc.error.code) || '';
      const k = 'err.' + code;
      say('error', OW.t(k) !== k ? OW.t(k) : OW.t('err.central'));
    }
    refresh();
  }

  // The password form: shown by itself while a first password is still in use (nothing else is allowed then).
  function showPassword(on, first) {
    $('password-card').classList.toggle('hidden', !on);
    $('password-first').classList.toggle('hidden', !first);
    $('work').classList.toggle('hidden', !!first);
    $('window').disabled = !!first;
    OW.banner($('password-message'), 'error', '');
    if (on) $('password-current').focus();
  }
  $('password-open').addEventListener('click', () => showPassword($('password-card').classList.contains('hidden'), me && me.staff.must_change));
  $('password-card').addEventListener('submit', async (e) => {
    e.preventDefault();
    const next = $('password-new').value;
    if (next !== $('password-repeat').value) { OW.banner($('password-message'), 'error', OW.t('password.mismatch')); return; }
    if (next.length < 10) { OW.banner($('password-message'), 'error', OW.t('password.weak')); return; }
    const r = await OW.api('POST', 'api/password', { current: $('password-current').value, new: next });
    for (const id of ['password-current', 'password-new', 'password-repeat']) $(id).value = '';
    if (r.ok) {
      me = r.doc;
      OW.setCsrf(me.csrf);
      showPassword(false, false);
      say('info', OW.t('password.saved'));
      refresh();
      return;
    }
    const code = (r.doc.error && r.doc.error.code) || '';
    const k = 'password.' + code;
    OW.banner($('password-message'), 'error', r.status === 0 ? OW.t('err.offline') : OW.t(k) !== k ? OW.t(k) : OW.t('err.central'));
  });

  document.querySelectorAll('[data-act]').forEach((b) => b.addEventListener('click', () => {
    const a = b.dataset.act;
    act(a, a === 'transfer' ? $('transfer-theme').value : a === 'call_number' ? $('call-number').value.trim().toUpperCase() : '');
  }));
  $('call-number').addEventListener('keydown', (e) => { if (e.key === 'Enter') $('act-call-number').click(); });
  $('window').addEventListener('change', async (e) => {
    const r = await OW.api('POST', 'api/window', { window: e.target.value });
    if (r.ok) { me = r.doc; OW.setCsrf(me.csrf); render(); refresh(); } else say('error', OW.t('err.central'));
  });
  $('signout').addEventListener('click', async () => { await OW.api('POST', 'api/sign-out'); location.href = 'index.html'; });
  $('lang').addEventListener('click', OW.toggleLang);
  document.addEventListener('ow-lang', () => { if (me) load().then(render); });
  OW.applyWords();

  // Starts, and keeps trying while central cannot be reached.
  (async function start() {
    if (!(await load())) { setTimeout(start, 2000); return; }
    refresh();
  })();
  // The waits shown grow by themselves.
  setInterval(() => { if (board) { board.waiting.forEach((w) => { w.waited_s += 30; }); render(); } }, 30000);
})();
