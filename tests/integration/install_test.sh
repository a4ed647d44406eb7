#!/usr/bin/env bash
# The packages installed, proven (issue 18, item 6): built with CPack from this build, checked by lintian, installed
# into a fresh Debian 12 root made from the Debian archive (mmdebstrap), booted with its own systemd
# (systemd-nspawn), where
#   - central runs as its unit runs it (its ExecStart, as the user onewindow-central),
#   - a terminal is enrolled with the installed kioskctl, and the installed kiosk plays a short script under Xvfb,
#   - the kiosk's unit (cage swapped for Xvfb by a drop-in) is stalled through a test hook: the watchdog's pings stop,
#     systemd restarts it, and the new process sends what the old one left in its outbox,
#   - the packages are upgraded over an older build keeping the data, then removed;
#   - `systemd-analyze verify` passes on every unit.
# usage: install_test.sh BUILD_DIR SOURCE_DIR [KEEP_DIR]   (KEEP_DIR: where screenshots and logs are copied)
set -euo pipefail
build=$(cd "$1" && pwd)
source_dir=$(cd "$2" && pwd)
keep=$(realpath -m "${3:-$build/install-test}")
work=$(mktemp -d /var/tmp/ow-install.XXXXXX)
root="$work/root"
nspawn_pid=""
step_start=$(date +%s)

say() { echo "[$(($(date +%s) - step_start)) s] $*"; }
fail() {
    echo "FAIL: $*" >&2
    if [ -n "$nspawn_pid" ]; then
        inside journalctl --no-pager -n 60 -u onewindow-central -u onewindow-kiosk >&2 2>/dev/null || true
    fi
    exit 1
}
cleanup() {
    if [ -n "$nspawn_pid" ] && kill -0 "$nspawn_pid" 2>/dev/null; then
        kill -TERM "$nspawn_pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$nspawn_pid" 2>/dev/null || break; sleep 0.2; done
        kill -KILL "$nspawn_pid" 2>/dev/null || true
    fi
    # The root's mounts died with its namespace; what is left is plain files.
    rm -rf --one-file-system "$work"
}
trap cleanup EXIT

# A command inside the booted root, in all its namespaces, with a clean environment.
leader=""
inside() {
    nsenter --target "$leader" --mount --uts --ipc --net --pid --cgroup -- \
        /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
}

# 1. The packages: this build's, and an older build of the same programs (a lower version) to upgrade from.
say "building the packages"
cd "$build"
cpack -G DEB -B "$work/new" >/dev/null
cpack -G DEB -B "$work/old" -D CPACK_PACKAGE_VERSION=0.0.9 >/dev/null
new_kiosk=$(ls "$work"/new/onewindow-kiosk_*.deb)
new_central=$(ls "$work"/new/onewindow-central_*.deb)
ls "$work"/old/onewindow-kiosk_0.0.9_*.deb "$work"/old/onewindow-central_0.0.9_*.deb >/dev/null ||
    fail "the older build's packages were not made"
say "lintian"
lint=$(lintian --fail-on error,warning --tag-display-limit 0 "$new_kiosk" "$new_central" 2>&1 | grep -v "root privileges" || true)
if lintian --fail-on error,warning "$new_kiosk" "$new_central" >/dev/null 2>&1; then :; else fail "lintian: $lint"; fi
for deb in "$new_kiosk" "$new_central"; do
    if dpkg-deb -c "$deb" | grep -E '\.key$|\.pem$|/tests?/|CMake|\.o$|/build/' ; then fail "$deb carries a key or a development leftover"; fi
done
if grep -aq "PRIVATE KEY" "$new_kiosk" "$new_central"; then fail "a package holds a private key"; fi
# Nothing of the machine they were built on: no path of the source tree or the build in any file.
for deb in "$new_kiosk" "$new_central"; do
    rm -rf "$work/x" && mkdir -p "$work/x" && dpkg-deb -x "$deb" "$work/x"
    if grep -rlaF -e "$source_dir" -e "$build" "$work/x"; then fail "$(basename "$deb") names the build machine's paths"; fi
