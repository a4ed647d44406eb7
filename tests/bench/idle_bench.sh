#!/usr/bin/env bash
# Idle cost on the attract screen: PSS and CPU of the kiosk and of Chromium --kiosk showing an equivalent
# page (tests/bench/attract.html), side by side in the same run on the same display. Prints figures.
#   idle_bench.sh BUILD_DIR [SECONDS]
set -euo pipefail
build=$1
seconds=${2:-60}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
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

"$build/kiosk/app/kiosk" --windowed 1280x800 --data "$work/kiosk-data" --log-file "$work/kiosk.log" &
kpid=$!
cpid=""
if command -v chromium >/dev/null; then
    chromium --kiosk --no-sandbox --no-first-run --disable-background-networking --disable-component-update \
        --disable-sync --disable-quic --disable-breakpad --user-data-dir="$work/chromium" --window-size=1280,800 \
        "file://$here/attract.html" >/dev/null 2>&1 &
    cpid=$!
fi
sleep 8  # both past start-up
k0=$(cpu_ns $kpid); [ -n "$cpid" ] && c0=$(cpu_ns $cpid)
sleep "$seconds"
k1=$(cpu_ns $kpid); [ -n "$cpid" ] && c1=$(cpu_ns $cpid)
read -r kpss kn <<<"$(pss_kib $kpid)"
awk -v ns=$((k1 - k0)) -v s="$seconds" -v pss="$kpss" -v n="$kn" 'BEGIN {
    printf "kiosk idle on attract for %d s: CPU %.3f %% of a core (%.1f ms), PSS %.1f MB in %d process\n", s, ns / (s * 1e7), ns / 1e6, pss / 1024, n }'
if [ -n "$cpid" ]; then
    read -r cpss cn <<<"$(pss_kib $cpid)"
    awk -v ns=$((c1 - c0)) -v s="$seconds" -v pss="$cpss" -v n="$cn" 'BEGIN {
        printf "chromium --kiosk idle on the same page for %d s: CPU %.3f %% of a core (%.1f ms), PSS %.1f MB in %d processes\n", s, ns / (s * 1e7), ns / 1e6, pss / 1024, n }'
else
    echo "chromium is not installed: no comparison"
fi
