#!/usr/bin/python3
"""From "call next" on the window's caller page to the number on the hall display's screen, in a real browser
(Debian's chromium, headless, through chromedriver): both pages' clocks are the machine's (Date.now() when the button
is clicked, and when the display has drawn the call), over CALLS calls at one window against kiosk-central on SQLite.

    tests/bench/hall_display_bench.py BUILD_DIR SOURCE_DIR [CALLS]
"""
import os
import statistics
import sys
import tempfile
import shutil
import time

sys.path.insert(0, os.path.join(os.path.abspath(sys.argv[2]), 'tests', 'web'))
import hall_pages_test as h  # noqa: E402  (the same central and browser as the browser tests)
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402


def main():
    calls = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    folder = tempfile.mkdtemp(prefix='ow-hall-bench-')
    central = h.Central(folder)
    central.start()
    display = caller = None
    try:
        for _ in range(calls):
            central.take('livelihood')
        display, caller = h.browser(), h.browser()
        display.get(central.url('display.html?hall=' + h.HALL))
        wait = lambda d, what, timeout=10: WebDriverWait(d, timeout, poll_frequency=0.005).until(lambda d: what(d))
        wait(display, lambda d: d.execute_script('return window.owDisplay && window.owDisplay.board !== null'))
        caller.get(central.url('index.html'))
        caller.find_element(By.ID, 'hall').send_keys(h.HALL)
        caller.find_element(By.ID, 'name').send_keys('w1')
        caller.find_element(By.ID, 'password').send_keys(central.passwords['w1'])
        caller.find_element(By.ID, 'go').click()
        wait(caller, lambda d: d.current_url.endswith('caller.html'))
        h.set_own_password(caller, central.passwords['w1'])
        wait(caller, lambda d: len(d.find_elements(By.CSS_SELECTOR, '#window option')) > 1)
        Select(caller.find_element(By.ID, 'window')).select_by_value('1')
        wait(caller, lambda d: d.find_element(By.ID, 'act-next').is_enabled())
        latencies = []
        for n in range(1, calls + 1):
            number = 'A%03d' % n
            t0 = caller.execute_script('return Date.now()')
            caller.find_element(By.ID, 'act-next').click()
            wait(display, lambda d: h.shown_at_window(d, '1') == number)
            shown = display.execute_script('const s = window.owDisplay; const c = s.board.calls.find(c => c.number === arguments[0]);'
                                           'return c ? s.shownAt[c.seq] : null;', number)
            latencies.append(shown - t0)
            wait(caller, lambda d: d.find_element(By.ID, 'act-next').is_enabled())
        latencies.sort()
        p99 = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]
        print('call next -> on the display: %d calls, median %.0f ms, p99 %.0f ms, max %.0f ms (on %d cores)'
              % (len(latencies), statistics.median(latencies), p99, latencies[-1], os.cpu_count()))
    finally:
        for b in (display, caller):
            if b:
                b.quit()
        central.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == '__main__':
    main()