done

# 2. A fresh Debian 12 root from the archive, with systemd to boot and Xvfb for the kiosk's screen.
say "making a Debian 12 root"
mmdebstrap --quiet --variant=minbase --include=systemd,systemd-sysv,dbus,xvfb,xauth,procps,man-db bookworm "$root" \
    "deb http://deb.debian.org/debian bookworm main" \
    "deb http://deb.debian.org/debian bookworm-updates main" \
    "deb http://deb.debian.org/debian-security bookworm-security main" || fail "mmdebstrap"
mkdir -p "$root/srv/debs"
cp "$work"/old/*.deb "$work"/new/*.deb "$root/srv/debs/"
# The root shares the host's network (apt reaches the archive; the test reaches central): a free port of its own.
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

say "booting it"
SYSTEMD_NSPAWN_UNIFIED_HIERARCHY=1 systemd-nspawn --quiet -D "$root" --register=no --keep-unit -b --console=pipe \
    >"$work/boot.log" 2>&1 &
nspawn_pid=$!
for _ in $(seq 1 100); do
    leader=$(ps -o pid= --ppid "$nspawn_pid" | tr -d ' ' | head -1 || true)
    [ -n "$leader" ] && [ "$(cat /proc/"$leader"/comm 2>/dev/null)" = systemd ] && break
    leader=""
    sleep 0.2
done
[ -n "$leader" ] || fail "the root's systemd did not start: $(cat "$work/boot.log")"
state=$(inside timeout 90 systemctl is-system-running --wait || true)
case "$state" in running | degraded) ;; *) fail "the root's systemd is '$state'" ;; esac

# 3. The older build installed as an administrator would: apt fetches what the packages depend on.
say "installing the older packages (0.0.9)"
inside apt-get update -qq >/dev/null || fail "apt-get update"
inside apt-get install -y -qq --no-install-recommends /srv/debs/onewindow-central_0.0.9_amd64.deb \
    /srv/debs/onewindow-kiosk_0.0.9_amd64.deb >"$work/apt-old.log" 2>&1 || fail "install: $(tail -20 "$work/apt-old.log")"
inside id onewindow >/dev/null || fail "no user onewindow"
inside id onewindow-central >/dev/null || fail "no user onewindow-central"
[ "$(inside stat -c '%U %a' /var/lib/onewindow)" = "onewindow 700" ] || fail "/var/lib/onewindow: $(inside stat -c '%U %a' /var/lib/onewindow)"

say "systemd-analyze verify"
inside systemd-analyze verify /lib/systemd/system/onewindow-central.service /lib/systemd/system/onewindow-kiosk.service \
    >"$work/verify.log" 2>&1 || fail "systemd-analyze verify: $(cat "$work/verify.log")"

# 4. Central as its unit runs it: enabled and started by the package; on the test's port.
say "central as its unit"
[ "$(inside systemctl is-enabled onewindow-central)" = enabled ] || fail "onewindow-central is not enabled"
inside sed -i "s|--listen 127.0.0.1:8080|--listen 127.0.0.1:$port|" /etc/onewindow/central.env
inside systemctl restart onewindow-central
central_up() {
    for _ in $(seq 1 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}
central_up || fail "central does not listen on $port"
pid=$(inside systemctl show -p MainPID --value onewindow-central)
[ "$(inside ps -o user= -p "$pid" | tr -d ' ')" = onewindow-central ] || fail "central runs as $(inside ps -o user= -p "$pid")"
[ "$(inside ps -o args= -p "$pid")" = "/usr/bin/kiosk-central --listen 127.0.0.1:$port --db sqlite:/var/lib/onewindow-central/central.db --secrets-key /var/lib/onewindow-central/secrets.key" ] ||
    fail "central's command: $(inside ps -o args= -p "$pid")"
[ "$(inside stat -c '%U %a' /var/lib/onewindow-central/secrets.key)" = "onewindow-central 600" ] || fail "the secrets key's owner or mode"
# The hall's pages, from the installed files.
/usr/bin/python3 -c 'import sys, urllib.request
page = urllib.request.urlopen("http://127.0.0.1:%s/hall/caller.html" % sys.argv[1], timeout=10).read().decode()
sys.exit(0 if "caller.js" in page else 1)' "$port" || fail "central does not serve the hall's pages from /usr/share/onewindow/hall"

# 5. A terminal enrolled with the installed kioskctl; the administrators' key trusted by the terminal; a staff code.
say "enrolling a terminal"
ctl() { inside runuser -u onewindow-central -- kioskctl "$@"; }
db=sqlite:/var/lib/onewindow-central/central.db
token=$(ctl enroll --db "$db" --hall demo-hall --name terminal-1)
[ -n "$token" ] || fail "no enrolment token"
inside kioskctl keygen --key-id hall-admin --out /root/admin.key >/dev/null
inside install -m 0644 /root/admin.key.pub /etc/onewindow/trusted-keys.json
issued=$(inside kioskctl staff code --db "$db" --hall demo-hall --name 王工 --role maintenance --key /root/admin.key --pin 246810)
code=$(echo "$issued" | grep -o 'OW1\.S\.[A-Za-z0-9._-]*' | head -1)
[ -n "$code" ] || fail "no staff code: $issued"
# The simulated receipt printer signs its codes with an issuer key made here (none is shipped).
inside runuser -u onewindow -- kioskctl keygen --key-id demo1 --out /var/lib/onewindow/sim-issuer.key >/dev/null

# 6. The installed kiosk under Xvfb, from the installed files alone: enrolment, then (central stopped) a member of
#    staff signs in to service mode, whose audit events wait in the outbox.
kiosk_run() {  # SCRIPT_TEXT EXTRA_ARGS...
    local text=$1
    shift
    printf '%s' "$text" | inside tee /var/lib/onewindow/script.txt >/dev/null
    inside chown onewindow: /var/lib/onewindow/script.txt
    inside runuser -u onewindow -- env HOME=/var/lib/onewindow timeout 120 xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
        /usr/bin/kiosk --windowed 1280x800 --data /var/lib/onewindow --central "http://127.0.0.1:$port" \
        --script /var/lib/onewindow/script.txt --screenshot-dir /var/lib/onewindow/shots "$@"
}
say "the kiosk enrols and plays a script"
kiosk_run $'wait 2s\nscreenshot 01-attract\ntap @attract.touch_to_start\nwait 300ms\nscreenshot 02-home\nquit\n' \
    --enroll-token "$token" >"$work/kiosk1.log" 2>&1 || fail "the kiosk's first run: $(cat "$work/kiosk1.log")"
inside test -s /var/lib/onewindow/credentials.json || fail "the kiosk did not enrol"
inside test -s /var/lib/onewindow/shots/02-home.png || fail "no screenshot of the home screen"
grep -q '"screen": *"home"' "$root/var/lib/onewindow/shots/02-home.json" || fail "the script did not reach home"
grep -q terminal-1 <<<"$(ctl fleet --db "$db")" || fail "central's fleet lacks the terminal"

say "central stopped; service mode's audit waits in the outbox"
inside systemctl stop onewindow-central
pin_taps=""
for d in 2 4 6 8 1 0; do pin_taps+="tap @digit.$d"$'\n'; done
kiosk_run $'wait 500ms\nevent scanner.scan '"$code"$'\nwait-for "请输入 PIN" 10s\n'"$pin_taps"$'tap @service.enter\nwait-for "打印测试小票" 10s\nscreenshot 03-service\ntap @service.leave\nwait 500ms\nquit\n' \
    >"$work/kiosk2.log" 2>&1 || fail "the service mode script: $(cat "$work/kiosk2.log")"
grep -q '王工' "$root/var/lib/onewindow/shots/03-service.json" || fail "service mode did not open"

# 7. The watchdog: the kiosk's own unit, cage swapped for Xvfb; SIGUSR2 (ONEWINDOW_TEST_STALL=1) stops its UI loop.
say "the watchdog restarts a stalled kiosk, which resumes its print journal"
# First the unit plays a script: an engineer prints a test receipt on a printer that runs out of paper mid-way (the
# job is held in the journal), then the kiosk idles. The drop-in is then changed (for the next start only) and the
# running kiosk's UI loop stopped.
dropin() {  # EXTRA_KIOSK_ARGS
    inside mkdir -p /etc/systemd/system/onewindow-kiosk.service.d
    inside tee /etc/systemd/system/onewindow-kiosk.service.d/xvfb.conf >/dev/null <<EOF
[Service]
PAMName=
TTYPath=
StandardInput=null
Environment=ONEWINDOW_TEST_STALL=1 HOME=/var/lib/onewindow
WatchdogSec=4
ExecStart=
ExecStart=/usr/bin/xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" /usr/bin/kiosk --windowed 1280x800 --data /var/lib/onewindow --central http://127.0.0.1:$port $1
EOF
    inside systemctl daemon-reload
}
printf '%s' $'wait 1s\nevent scanner.scan '"$code"$'\nwait-for "请输入 PIN" 10s\n'"$pin_taps"$'tap @service.enter\nwait-for "打印测试小票" 10s\nevent receipt.run-out 3\ntap @service.print_test\nwait 3s\nscreenshot 04-held\nwait 300s\nquit\n' |
    inside tee /var/lib/onewindow/held.txt >/dev/null
inside chown onewindow: /var/lib/onewindow/held.txt
dropin "--script /var/lib/onewindow/held.txt --screenshot-dir /var/lib/onewindow/shots"
inside timeout 60 systemctl start onewindow-kiosk || fail "the kiosk's unit did not start: $(inside systemctl status onewindow-kiosk --no-pager)"
held=""
for _ in $(seq 1 100); do
    held=$(inside sed -n 's/.*print.job job=\([0-9]*\) state=held.*/\1/p' /var/lib/onewindow/kiosk.log | tail -1)
    [ -n "$held" ] && break
    sleep 0.2
