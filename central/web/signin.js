// The sign-in page: on success the caller (or, for the hall admin, the statistics' link is on the caller too).
'use strict';
(() => {
  const form = document.getElementById('signin');
  const message = document.getElementById('message');
  const hall = document.getElementById('hall');
  hall.value = new URLSearchParams(location.search).get('hall') || localStorage.getItem('ow.hall') || '';
  document.getElementById('lang').addEventListener('click', OW.toggleLang);
  OW.applyWords();
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const go = document.getElementById('go');
    go.disabled = true;
    OW.banner(message, 'error', '');
    const r = await OW.api('POST', 'api/sign-in', {
      hall: hall.value.trim(), name: document.getElementById('name').value.trim(),
      password: document.getElementById('password').value,
    });
    go.disabled = false;
    if (r.ok) {
      localStorage.setItem('ow.hall', hall.value.trim());
      location.href = 'caller.html';
      return;
    }
    document.getElementById('password').value = '';
    if (r.status === 423) OW.banner(message, 'error', OW.t('signin.locked', { until: OW.clock(r.doc.error.until) }));
    else if (r.status === 401) OW.banner(message, 'error', OW.t('signin.wrong'));
    else if (r.status === 0) OW.banner(message, 'error', OW.t('err.offline'));
    else OW.banner(message, 'error', OW.t('err.central'));
  });
})();
