// The hall display: each window's current number in large type, the latest calls, how many wait per theme. Central
// pushes the board on every change (server-sent events); each new call is spoken — the words made by espeak-ng at
// central — one after another, none cut off by the next. window.owDisplay records what was shown and said, when.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const hall = new URLSearchParams(location.search).get('hall') || localStorage.getItem('ow.hall') || '';
  const state = {
    board: null,
    lastCall: null,        // the newest call's seq already shown (null before the first board)
    audioQueue: [],        // calls waiting to be spoken, oldest first
    speaking: null,        // the call being spoken
    spoken: [],            // calls spoken to the end, in order
    shownAt: {},           // call seq → Date.now() when it was on screen
    soundBlocked: false,
  };
  window.owDisplay = state;

  function render() {
    const b = state.board;
    if (!b) return;
    const fresh = new Set(b.calls.filter((c) => state.lastCall !== null && c.seq > state.lastCall).map((c) => c.window));
    $('windows').replaceChildren(...b.windows.map((w) => OW.el('div', { class: 'window' + (fresh.has(w.id) ? ' fresh' : ''), 'data-window': w.id },
      OW.el('div', { class: 'label' }, OW.t('window.n', { n: w.id })),
      OW.el('div', { class: 'num' + (w.number ? '' : ' empty') }, w.number || '—'))));
    $('calls').replaceChildren(...b.calls.map((c) => OW.el('li', { 'data-seq': c.seq },
      c.number + ' → ' + OW.t('window.n', { n: c.window }))));
    $('waitcounts').replaceChildren(...b.waiting.flatMap((w) => [
      OW.el('span', {}, w.prefix + ' · ' + OW.themeName(w.theme)), OW.el('strong', {}, OW.t('display.people', { n: w.count }))]));
  }

  function onBoard(b) {
    state.board = b;
    if (b.hall_name) $('hall-name').textContent = b.hall_name;
    render();
    const now = Date.now();
    // Calls newer than the last shown are spoken, oldest first; the calls already there when the page opened are not.
    const newer = b.calls.filter((c) => state.lastCall !== null && c.seq > state.lastCall).sort((x, y) => x.seq - y.seq);
    for (const c of b.calls) if (!(c.seq in state.shownAt)) state.shownAt[c.seq] = now;
    if (b.calls.length) state.lastCall = Math.max(state.lastCall || 0, ...b.calls.map((c) => c.seq));
    else if (state.lastCall === null) state.lastCall = 0;
    for (const c of newer) state.audioQueue.push(c);
    speakNext();
  }

  const player = new Audio();
  player.addEventListener('ended', () => { if (state.speaking) state.spoken.push(state.speaking); state.speaking = null; speakNext(); });
  player.addEventListener('error', () => { state.speaking = null; setTimeout(speakNext, 500); });

  function speakNext() {
    if (state.speaking || !state.audioQueue.length || state.soundBlocked) return;
    state.speaking = state.audioQueue.shift();
    player.src = 'display/audio?hall=' + encodeURIComponent(hall) + '&seq=' + state.speaking.seq;
    player.play().catch(() => {
      // The browser wants a touch before it plays sound: ask for one, keep the call to say it then.
      state.audioQueue.unshift(state.speaking);
      state.speaking = null;
      state.soundBlocked = true;
      $('sound').classList.remove('hidden');
    });
  }

  $('sound').addEventListener('click', () => {
    state.soundBlocked = false;
    $('sound').classList.add('hidden');
    speakNext();
  });

  let source = null;
  function connect() {
    source = new EventSource('display/events?hall=' + encodeURIComponent(hall));
    source.addEventListener('board', (e) => { OW.banner($('connection'), 'error', ''); onBoard(JSON.parse(e.data)); });
    // EventSource reconnects by itself (central restarting, the network gone a while); the screen says so meanwhile.
    source.onerror = () => { OW.banner($('connection'), 'error', OW.t('err.offline')); };
  }

  function tick() { $('clock').textContent = OW.clock(Date.now() / 1000); }
  $('hall-name').textContent = hall;
  $('lang').addEventListener('click', OW.toggleLang);
  document.addEventListener('ow-lang', render);
  OW.applyWords();
  tick();
  setInterval(tick, 10000);
  connect();
})();
