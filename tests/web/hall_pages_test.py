#!/usr/bin/python3
"""The hall's pages in a real browser: Debian's chromium driven headless by chromedriver through python3-selenium,
against a real kiosk-central on SQLite on loopback, started and stopped here.

    tests/web/hall_pages_test.py BUILD_DIR SOURCE_DIR [unittest args]
    tests/web/hall_pages_test.py --take-help CENTRAL_URL HALL NAME PASSWORD
        (for the end-to-end tests: a staff member signs in and takes the first call for staff that reaches the page
        within 60 s; exit 0 when taken)
    tests/web/hall_pages_test.py --see-report CENTRAL_URL HALL ADMIN PASSWORD WORK_ORDER_NO
        (for the end-to-end tests: the hall's admin signs in and finds the work order on the work orders page; exit 0
        when it is there, printing its row)
    tests/web/hall_pages_test.py --call-and-show CENTRAL_URL HALL NAME PASSWORD WINDOW NUMBER
        (for the end-to-end tests: a staff member signs in, calls next at WINDOW; exit 0 when the display shows
        NUMBER at that window within a second of the click, printing the milliseconds)

A staff member signs in and calls the next number; the display shows it within a second of the click and speaks it,
one call after another; a wrong password five times locks the account; a change without the CSRF token is refused;
the session cookie is HttpOnly; the display says when central is gone and recovers by itself when it is back; the
hall admin's statistics. Screenshots go to BUILD_DIR/tests/web-screenshots.
"""
import hashlib
import hmac
import json
import threading
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request
import uuid

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

CALL_AND_SHOW = len(sys.argv) > 1 and sys.argv[1] in ('--call-and-show', '--take-help', '--see-report')
BUILD = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 and not CALL_AND_SHOW else os.path.abspath('build')
SOURCE = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 and not CALL_AND_SHOW else os.path.abspath('.')
KIOSKCTL = os.path.join(BUILD, 'central', 'kioskctl')
CENTRAL = os.path.join(BUILD, 'central', 'kiosk-central')
SHOTS = os.path.join(BUILD, 'tests', 'web-screenshots')
HALL = 'qingpu'


class Central:
    """kiosk-central on SQLite in a folder of its own, with the demo hall's queue open every hour of every day."""

    def __init__(self, folder):
        self.folder = folder
        self.db = 'sqlite:' + os.path.join(folder, 'central.db')
        self.proc = None
        self.port = 0
        with open(os.path.join(SOURCE, 'assets', 'bundles', 'demo.json'), encoding='utf-8') as f:
            bundle = json.load(f)
        hours = bundle['content']['appointments']['hours']
        for day in ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'):
            hours[day] = [['00:00', '24:00']]
        with open(os.path.join(folder, 'bundle.json'), 'w', encoding='utf-8') as f:
            json.dump(bundle, f, ensure_ascii=False)
        key = os.path.join(folder, 'admin.key')
        self.ctl('keygen', '--key-id', 'test', '--out', key, db=False)
        self.ctl('sign', os.path.join(folder, 'bundle.json'), '--key', key, '--out', os.path.join(folder, 'signed.json'), db=False)
        self.ctl('publish', os.path.join(folder, 'signed.json'), '--scope', 'halls:' + HALL)
        self.passwords = {}
        for name, role in (('w1', 'window'), ('w2', 'window'), ('w3', 'window'), ('w4', 'window'), ('admin', 'hall-admin')):
            out = self.ctl('staff', 'add', '--hall', HALL, '--name', name, '--role', role)
            self.passwords[name] = out.strip().rsplit(' ', 1)[-1]

    def ctl(self, *args, db=True):
        cmd = [KIOSKCTL, *args] + (['--db', self.db] if db else [])
        return subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=60).stdout

    def take(self, theme='livelihood', cls=None):
        out = self.ctl('queue', 'take', '--hall', HALL, '--theme', theme, *(['--class', cls] if cls else []))
        return out.split(' ', 1)[0]

    def start(self):
        self.proc = subprocess.Popen([CENTRAL, '--listen', '127.0.0.1:%d' % self.port, '--db', self.db,
                                      '--secrets-key', os.path.join(self.folder, 'secrets.key'),
                                      '--web', os.path.join(SOURCE, 'central', 'web')],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r':(\d+)$', line.strip())
        if not m:
            raise RuntimeError('kiosk-central did not start: ' + line + self.proc.stdout.read())
        self.port = int(m.group(1))

    def stop(self):
        if self.proc:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            self.proc.stdout.close()
            self.proc = None

    def url(self, path):
        return 'http://127.0.0.1:%d/hall/%s' % (self.port, path)


