#!/usr/bin/env bash
# Runs every benchmark and prints the figures behind the README's table. Needs a display (dev.sh bench gives Xvfb).
#   tests/bench/run.sh BUILD_DIR
set -euo pipefail
build=$1
here=$(cd "$(dirname "$0")" && pwd)
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
echo "== start to first frame"
"$build/tests/ow_bench_startup" "$build/kiosk/app/kiosk" "$data" 10
echo "== fonts and frames"
"$build/tests/ow_bench_ui"
echo "== device protocols"
"$build/tests/ow_bench_protocols" --benchmark_min_time=0.5
echo "== pre-submission: a page from the document camera, a submission into the outbox"
"$build/tests/ow_bench_presubmit"
echo "== outbox"
"$build/tests/ow_bench_outbox"
echo "== kiosk-central under load, beside a bare cpp-httplib server (SQLite, then PostgreSQL)"
pginfo="$data/postgres.info"
"$here/../support/postgres.sh" start "$pginfo" >/dev/null
"$build/tests/ow_bench_central" "$build/central/kiosk-central" "$build/central/kioskctl" "$(cat "$pginfo")" 10 || true
echo "== a fleet at a morning peak against one kiosk-central: the largest held with every p99 <= 50 ms (SQLite, then PostgreSQL)"
"$build/tests/ow_bench_fleet" "$build/central/kiosk-central" "$(cat "$pginfo")" 15 || true
"$here/../support/postgres.sh" stop "$pginfo"
echo "== the hall display: from \"call next\" on the caller page to the number on the display, in headless chromium"
/usr/bin/python3 "$here/hall_display_bench.py" "$build" "$here/../.." 200
echo "== camera decoding, beside zbarimg"
"$build/tests/ow_bench_decode"
echo "== idle on attract, the kiosk and then chromium --kiosk, each alone (60 s each)"
"$here/idle_bench.sh" "$build" 60
