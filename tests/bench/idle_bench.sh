#!/usr/bin/env bash
# Idle cost on the attract screen: PSS and CPU of the kiosk, then of Chromium --kiosk showing an equivalent
# page (tests/bench/attract.html), each alone on the same display. Prints figures.
#   idle_bench.sh BUILD_DIR [SECONDS]
set -euo pipefail
build=$1
seconds=${2:-60}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
kpid=""
cpid=""
trap 'kill $kpid $cpid 2>/dev/null || true; sleep 0.5; rm -rf "$work"' EXIT

# Every process of a tree: the root and its descendants.
tree() {
    local all
    all=$(ps -e -o pid=,ppid=)
    local want=" $1 " changed=1
    while [ $changed -eq 1 ]; do
        changed=0
        while read -r pid ppid; do
            if [[ "$want" == *" $ppid "* && "$want" != *" $pid "* ]]; then want="$want$pid "; changed=1; fi
        done <<<"$all"
    done
    echo $want
}
# CPU nanoseconds used so far by every thread of every process in the tree.
cpu_ns() {
    local sum=0 f
    for p in $(tree "$1"); do
        for f in /proc/"$p"/task/*/schedstat; do
            [ -r "$f" ] && sum=$((sum + $(cut -d' ' -f1 "$f" 2>/dev/null || echo 0)))
        done
    done
    echo $sum
}
# Proportional set size of the tree in KiB, and how many processes it has.
pss_kib() {
    local sum=0 n=0 v
    for p in $(tree "$1"); do
        v=$(awk '/^Pss:/ {print $2}' /proc/"$p"/smaps_rollup 2>/dev/null || true)
        [ -n "$v" ] && sum=$((sum + v)) && n=$((n + 1))
    done
    echo "$sum $n"
}

# Each program alone on the display, one after the other: running side by side they would share pages of fonts and
# libraries, and each would look smaller than it is on a terminal.
# measure NAME PID: CPU over the window after start-up, then PSS, of the tree under PID; then stops it.
measure() {
    local name=$1 pid=$2 c0 c1 pss n
    sleep 8  # past start-up
    c0=$(cpu_ns "$pid")
    sleep "$seconds"
    c1=$(cpu_ns "$pid")
    read -r pss n <<<"$(pss_kib "$pid")"
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    awk -v name="$name" -v ns=$((c1 - c0)) -v s="$seconds" -v pss="$pss" -v n="$n" 'BEGIN {
        printf "%s idle for %d s, alone: CPU %.3f %% of a core (%.1f ms), PSS %.1f MB in %d process%s\n",
               name, s, ns / (s * 1e7), ns / 1e6, pss / 1024, n, n == 1 ? "" : "es" }'
}

"$build/kiosk/app/kiosk" --windowed 1280x800 --data "$work/kiosk-data" --log-file "$work/kiosk.log" &
kpid=$!
measure "kiosk on attract" $kpid
if command -v chromium >/dev/null; then
    chromium --kiosk --no-sandbox --no-first-run --disable-background-networking --disable-component-update \
        --disable-sync --disable-quic --disable-breakpad --user-data-dir="$work/chromium" --window-size=1280,800 \
        "file://$here/attract.html" >/dev/null 2>&1 &
    cpid=$!
    measure "chromium --kiosk on the same page" $cpid
else
    echo "chromium is not installed: no comparison"
fi