done
[ -n "$held" ] || fail "the test receipt was not held: $(inside tail -20 /var/lib/onewindow/kiosk.log)"
dropin ""
[ "$(inside systemctl show -p NRestarts --value onewindow-kiosk)" = 0 ] || fail "the kiosk restarted before the stall"
sleep 6  # several watchdog periods: a kiosk that pings stays up
[ "$(inside systemctl show -p NRestarts --value onewindow-kiosk)" = 0 ] || fail "the unit restarted a kiosk that was pinging"
first=$(inside pgrep -x kiosk)
inside pkill -USR2 -x kiosk
restarted=""
for _ in $(seq 1 150); do
    if [ "$(inside systemctl show -p NRestarts --value onewindow-kiosk)" -ge 1 ] &&
        [ "$(inside systemctl is-active onewindow-kiosk)" = active ]; then restarted=yes; break; fi
    sleep 0.2
done
[ -n "$restarted" ] || fail "systemd did not restart the stalled kiosk"
journal=$(inside journalctl --no-pager -u onewindow-kiosk)
grep -q "Watchdog timeout" <<<"$journal" || fail "the journal names no watchdog timeout"
grep -E "kiosk.test_stall|Watchdog timeout|Main process exited|Scheduled restart|Started onewindow-kiosk" <<<"$journal" | tail -5 || true
second=$(inside pgrep -x kiosk)
[ "$first" != "$second" ] || fail "the same kiosk process still runs"
inside grep -q "kiosk.test_stall" /var/lib/onewindow/kiosk.log || fail "the stall was not the hook's"
printed=""
for _ in $(seq 1 100); do
    log=$(inside cat /var/lib/onewindow/kiosk.log)
    grep -q "print.resume job=$held was=held" <<<"$log" && grep -q "print.job job=$held state=done" <<<"$log" && printed=yes && break
    sleep 0.2
