#!/usr/bin/env bash
# CPU profiler overhead: the sensor's own CPU use (utime + stime from
# /proc/<sensor>/stat) as a share of one core, while one `observe` subscriber
# asks for profiles at 99 Hz ("on") or only for flows ("off": the profiler's
# perf events are closed), on an idle machine and with a 2-thread CPU burner.
# One sensor serves the whole run; the four cases are interleaved per round.
#
#   sudo [JAR=...] [JVM_OPTS=...] remote-sensor/src/bench/profiler_overhead.sh [ROUNDS] [SECONDS]
#
# Needs root (the sensor loads eBPF programs and opens perf events), a built
# sensor jar (./mvnw -pl remote-sensor -am package -DskipTests) and a C compiler.
# Every load is bounded in time; everything started here is stopped on exit.
set -euo pipefail

rounds=${1:-2}
seconds=${2:-30}
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
bench_start
ticks_per_second=$(getconf CLK_TCK)

trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
cc -O0 -fno-omit-frame-pointer -o "$work/cpu_burner" "$here/c/cpu_burner.c" -lpthread

# utime + stime of a process, in clock ticks (fields 14 and 15; comm may hold spaces).
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }

start_serve

# measure KINDS LOAD: prints the sensor's share of one core in percent over $seconds s.
measure() {
    local kinds=$1 load=$2 burner_pid="" observe_pid before after
    if [[ "$load" == busy ]]; then
        "$work/cpu_burner" 2 "$((seconds + 8))" &
        burner_pid=$!
    fi
    "$java" -XX:+UseSerialGC -Xmx64m -jar "$jar" observe --sensor "127.0.0.1:$port" --token-file "$work/token" \
        --kinds "$kinds" --json > /dev/null 2> "$work/observe.err" &
    observe_pid=$!
    sleep 5 # the subscriber connects and the samplers start; the first interval is not timed
    before=$(cpu_ticks "$sensor_pid")
    echo "$(date -u +%T) sensor $sensor_pid: timing $kinds $load" >&2 # to line up per-thread samples
    sleep "$seconds"
    after=$(cpu_ticks "$sensor_pid")
    echo "$(date -u +%T) sensor $sensor_pid: timed $kinds $load" >&2
    kill "$observe_pid" 2>/dev/null || true
    wait "$observe_pid" 2>/dev/null || true
    if [[ -n "$burner_pid" ]]; then
        kill "$burner_pid" 2>/dev/null || true
        wait "$burner_pid" 2>/dev/null || true
    fi
    sleep 2
    awk -v t=$((after - before)) -v hz="$ticks_per_second" -v s="$seconds" 'BEGIN {printf "%.2f", 100 * t / hz / s}'
}

# Warm the sensor's JIT on the profile path before timing it.
measure profile busy > /dev/null

printf 'round\tidle_off_%%\tidle_on_%%\tbusy_off_%%\tbusy_on_%%\n'
for r in $(seq 1 "$rounds"); do
    idle_off=$(measure flows idle)
    idle_on=$(measure profile idle)
    busy_off=$(measure flows busy)
    busy_on=$(measure profile busy)
    printf '%s\t%s\t%s\t%s\t%s\n' "$r" "$idle_off" "$idle_on" "$busy_off" "$busy_on"
done
kill "$sensor_pid"
wait "$sensor_pid" 2>/dev/null || true
