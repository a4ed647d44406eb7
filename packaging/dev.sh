#!/usr/bin/env bash
# Developer entry point behind the README's two commands: install what is missing, build, then run or test.
#   packaging/dev.sh run     central-less demo: kiosk on simulated devices (Xvfb + screenshots when headless)
#   packaging/dev.sh test    the whole test suite (ctest)
#   packaging/dev.sh bench   the benchmarks behind the README's table
#   packaging/dev.sh build   install + build only
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build"
out="$root/out"

# Debian bookworm packages the build, the kiosk and the tests need.
packages=(
    build-essential cmake pkg-config git
    libsdl2-dev libimgui-dev libstb-dev libfreetype-dev libfontconfig-dev libgl-dev libgl1-mesa-dri
    libsqlite3-dev sqlite3 libpqxx-dev postgresql libssl-dev libsodium-dev nlohmann-json3-dev libsystemd-dev
    libzxing-dev libcpp-httplib-dev libcups2-dev libcairo2-dev libpango1.0-dev
    libusb-1.0-0-dev cups cups-client cups-ipp-utils cups-filters avahi-daemon dbus poppler-utils
    libgtest-dev libgmock-dev libbenchmark-dev clang libclang-rt-14-dev
    libespeak-ng-dev espeak-ng-data libgooglepinyin0-dev
    fonts-noto-cjk fonts-babelstone-han xvfb xauth
    chromium chromium-driver python3-selenium
    mmdebstrap systemd-container lintian
)
bench_packages=(procps zbar-tools)

install_missing() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "Installing: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build() {
    install_missing "${packages[@]}"
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$build" -j2
}

# Starts Xvfb on a free display when there is none; sets DISPLAY and XVFB_PID.
ensure_display() {
    XVFB_PID=""
    if [ -n "${DISPLAY:-}" ]; then return 0; fi
    local fifo
    fifo=$(mktemp -u)
    mkfifo "$fifo"
    Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$fifo" >/dev/null 2>&1 &
    XVFB_PID=$!
    local n
    read -r n <"$fifo"
    rm -f "$fifo"
    export DISPLAY=":$n"
    echo "No display: started Xvfb on $DISPLAY"
}

cmd=${1:-}
case "$cmd" in
build)
    build
    ;;