class Terminal:
    """A terminal of the hall speaking central's signed protocol (HMAC-SHA256 over method, path, timestamp, nonce
    and the body's SHA-256, kiosk/protocol/signing.h), enrolled with a token from kioskctl."""

    def __init__(self, central):
        self.central = central
        token = central.ctl('enroll', '--hall', HALL, '--name', '东侧1号机').strip()
        reply = self.post('/v1/enroll', {'token': token}, signed=False)
        self.id, self.secret = reply['kiosk_id'], reply['secret']

    def post(self, path, body, signed=True, timeout=15):
        data = json.dumps(body).encode()
        headers = {'Content-Type': 'application/json'}
        if signed:
            ts, nonce = str(int(time.time())), uuid.uuid4().hex
            text = '\n'.join(['POST', path, ts, nonce, hashlib.sha256(data).hexdigest()]).encode()
            headers.update({'X-OW-Kiosk': self.id, 'X-OW-Timestamp': ts, 'X-OW-Nonce': nonce,
                            'X-OW-Signature': hmac.new(bytes.fromhex(self.secret), text, hashlib.sha256).hexdigest()})
        req = urllib.request.Request('http://127.0.0.1:%d%s' % (self.central.port, path), data=data, headers=headers)
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return json.loads(r.read())


def shown_at_window(display, window):
    """The number the display shows at a window, read in one step (the board is redrawn on every change)."""
    return display.execute_script("const e = document.querySelector('.window[data-window=\"' + arguments[0] + '\"] .num');"
                                  "return e ? e.textContent : null;", window)


def set_own_password(driver, first):
    """On the caller page after a first sign-in: the form that asks for a password of one's own, filled in and
    saved. Returns the new password."""
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, 'password-card').is_displayed())
    assert not driver.find_element(By.ID, 'work').is_displayed(), 'nothing but the password while it is the first'
    new = first + '-own-2026'
    driver.find_element(By.ID, 'password-current').send_keys(first)
    driver.find_element(By.ID, 'password-new').send_keys(new)
    driver.find_element(By.ID, 'password-repeat').send_keys(new)
    driver.find_element(By.ID, 'password-save').click()
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, 'work').is_displayed())
    return new


def browser():
    o = Options()
    o.binary_location = '/usr/bin/chromium'
    for a in ('--headless=new', '--no-sandbox', '--disable-dev-shm-usage', '--window-size=1280,800',
              '--autoplay-policy=no-user-gesture-required', '--lang=zh-CN'):
        o.add_argument(a)
    return webdriver.Chrome(service=Service('/usr/bin/chromedriver'), options=o)


