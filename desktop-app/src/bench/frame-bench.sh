#!/usr/bin/env bash
# Frame time of the workbench under a flood of events, on a real (virtual) display.
#   desktop-app/src/bench/frame-bench.sh [RATE_PER_KIND] [SECONDS_PER_PAGE] [STORE_CAP] [PAGES, e.g. FLOWS,SYSCALLS]
# Needs JAVA_HOME (JDK 25) and Xvfb; starts its own Xvfb on :97 unless DISPLAY is set.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [[ -z "${DISPLAY:-}" ]]; then
    Xvfb :97 -screen 0 1600x1000x24 -nolisten tcp & xvfb=$!
    trap 'kill $xvfb' EXIT
    export DISPLAY=:97
    sleep 1
fi
JAVA_OPTS="-Xmx1g -Dprism.order=sw ${BENCH_JAVA_OPTS:-}" "$here/../test/run-main.sh" dev.nightjar.desktop.bench.WorkbenchFrameBench "$@"
