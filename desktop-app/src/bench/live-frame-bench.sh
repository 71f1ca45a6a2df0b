#!/usr/bin/env bash
# Frame time of the app on a live session with the real sensor on this machine (as root).
#   desktop-app/src/bench/live-frame-bench.sh [SECONDS_PER_PAGE] [PAGES, e.g. FLOWS,SYSCALLS]
# Needs JAVA_HOME (JDK 25), root, Xvfb and xdotool; builds the sensor jar first. Starts its own
# Xvfb on :96 unless DISPLAY is set.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
[[ $(id -u) == 0 ]] || { echo "run as root: the sensor loads eBPF programs" >&2; exit 2; }
"$root/mvnw" -B -q -f "$root/pom.xml" -pl remote-sensor -am package -DskipTests
if [[ -z "${DISPLAY:-}" ]]; then
    Xvfb :96 -screen 0 1600x1000x24 -nolisten tcp & xvfb=$!
    trap 'kill $xvfb' EXIT
    export DISPLAY=:96
    sleep 1
fi
JAVA_OPTS="-Xmx1g -Dprism.order=sw -Dnightjar.sensor.jar=$root/remote-sensor/target/nightjar-sensor.jar ${BENCH_JAVA_OPTS:-}" \
    "$here/../test/run-main.sh" dev.nightjar.desktop.bench.LiveFrameBench "$@"