class HallPages(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        os.makedirs(SHOTS, exist_ok=True)
        cls.folder = tempfile.mkdtemp(prefix='ow-hall-')
        cls.central = Central(cls.folder)
        cls.central.start()
        cls.browsers = []
        cls.changed = set()  # staff who have set their own password

    @classmethod
    def tearDownClass(cls):
        for b in cls.browsers:
            b.quit()
        cls.central.stop()
        shutil.rmtree(cls.folder, ignore_errors=True)

    def open_browser(self):
        b = browser()
        self.browsers.append(b)
        return b

    def wait(self, driver, what, timeout=5):
        return WebDriverWait(driver, timeout, poll_frequency=0.02).until(lambda d: what(d))

    def sign_in(self, driver, name, password=None):
        driver.get(self.central.url('index.html'))
        driver.find_element(By.ID, 'hall').clear()
        driver.find_element(By.ID, 'hall').send_keys(HALL)
        driver.find_element(By.ID, 'name').send_keys(name)
        driver.find_element(By.ID, 'password').send_keys(password or self.central.passwords[name])
        driver.find_element(By.ID, 'go').click()
        if password is None and name not in self.changed:
            self.wait(driver, lambda d: d.current_url.endswith('caller.html'))
            self.central.passwords[name] = set_own_password(driver, self.central.passwords[name])
            self.changed.add(name)

    def caller(self, name, window):
        d = self.open_browser()
        self.sign_in(d, name)
        self.wait(d, lambda d: d.current_url.endswith('caller.html'))
        self.wait(d, lambda d: len(d.find_elements(By.CSS_SELECTOR, '#window option')) > 1)
        Select(d.find_element(By.ID, 'window')).select_by_value(window)
        self.wait(d, lambda d: d.find_element(By.ID, 'act-next').is_enabled())
        return d

    def display(self):
        d = self.open_browser()
        d.get(self.central.url('display.html?hall=' + HALL))
        self.wait(d, lambda d: d.execute_script('return window.owDisplay && window.owDisplay.board !== null'))
        return d

    def window_number(self, display, window):
        return shown_at_window(display, window)

    # -- the tests, in the order a hall meets them --------------------------------------------------------------

    def test_1_a_call_is_on_the_display_within_a_second_and_spoken_one_after_another(self):
        first, second, third = self.central.take(), self.central.take(), self.central.take()
        display = self.display()
        caller = self.caller('w1', '1')
        t0 = caller.execute_script('return Date.now()')
        caller.find_element(By.ID, 'act-next').click()
        self.wait(display, lambda d: self.window_number(d, '1') == first)
        self.wait(caller, lambda d: first in d.find_element(By.ID, 'message').text)
        self.assertEqual(caller.find_element(By.ID, 'current-number').text, first)
        shown = display.execute_script(
            'const s = window.owDisplay; const c = s.board.calls.find(c => c.number === arguments[0]); return s.shownAt[c.seq];', first)
        self.assertLess(shown - t0, 1000, 'the call reached the display %d ms after the click' % (shown - t0))
        # Two more calls at once from two windows: each is said, in order, none cut off by the next.
        other = self.caller('w2', '2')
        caller.find_element(By.ID, 'act-next').click()
        other.find_element(By.ID, 'act-next').click()
        self.wait(display, lambda d: {self.window_number(d, '1'), self.window_number(d, '2')} == {second, third})
        spoken = self.wait(display, lambda d: (lambda s: s if len(s) == 3 else None)(
            d.execute_script('return window.owDisplay.spoken.map(c => c.number)')), timeout=30)
        self.assertEqual(spoken[0], first)
        self.assertEqual(sorted(spoken[1:]), sorted([second, third]))
        seqs = display.execute_script('return window.owDisplay.spoken.map(c => c.seq)')
        self.assertEqual(seqs, sorted(seqs), 'said in the order they were called')
        display.save_screenshot(os.path.join(SHOTS, 'display.png'))
        caller.save_screenshot(os.path.join(SHOTS, 'caller.png'))
        # The words are espeak-ng's, as WAV, naming the number and the window.
        calls = display.execute_script('return window.owDisplay.board.calls')
        self.assertIn('号窗口', calls[0]['said'])
        with urllib.request.urlopen(self.central.url('display/audio?hall=%s&seq=%d' % (HALL, calls[0]['seq']))) as r:
            self.assertEqual(r.headers['Content-Type'], 'audio/wav')
            wav = r.read()
        self.assertEqual(wav[:4], b'RIFF')
        self.assertGreater(len(wav), 22050, 'at least half a second of speech')
        # The caller's buttons: recall, start, done.
        caller.find_element(By.ID, 'act-recall').click()
        self.wait(caller, lambda d: second in d.find_element(By.ID, 'message').text or third in d.find_element(By.ID, 'message').text)
        caller.find_element(By.ID, 'act-start').click()
        self.wait(caller, lambda d: not d.find_element(By.ID, 'act-start').is_enabled())
        caller.find_element(By.ID, 'act-done').click()
        self.wait(caller, lambda d: d.find_element(By.ID, 'current-number').text == '—')
        self.wait(display, lambda d: self.window_number(d, '1') == '—')

    def test_2_a_wrong_password_five_times_locks_the_account(self):
        d = self.open_browser()
        for attempt in range(5):
            self.sign_in(d, 'w3', 'not-the-password')
            self.wait(d, lambda d: d.find_element(By.ID, 'message').is_displayed())
            text = d.find_element(By.ID, 'message').text
            if attempt < 4:
                self.assertIn('不正确', text)
        self.assertIn('锁定', text)
        d.save_screenshot(os.path.join(SHOTS, 'locked.png'))
        self.sign_in(d, 'w3', self.central.passwords['w3'])  # the right password now: still locked
        self.wait(d, lambda d: '锁定' in d.find_element(By.ID, 'message').text)
        self.assertTrue(d.current_url.endswith('index.html'))
        audit = self.central.ctl('audit', '--hall', HALL)
        self.assertIn('locked_out', audit)

    def test_3_a_change_without_the_csrf_token_is_refused_and_the_cookie_is_httponly(self):
        d = self.caller('w2', '2')
        cookie = d.get_cookie('ow_hall')
        self.assertTrue(cookie['httpOnly'])
        self.assertEqual(cookie['sameSite'], 'Strict')
        self.assertNotIn('ow_hall', d.execute_script('return document.cookie'))
        post = '''const [headers, done] = [arguments[0], arguments[arguments.length - 1]];
                  fetch('api/act', {method: 'POST', headers: Object.assign({'Content-Type': 'application/json'}, headers),
                                    body: JSON.stringify({action: 'next'})}).then(r => done(r.status));'''
        self.assertEqual(d.execute_async_script(post, {}), 403)
        self.assertEqual(d.execute_async_script(post, {'X-CSRF-Token': '0' * 32}), 403)
        number = self.central.take('registration')
        token = d.execute_async_script("fetch('api/me').then(r => r.json()).then(j => arguments[0](j.csrf));")
        self.assertEqual(d.execute_async_script(post, {'X-CSRF-Token': token}), 200)
        self.wait(d, lambda d: d.find_element(By.ID, 'current-number').text == number)

    def test_3b_a_first_password_must_be_changed_before_anything_else(self):
        d = self.open_browser()
        self.sign_in(d, 'w4', self.central.passwords['w4'])
        self.wait(d, lambda d: d.find_element(By.ID, 'password-card').is_displayed())
        self.assertFalse(d.find_element(By.ID, 'work').is_displayed())
        token = d.execute_async_script("fetch('api/me').then(r => r.json()).then(j => arguments[0](j.csrf));")
        post = '''const done = arguments[arguments.length - 1];
                  fetch('api/act', {method: 'POST', headers: {'Content-Type': 'application/json', 'X-CSRF-Token': arguments[0]},
                                    body: JSON.stringify({action: 'next'})}).then(r => r.json()).then(j => done(j.error.code));'''
        self.assertEqual(d.execute_async_script(post, token), 'change_password')
        # Too short, then not repeated alike, then the current one wrong: each said, nothing changed.
        for current, new, repeat, says in (('x', 'short', 'short', '至少'), ('x', 'long-enough-1', 'long-enough-2', '不一致'),
                                            ('not-it', 'long-enough-1', 'long-enough-1', '不正确')):
            for field, value in (('password-current', current), ('password-new', new), ('password-repeat', repeat)):
                d.find_element(By.ID, field).clear()
                d.find_element(By.ID, field).send_keys(value)
            d.find_element(By.ID, 'password-save').click()
            self.wait(d, lambda d: says in d.find_element(By.ID, 'password-message').text)
        self.central.passwords['w4'] = set_own_password(d, self.central.passwords['w4'])
        self.changed.add('w4')
        audit = self.central.ctl('audit', '--hall', HALL)
        self.assertIn('password_changed', audit)
        self.assertIn('password_change_refused', audit)
        # The first password no longer opens the account; the new one does, with nothing asked.
        self.sign_in(d, 'w4', self.central.passwords['w4'].rsplit('-own-2026', 1)[0])
        self.wait(d, lambda d: '不正确' in d.find_element(By.ID, 'message').text)
        self.sign_in(d, 'w4')
        self.wait(d, lambda d: d.find_element(By.ID, 'work').is_displayed())

    def test_4_the_display_says_central_is_gone_and_recovers_by_itself(self):
        display = self.display()
        self.central.stop()
        self.wait(display, lambda d: d.find_element(By.ID, 'connection').is_displayed(), timeout=10)
        self.assertIn('连接中断', display.find_element(By.ID, 'connection').text)
        display.save_screenshot(os.path.join(SHOTS, 'display-offline.png'))
        self.central.start()
        self.wait(display, lambda d: not d.find_element(By.ID, 'connection').is_displayed(), timeout=15)
        # A call made by another process (kioskctl on the same database) is shown too.
        number = self.central.take('construction')
        self.central.ctl('queue', 'call', '--hall', HALL, '--window', '4')
        self.wait(display, lambda d: self.window_number(d, '4') == number, timeout=3)

    def test_4b_a_call_for_staff_reaches_the_caller_page_and_the_terminal_hears_it_taken(self):
        caller = self.caller('w1', '1')
        terminal = Terminal(self.central)
        call = terminal.post('/v1/help/raise', {'key': uuid.uuid4().hex, 'screen': 'presubmit_form', 'service': 'presubmit',
                                                'elder': True})['call']
        row = '[data-help="%s"]' % call['id']
        self.wait(caller, lambda d: d.find_elements(By.CSS_SELECTOR, row), timeout=3)
        text = caller.find_element(By.CSS_SELECTOR, row).text
        self.assertIn('东侧1号机', text)
        self.assertIn('自助申报', text)
        self.assertIn('60岁以上', text)
        self.assertGreaterEqual(caller.execute_script('return window.owCaller.rings'), 1, 'the page sounded')
        caller.save_screenshot(os.path.join(SHOTS, 'caller-help.png'))
        # The terminal waits on its call; a member of staff takes it on the page; the terminal hears it at once.
        heard = {}

        def wait_on_call():
            heard['call'] = terminal.post('/v1/help/status', {'id': call['id'], 'seen': 'raised', 'wait_ms': 5000})['call']
            heard['at'] = time.time()
        waiter = threading.Thread(target=wait_on_call)
        waiter.start()
        time.sleep(0.5)
        clicked = time.time()
        caller.find_element(By.CSS_SELECTOR, '[data-help-take="%s"]' % call['id']).click()
        waiter.join(10)
        self.assertEqual(heard['call']['state'], 'taken')
        self.assertEqual(heard['call']['taken_by'], 'w1')
        self.assertLess(heard['at'] - clicked, 2.0, 'the terminal heard it within 2 s of the click')
        row_text = lambda d: d.execute_script("const e = document.querySelector(arguments[0]); return e ? e.textContent : '';", row)
        self.wait(caller, lambda d: '正在前往' in row_text(d))
        caller.find_element(By.CSS_SELECTOR, '[data-help-close="%s"]' % call['id']).click()
        self.wait(caller, lambda d: not d.find_elements(By.CSS_SELECTOR, row))
        self.assertIn('help_take', self.central.ctl('audit', '--hall', HALL))

    def test_6_the_hall_admin_moves_a_work_order_on(self):
        terminal = Terminal(self.central)
        filed = terminal.post('/v1/reports/file', {'key': uuid.uuid4().hex, 'name': '李四', 'id_number': '11010519491231002X',
                                                   'phone': '13900139000', 'department': '区市场监督管理局',
                                                   'category': '材料要求不一致', 'text': '窗口说要再开证明'})['report']
        self.assertEqual(filed['name'], '李*', 'the terminal is answered with the name masked')
        self.assertEqual(filed['state'], 'received')
        d = self.open_browser()
        self.sign_in(d, 'admin')
        self.wait(d, lambda d: d.find_element(By.ID, 'reports-link').is_displayed())
        d.get(self.central.url('reports.html'))
        row = '[data-report="%s"]' % filed['no']
        self.wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, row))
        text = d.execute_script("return document.querySelector(arguments[0]).textContent", row)
        for words in ('李四', '139****9000', '区市场监督管理局', '已受理', filed['deadline']):
            self.assertIn(words, text)
        d.find_element(By.CSS_SELECTOR, '[data-note="%s"]' % filed['no']).send_keys('材料类')
        d.find_element(By.CSS_SELECTOR, '[data-advance="%s"]' % filed['no']).click()
        self.wait(d, lambda d: '已分类' in d.execute_script("return document.querySelector(arguments[0]).textContent", row))
        d.save_screenshot(os.path.join(SHOTS, 'reports.png'))
        shown = self.central.ctl('reports', 'show', filed['no'])
        self.assertIn('classified', shown)
        self.assertIn('admin', shown)
        self.assertIn('材料类', shown)
        self.assertIn('work_order_classified', self.central.ctl('audit', '--hall', HALL))
        w = self.caller('w1', '1')
        w.get(self.central.url('reports.html'))
        self.wait(w, lambda d: '管理员' in d.find_element(By.ID, 'message').text)

    def test_7_the_hall_admin_follows_up_a_bad_rating(self):
        case = self.central.ctl('case', 'create', '--matter', '310118-DJ-001', '--matter-name', '个体工商户设立登记',
                                '--department', '区市场监督管理局', '--holder-name', '王五', '--holder-id', '11010519491231002X',
                                '--phone', '13800138000', '--promised-days', '1', '--by', '综合窗口').split(' ', 1)[0]
        terminal = Terminal(self.central)
        body = {'key': uuid.uuid4().hex, 'stage': 'case', 'subject': case, 'level': 1, 'reasons': ['排队等候时间长'],
                'text': '等了两个小时', 'name': '王五', 'id_number': '11010519491231002X'}
        rated = terminal.post('/v1/ratings/rate', body)['rating']
        self.assertEqual(rated['name'], '王*', 'the terminal is answered with the rater masked')
        self.assertEqual(rated['follow_up']['state'], 'opened')
        with self.assertRaises(urllib.error.HTTPError) as again:
            terminal.post('/v1/ratings/rate', dict(body, key=uuid.uuid4().hex))
        self.assertEqual(again.exception.code, 409, '一事一评: a second rating of the same case is refused')
        d = self.open_browser()
        self.sign_in(d, 'admin')
        self.wait(d, lambda d: d.find_element(By.ID, 'ratings-link').is_displayed())
        d.get(self.central.url('ratings.html'))
        row = '[data-rating="%s"]' % rated['id']
        text = lambda: d.execute_script("return document.querySelector(arguments[0]).textContent", row)
        self.wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, row))
        for words in ('个体工商户设立登记', '王*', '非常不满意', '排队等候时间长', '等了两个小时', '待联系',
                      rated['follow_up']['contact_by'], rated['follow_up']['fix_by']):
            self.assertIn(words, text())
        self.assertNotIn('王五', text(), 'the rater is masked on the page')
        self.assertNotIn('rater_looked_up', self.central.ctl('audit', '--hall', HALL))
        d.find_element(By.CSS_SELECTOR, '[data-rater="%s"]' % rated['id']).click()
        self.wait(d, lambda d: '王五' in text())
        self.assertIn('rater_looked_up', self.central.ctl('audit', '--hall', HALL), 'each look-up of the rater is audited')
        # Contacted, a complex case: its deadline becomes 13 working days.
        d.find_element(By.CSS_SELECTOR, '[data-note="%s"]' % rated['id']).send_keys('已电话联系')
        d.find_element(By.CSS_SELECTOR, '[data-complex="%s"]' % rated['id']).click()
        d.find_element(By.CSS_SELECTOR, '[data-advance="%s"]' % rated['id']).click()
        self.wait(d, lambda d: '已联系核实' in text() and rated['follow_up']['complex_by'] in text())
        # An appeal, upheld: the rating no longer counts.
        d.find_element(By.CSS_SELECTOR, '[data-appeal="%s"]' % rated['id']).click()
        self.wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, '[data-uphold="%s"]' % rated['id']))
        d.find_element(By.CSS_SELECTOR, '[data-note="%s"]' % rated['id']).send_keys('评价人确认误评')
        d.find_element(By.CSS_SELECTOR, '[data-uphold="%s"]' % rated['id']).click()
        self.wait(d, lambda d: '申诉成立' in text())
        d.save_screenshot(os.path.join(SHOTS, 'ratings.png'))
        shown = self.central.ctl('ratings', 'show', rated['id'])
        for words in ('appeal_upheld', '评价人确认误评', 'checked', 'admin'):
            self.assertIn(words, shown)
        w = self.caller('w1', '1')
        w.get(self.central.url('ratings.html'))
        self.wait(w, lambda d: '管理员' in d.find_element(By.ID, 'message').text)

    def test_5_the_hall_admin_sees_the_days_statistics(self):
        self.central.take('permit')  # at least one ticket today, whichever tests ran before
        d = self.open_browser()
        self.sign_in(d, 'admin')
        self.wait(d, lambda d: d.current_url.endswith('caller.html'))
        self.wait(d, lambda d: d.find_element(By.ID, 'stats-link').is_displayed())
        d.get(self.central.url('stats.html'))
        tickets = self.wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, '[data-figure="stats.tickets"]'))
        self.wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, 'svg.chart rect[data-day]'))
        stats = self.central.ctl('stats', 'queue', '--hall', HALL, '--csv', 'yes')
        overall = [l for l in stats.splitlines() if l.startswith('overall,')][0].split(',')
        self.assertEqual(tickets[0].text, overall[2])
        help_row = [l for l in stats.splitlines() if l.startswith('help,')][0].split(',')
        self.wait(d, lambda d: d.find_element(By.CSS_SELECTOR, '[data-figure="stats.help"]').text == help_row[2] + ' / ' + help_row[3])
        # The hall's services beside the queue's: the same figures as kioskctl stats hall, and the levels drawn.
        services = self.central.ctl('stats', 'hall', '--hall', HALL, '--csv', 'yes').splitlines()
        head, overall = services[0].split(','), [l for l in services if l.startswith('overall,')][0].split(',')
        value = dict(zip(head, overall))
        self.wait(d, lambda d: d.find_element(By.CSS_SELECTOR, '[data-figure="svcstats.ratings"]').text == value['ratings'])
        self.assertEqual(d.find_element(By.CSS_SELECTOR, '[data-figure="svcstats.help"]').text,
                         value['help_taken'] + ' / ' + value['help_calls'])
        self.assertEqual(d.find_element(By.CSS_SELECTOR, '[data-figure="svcstats.orders_on_time"]').text,
                         value['work_orders_on_time'] + ' / ' + value['work_orders'])
        self.assertEqual(len(d.find_elements(By.CSS_SELECTOR, 'svg.chart rect[data-level]')), 5)
        d.save_screenshot(os.path.join(SHOTS, 'stats.png'))
        d.find_element(By.ID, 'lang').click()
        self.wait(d, lambda d: d.find_element(By.CSS_SELECTOR, 'h1 [data-t="stats.title"]').text == 'Hall statistics')
        # A window's staff are not shown the statistics.
        w = self.caller('w1', '1')
        w.get(self.central.url('stats.html'))
        self.wait(w, lambda d: 'hall admin' in d.find_element(By.ID, 'message').text or '管理员' in d.find_element(By.ID, 'message').text)


    def test_8_the_hall_admin_reads_the_terminals_service_mode_in_the_audit(self):
        # A terminal's service mode as its outbox sends it (a service.audit event, signed like every event).
        terminal = Terminal(self.central)
        seq = int(time.time())
        terminal.post('/v1/events', {'events': [{'seq': seq, 'type': 'service.audit', 'occurred_at': seq,
                                                 'payload': {'actor': '陈工 (a1b2c3d4e5f60718)', 'action': 'out_of_service', 'detail': ''}}]})
        d = self.open_browser()
        self.sign_in(d, 'admin')
        self.wait(d, lambda d: d.find_element(By.ID, 'audit-link').is_displayed())
        d.find_element(By.ID, 'audit-link').click()
        row = '[data-action="terminal_out_of_service"]'
        self.wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, row))
        text = d.find_element(By.CSS_SELECTOR, row).text
        self.assertIn('终端：暂停服务', text)
        self.assertIn('东侧1号机 · 陈工 (a1b2c3d4e5f60718)', text)
        self.assertTrue(d.find_elements(By.CSS_SELECTOR, '[data-action="signed_in"]'), "the hall pages' own sign-ins are there too")
        d.find_element(By.ID, 'terminals').click()
        self.wait(d, lambda d: not d.find_elements(By.CSS_SELECTOR, '[data-action="signed_in"]'))
        self.assertTrue(d.find_elements(By.CSS_SELECTOR, row), 'the terminals alone at a tick')
        d.save_screenshot(os.path.join(SHOTS, 'audit.png'))
        # A window's staff are not shown the audit.
        w = self.caller('w1', '1')
        self.assertFalse(w.find_element(By.ID, 'audit-link').is_displayed())
        w.get(self.central.url('audit.html'))
        self.wait(w, lambda d: '管理员' in d.find_element(By.ID, 'message').text)