done
[ -n "$printed" ] || fail "the restarted kiosk did not print the held receipt: $(inside tail -20 /var/lib/onewindow/kiosk.log)"
grep -E "print.job job=$held|print.resume job=$held" <<<"$log" || true

say "central back: the restarted kiosk sends what waited"
inside systemctl start onewindow-central
central_up || fail "central did not come back"
audit=""
for _ in $(seq 1 150); do
    audit=$(ctl audit --db "$db" --hall demo-hall)
    echo "$audit" | grep -q terminal_signed_in && break
    sleep 0.2
done
echo "$audit" | grep -q terminal_signed_in || fail "the audit events never reached central: $audit"
inside grep -q "246810" /var/lib/onewindow/kiosk.log && fail "the PIN is in the kiosk's log"
inside systemctl stop onewindow-kiosk

# Power off asked of the real logind by the kiosk's user outside a seat session: polkit (a dependency of the kiosk's
# package) answers that it needs interactive authentication, so logind refuses, and
# the engineer reads why. (On a terminal the kiosk's own session on tty1 is allowed.)
say "power off through logind, refused outside the terminal's seat"
kiosk_run $'wait 500ms\nevent scanner.scan '"$code"$'\nwait-for "请输入 PIN" 10s\n'"$pin_taps"$'tap @service.enter\nwait-for "关机" 10s\ntap @service.power_off\ntap @service.confirm\nwait-for "系统没有执行" 15s\nscreenshot 05-power-refused\ntap @service.leave\nwait 300ms\nquit\n' \
    >"$work/kiosk-power.log" 2>&1 || fail "the power off script: $(cat "$work/kiosk-power.log")"