run)
    build
    mkdir -p "$out/data" "$out/keys"
    # Each run plays the demo from the start: a fresh hall at central and the terminal enrolling anew (the keys stay;
    # a bundle published by an earlier run, of an older demo, would otherwise stand in the way of this one).
    rm -f "$out"/central.db "$out"/central.db-wal "$out"/central.db-shm "$out/data/credentials.json" "$out/data/receipt-key.json" \
        "$out"/data/kiosk.db*
    ctl="$build/central/kioskctl"
    db="sqlite:$out/central.db"
    # The administrators' signing key (made once; in a deployment it stays offline) and, installed with the
    # kiosk, the public key it trusts for configuration bundles.
    if [ ! -f "$out/keys/admin.key" ]; then
        "$ctl" keygen --key-id demo-admin --out "$out/keys/admin.key" >/dev/null
    fi
    cp "$out/keys/admin.key.pub" "$out/data/trusted-keys.json"
    # The simulator's issuer key, for the codes of the simulated receipts (made here, never shipped), and the demo
    # bundles naming its public half in content.code_issuers (the shipped ones trust no issuer).
    if [ ! -f "$out/data/sim-issuer.key" ]; then
        "$ctl" keygen --key-id demo1 --out "$out/data/sim-issuer.key" >/dev/null
    fi
    issuer_pub=$(sed -n 's/.*"demo1": *"\([A-Za-z0-9+/=]*\)".*/\1/p' "$out/data/sim-issuer.key.pub")
    trusting() { sed "s|\"code_issuers\": \[\]|\"code_issuers\": [{\"id\": \"demo1\", \"public_key\": \"$issuer_pub\"}]|" "$1"; }
    trusting "$root/assets/bundles/demo.json" >"$out/demo-bundle.json"
    trusting "$root/assets/bundles/demo-update.json" >"$out/keys/demo-update.json"
    # Central on SQLite on loopback, and the kiosk enrolled with it (once; its credentials stay in out/data).
    central_port=${ONEWINDOW_CENTRAL_PORT:-18080}
    "$build/central/kiosk-central" --listen "127.0.0.1:$central_port" --db "$db" \
        --secrets-key "$out/keys/central-secrets.key" --receipt-keys "$out/data/sim-issuer.key.pub" >"$out/central.log" 2>&1 &
    central_pid=$!
    trap 'kill "$central_pid" 2>/dev/null' EXIT
    sleep 0.3
    if ! kill -0 "$central_pid" 2>/dev/null; then
        echo "kiosk-central did not start (is port $central_port taken? set ONEWINDOW_CENTRAL_PORT):" >&2
        cat "$out/central.log" >&2
        exit 1
    fi
    # The hall's bundle at central too: appointments take their capacity from the newest bundle published to the hall.
    "$ctl" sign "$out/demo-bundle.json" --key "$out/keys/admin.key" --out "$out/demo-bundle.signed.json" >/dev/null
    "$ctl" publish "$out/demo-bundle.signed.json" --db "$db" --scope halls:demo-hall >/dev/null
    base_args=(--windowed 1280x800 --data "$out/data" --bundle "$out/demo-bundle.json"
        --central "http://127.0.0.1:$central_port" --heartbeat 10)
    kiosk_args=("${base_args[@]}")
    if [ ! -f "$out/data/credentials.json" ]; then
        token=$("$ctl" enroll --db "$db" --hall demo-hall --name terminal-1)
        kiosk_args+=(--enroll-token "$token")
    fi
    # A window's member of staff for the hall's pages (a new first password on every run).
    staff_password=$("$ctl" staff add --db "$db" --hall demo-hall --name 演示窗口 --role hall-admin 2>/dev/null ||
        "$ctl" staff reset --db "$db" --hall demo-hall --name 演示窗口)
    staff_password=${staff_password##* }
    hall_pages() {
        echo "The hall's pages (kiosk-central, while it runs):"
        echo "  the window's caller  http://127.0.0.1:$central_port/hall/?hall=demo-hall  (hall demo-hall, name 演示窗口, first password $staff_password: the page asks for one of your own)"
        echo "  the hall display     http://127.0.0.1:$central_port/hall/display.html?hall=demo-hall"
        echo "  statistics           http://127.0.0.1:$central_port/hall/stats.html (after signing in)"
    }
    sleep 0.3
    if [ -z "${DISPLAY:-}" ]; then
        ensure_display
        trap '[ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null; kill "$central_pid" 2>/dev/null' EXIT
        rm -rf "$out/screenshots"
        mkdir -p "$out/screenshots"
        cd "$root"  # the tour saves the printed receipt under out/screenshots
        "$build/kiosk/app/kiosk" "${kiosk_args[@]}" --log-file "$out/kiosk.log" \
            --script "$root/assets/scripts/tour.txt" --screenshot-dir "$out/screenshots"
        # The back office opens cases for two of the simulated cards' holders and moves them along, as
        # departments would; the kiosk then finds them by card, by typed number and phone, and by receipt QR.
        case_no() { "$ctl" case "$@" --db "$db" | head -1 | cut -d' ' -f1; }
        food=$(case_no create --matter 310118-XK-001 --matter-name 食品经营许可证核发 --department 区市场监督管理局 \
            --holder-name 张三 --holder-id 310118199003070016 --phone 13800138000 --promised-days 10 --by 综合窗口)
        "$ctl" case advance "$food" --db "$db" --to supplement --missing "营业执照副本;从业人员健康证明" \
            --supplement-by "$(date -d '+5 days' +%F)" --by 区市场监督管理局 >/dev/null
        case_no create --matter 310118-DJ-001 --matter-name 个体工商户设立登记 --department 区市场监督管理局 \
            --holder-name 张三 --holder-id 310118199003070016 --phone 13800138000 --promised-days 1 --by 综合窗口 >/dev/null
        pension=$(case_no create --matter 310118-SM-001 --matter-name 居民身份证换领 --department 区公安分局 \
            --holder-name 欧阳䶮 --holder-id 11010519491231002X --phone 13800138000 --promised-days 15 --by 综合窗口)
        for to in accepted review approved certificate ready; do
            "$ctl" case advance "$pension" --db "$db" --to "$to" --by 区公安分局 >/dev/null
        done
        echo "Cases at central: $food (张三, supplement), $pension (欧阳䶮, ready); kioskctl case show NO --db $db"
        taps=$(echo "${pension#OW}" | sed 's/./tap @digit.&\n/g')
        awk -v taps="$taps" -v c="$food" '/^TYPE_CASE_DIGITS$/ { print taps; next } { gsub(/\{CASE\}/, c); print }' \
            "$root/assets/scripts/progress.txt" >"$out/progress-script.txt"
        "$build/kiosk/app/kiosk" "${base_args[@]}" --log-file "$out/kiosk.log" \
            --script "$out/progress-script.txt" --screenshot-dir "$out/screenshots"
        # Pre-submission: 张三 applies for 个体工商户设立登记, two materials not brought, the commitment signed on the
        # pad; the page under the simulated document camera is a printed application form.
        "$build/kiosk/app/kiosk" "${base_args[@]}" --log-file "$out/kiosk.log" \
            --script "$root/assets/scripts/presubmit.txt" --screenshot-dir "$out/screenshots"
        # Appointments: 张三 books a slot of 个体工商户设立登记 with his card; the slip is printed.
        "$build/kiosk/app/kiosk" "${base_args[@]}" --log-file "$out/kiosk.log" \
            --script "$root/assets/scripts/appointments.txt" --screenshot-dir "$out/screenshots"
        # Queue numbers: a 76-year-old's walk-in number (the green channel), then 张三's check-in.
        "$build/kiosk/app/kiosk" "${base_args[@]}" --log-file "$out/kiosk.log" \
            --script "$root/assets/scripts/queue.txt" --screenshot-dir "$out/screenshots"
        # A report of what could not be done (办不成事): 张三 files one; the work order is printed on its slip.
        mkdir -p "$out/screenshots/report"
        "$build/kiosk/app/kiosk" "${base_args[@]}" --log-file "$out/kiosk.log" \
            --script "$root/assets/scripts/report.txt" --screenshot-dir "$out/screenshots"
        echo "The hall's work orders (kioskctl reports list --hall demo-hall --db $db):"
        "$ctl" reports list --hall demo-hall --db "$db"
        # Collecting a result: 张三's licence made ready at central with its PDF; no A4 printer here, so he has it posted.
        licence=$(case_no create --matter 310118-DJ-001 --matter-name 个体工商户设立登记 --department 区市场监督管理局 \
            --holder-name 张三 --holder-id 310118199003070016 --phone 13800138000 --promised-days 1 --by 综合窗口 --hall demo-hall)
        for to in accepted review approved ready; do
            "$ctl" case advance "$licence" --db "$db" --to "$to" --by 区市场监督管理局 >/dev/null
        done
        "$build/kiosk/app/kiosk-diag" render-a4 "$root/assets/documents/sample-licence.json" "$out/licence.pdf" >/dev/null
        "$ctl" case attach "$licence" "$out/licence.pdf" --name 营业执照 --db "$db"
        "$build/kiosk/app/kiosk" "${base_args[@]}" --log-file "$out/kiosk.log" \
            --script "$root/assets/scripts/collect.txt" --screenshot-dir "$out/screenshots"
        echo "Results to post (kioskctl collect list --hall demo-hall --db $db):"
        "$ctl" collect list --hall demo-hall --db "$db"
        echo "The hall's appointments for the day booked (kioskctl appointments list --hall demo-hall --day D --db $db):"
        booked_day=$(sqlite3 "$out/central.db" "SELECT substr(slot, 1, 10) FROM appointment ORDER BY created_at DESC LIMIT 1")
        [ -n "$booked_day" ] && "$ctl" appointments list --hall demo-hall --day "$booked_day" --db "$db"
        receipt=$(sqlite3 "$out/central.db" "SELECT receipt_no FROM case_file WHERE receipt_no IS NOT NULL ORDER BY created_at DESC LIMIT 1")
        echo "The submission reached central as a case (kioskctl case show $receipt --db $db):"
        "$ctl" case show "$receipt" --db "$db"
        echo "Its receipt and signed commitment, as printed: $out/screenshots/submission/receipt-1.png, receipt-2.png"
        echo "Screenshots of the tour are in $out/screenshots:"
        ls -1 "$out/screenshots"/*.png
        echo "The fleet as central sees it (kioskctl fleet --db $db):"
        "$ctl" fleet --db "$db"
        # An administrator signs the demo update and publishes it to the hall; the kiosk applies it.
        echo "Signing assets/bundles/demo-update.json (naming the simulator's issuer) and publishing it to demo-hall:"
        "$ctl" sign "$out/keys/demo-update.json" --key "$out/keys/admin.key" --out "$out/keys/demo-update.signed.json"
        "$ctl" publish "$out/keys/demo-update.signed.json" --db "$db" --scope halls:demo-hall
        "$build/kiosk/app/kiosk" "${base_args[@]}" --log-file "$out/kiosk.log" \
            --script "$root/assets/scripts/bundle-update.txt" --screenshot-dir "$out/screenshots"
        sleep 0.5
        echo "The kiosk applied it: $out/screenshots/20-attract-config-2.png"
        "$ctl" fleet --db "$db"
        echo "Today's queue (kioskctl stats queue --hall demo-hall --db $db):"
        "$ctl" stats queue --hall demo-hall --db "$db"
    else
        trap 'kill "$central_pid" 2>/dev/null' EXIT
        echo "kiosk-central on 127.0.0.1:$central_port; fleet: $ctl fleet --db $db"
        hall_pages
        echo "Publish the signed demo update while the kiosk runs:"
        echo "  $ctl sign $out/keys/demo-update.json --key $out/keys/admin.key --out $out/keys/demo-update.signed.json"
        echo "  $ctl publish $out/keys/demo-update.signed.json --db $db --scope halls:demo-hall"
        "$build/kiosk/app/kiosk" "${kiosk_args[@]}"
    fi
    ;;
test)
    build
    cd "$build"
    ctest --output-on-failure -j2 --timeout 600
    ;;
bench)
    build
    install_missing "${bench_packages[@]}"
    ensure_display
    trap '[ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null' EXIT
    "$root/tests/bench/run.sh" "$build"
    ;;
*)
    echo "usage: packaging/dev.sh run|test|bench|build" >&2
    exit 2
    ;;
esac