def call_and_show(url, hall, name, password, window, number):
    """Signs in at the caller page, calls next at `window`, and waits for the display to show `number` there."""
    base = url.rstrip('/') + '/hall/'
    display, caller = browser(), browser()
    try:
        display.get(base + 'display.html?hall=' + hall)
        wait = lambda d, what, timeout=10: WebDriverWait(d, timeout, poll_frequency=0.02).until(lambda d: what(d))
        wait(display, lambda d: d.execute_script('return window.owDisplay && window.owDisplay.board !== null'))
        caller.get(base + 'index.html')
        caller.find_element(By.ID, 'hall').clear()
        caller.find_element(By.ID, 'hall').send_keys(hall)
        caller.find_element(By.ID, 'name').send_keys(name)
        caller.find_element(By.ID, 'password').send_keys(password)
        caller.find_element(By.ID, 'go').click()
        wait(caller, lambda d: d.current_url.endswith('caller.html'))
        set_own_password(caller, password)
        wait(caller, lambda d: len(d.find_elements(By.CSS_SELECTOR, '#window option')) > 1)
        Select(caller.find_element(By.ID, 'window')).select_by_value(window)
        wait(caller, lambda d: d.find_element(By.ID, 'act-next').is_enabled())
        t0 = caller.execute_script('return Date.now()')
        caller.find_element(By.ID, 'act-next').click()
        wait(display, lambda d: shown_at_window(d, window) == number, timeout=5)
        shown = display.execute_script('const s = window.owDisplay; const c = s.board.calls.find(c => c.number === arguments[0]);'
                                       'return c ? s.shownAt[c.seq] : null;', number)
        print('%s shown at window %s %d ms after the click' % (number, window, shown - t0))
        return 0 if shown - t0 < 1000 else 1
    except TimeoutException:
        print('the display did not show %s at window %s' % (number, window))
        return 1
    finally:
        display.quit()
        caller.quit()