[ "$(inside systemctl is-system-running || true)" != stopping ] || fail "the root is shutting down"

# 8. Upgraded over the older build: the data stays, central runs the new version on it.
say "upgrading to this build"
before=$(ctl fleet --db "$db")
inside apt-get install -y -qq --no-install-recommends "/srv/debs/$(basename "$new_central")" "/srv/debs/$(basename "$new_kiosk")" \
    >"$work/apt-new.log" 2>&1 || fail "upgrade: $(tail -20 "$work/apt-new.log")"
new_version=$(dpkg-deb -f "$new_central" Version)
[ "$(inside dpkg-query -W -f '${Version}' onewindow-central)" = "$new_version" ] || fail "onewindow-central not upgraded"
[ "$(inside dpkg-query -W -f '${Version}' onewindow-kiosk)" = "$new_version" ] || fail "onewindow-kiosk not upgraded"
inside grep -q -- "--listen 127.0.0.1:$port" /etc/onewindow/central.env || fail "the upgrade replaced the administrator's central.env"
central_up || fail "central is not running after the upgrade"
grep -q terminal-1 <<<"$(ctl fleet --db "$db")" || fail "the terminal was lost in the upgrade: before: $before"
inside test -s /var/lib/onewindow/credentials.json || fail "the terminal's credentials were lost in the upgrade"
kiosk_run $'wait 2s\nscreenshot 06-after-upgrade\nquit\n' >"$work/kiosk3.log" 2>&1 || fail "the kiosk after the upgrade: $(cat "$work/kiosk3.log")"
inside grep -q "central.enrolled" /var/lib/onewindow/kiosk.log || fail "no enrolment in the log"
[ "$(grep -c "central.enrolled" "$root/var/lib/onewindow/kiosk.log")" = 1 ] || fail "the kiosk enrolled again after the upgrade"

# 9. Removed: the programs and units go, the data stays for its administrator.
say "removing"
inside apt-get remove -y -qq onewindow-kiosk onewindow-central >"$work/apt-rm.log" 2>&1 || fail "remove: $(cat "$work/apt-rm.log")"
inside test ! -e /usr/bin/kiosk || fail "kiosk still installed"
inside test ! -e /usr/bin/kiosk-central || fail "kiosk-central still installed"
[ "$(inside systemctl is-active onewindow-central || true)" != active ] || fail "central still runs after removal"
inside test -s /var/lib/onewindow-central/central.db || fail "removal took central's data"

mkdir -p "$keep"
cp "$root"/var/lib/onewindow/shots/*.png "$keep/" 2>/dev/null || true
say "passed"
