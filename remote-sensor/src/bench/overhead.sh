#!/usr/bin/env bash
# Sensor overhead benchmark: loopback TCP request/response and connect/close
# loops with the sensor off and on, interleaved in one run (A B A B ...), plus
# the sensor's resident memory at idle and under the loops.
#
#   sudo [JAR=...] [JVM_OPTS=...] remote-sensor/src/bench/overhead.sh [ROUNDS] [RR_OPS] [CC_OPS]
#
# SUBSCRIBER=observe (default) attaches `observe --json` reading every flow and
# drop on this machine, as a worst case: on a real node the desktop that reads
# the stream runs elsewhere. SUBSCRIBER=none measures the sensor alone (its
# kernel programs, collectors and flushes, with nobody streaming).
#
# Needs root (the sensor loads eBPF programs), a built sensor jar
# (./mvnw -pl remote-sensor -am package -DskipTests) and a C compiler.
# Traffic goes to 127.0.0.1 only; every loop is bounded in count and time.
set -euo pipefail

rounds=${1:-5}
rr_ops=${2:-200000}
cc_ops=${3:-20000}
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
bench_start

trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
cc -O2 -o "$work/loopback_load" "$here/c/loopback_load.c" -lpthread

ops_per_second() { "$work/loopback_load" "$1" "$2" | awk '{print $(NF-1)}'; }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

start_sensor() {
    start_serve
    observe_pid=""
    if [[ "${SUBSCRIBER:-observe}" == observe ]]; then
        "$java" -jar "$jar" observe --sensor "127.0.0.1:$port" --token-file "$work/token" \
            --kinds flows,drops,processes --json > /dev/null 2> "$work/observe.err" &
        observe_pid=$!
    fi
    sleep 3
    # A sensor runs for minutes: warm its JIT on the same work before timing it,
    # or the first seconds of compilation are counted as steady-state overhead.
    "$work/loopback_load" cc "$cc_ops" > /dev/null
    "$work/loopback_load" rr "$((rr_ops / 4))" > /dev/null
    sleep 2
}

stop_sensor() {
    kill $observe_pid "$sensor_pid" 2>/dev/null || true
    wait $observe_pid "$sensor_pid" 2>/dev/null || true
}

printf 'round\trr_off\trr_on\tcc_off\tcc_on\trss_idle_kib\trss_max_kib\n'
for r in $(seq 1 "$rounds"); do
    rr_off=$(ops_per_second rr "$rr_ops")
    cc_off=$(ops_per_second cc "$cc_ops")
    start_sensor
    idle=$(rss_kib "$sensor_pid")
    rr_on=$(ops_per_second rr "$rr_ops")
    peak=$(rss_kib "$sensor_pid")
    cc_on=$(ops_per_second cc "$cc_ops")
    sleep 2   # one flush interval: the closes of the last loop reach the subscriber
    now=$(rss_kib "$sensor_pid"); (( now > peak )) && peak=$now
    stop_sensor
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$rr_off" "$rr_on" "$cc_off" "$cc_on" "$idle" "$peak"
done