def signed_in(url, hall, name, password):
    """A browser signed in at the hall's pages as `name` (their own password set at this first sign-in)."""
    d = browser()
    d.get(url.rstrip('/') + '/hall/index.html')
    d.find_element(By.ID, 'hall').send_keys(hall)
    d.find_element(By.ID, 'name').send_keys(name)
    d.find_element(By.ID, 'password').send_keys(password)
    d.find_element(By.ID, 'go').click()
    WebDriverWait(d, 10).until(lambda d: d.current_url.endswith('caller.html'))
    set_own_password(d, password)
    return d


def take_help(url, hall, name, password):
    """Signs in at the caller page and takes the first call for staff that reaches it."""
    caller = signed_in(url, hall, name, password)
    try:
        take = WebDriverWait(caller, 60, poll_frequency=0.05).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, '[data-help-take]'))
        take[0].click()
        WebDriverWait(caller, 10).until(lambda d: not d.find_elements(By.CSS_SELECTOR, '[data-help-take]'))
        print('taken: ' + caller.execute_script("return document.querySelector('.help-row').textContent"))
        return 0
    except TimeoutException:
        print('no call for staff reached the page')
        return 1
    finally:
        caller.quit()


def see_report(url, hall, name, password, no):
    """Signs in as the hall's admin, opens the work orders page and prints work order `no`'s row as the page shows it."""
    d = signed_in(url, hall, name, password)
    try:
        WebDriverWait(d, 10).until(lambda d: d.find_element(By.ID, 'reports-link').is_displayed())
        d.get(url.rstrip('/') + '/hall/reports.html')
        row = '[data-report="%s"]' % no
        WebDriverWait(d, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, row))
        print('row: ' + d.execute_script("return document.querySelector(arguments[0]).textContent", row))
        return 0
    except TimeoutException:
        print('work order %s is not on the page' % no)
        return 1
    finally:
        d.quit()


if __name__ == '__main__':
    if CALL_AND_SHOW and sys.argv[1] == '--take-help':
        sys.exit(take_help(*sys.argv[2:6]))
    if CALL_AND_SHOW and sys.argv[1] == '--see-report':
        sys.exit(see_report(*sys.argv[2:7]))
    if CALL_AND_SHOW:
        sys.exit(call_and_show(*sys.argv[2:8]))
    unittest.main(argv=[sys.argv[0]] + sys.argv[3:], verbosity=2)
