#!/usr/bin/env bash
# Syscall tracing overhead: a getppid() loop timed with the sensor
#   none     - no sensor running (stopped between rounds)
#   off      - sensor running, subscriber with an empty filter (syscall tracing off:
#              the programs are attached and return at their first check)
#   other    - syscall tracing on, filtered to an empty cgroup the loop is not in
#   this     - syscall tracing on for the loop's own pid (every call is timed and counted)
# Modes are interleaved in one run (none off other this, none off ...); the
# sensor starts afresh each round.
#
#   sudo remote-sensor/src/bench/syscall_overhead.sh [ROUNDS] [CALLS]
#
# The subscriber is `observe --kinds syscalls --json` writing to /dev/null.
# Needs root, a built sensor jar (./mvnw -pl remote-sensor -am package -DskipTests),
# a C compiler and cgroup v2 at /sys/fs/cgroup. Every loop is bounded in count and time.
set -euo pipefail

rounds=${1:-5}
calls=${2:-5000000}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/sensor_serve.sh"
sensor_jvm=(-XX:+UseSerialGC -Xmx64m -XX:ReservedCodeCacheSize=32m -Xss512k --enable-native-access=ALL-UNNAMED)

work=$(mktemp -d)
empty_cgroup=/sys/fs/cgroup/nightjar-bench-empty-$$
cleanup() {
    kill $(jobs -p) 2>/dev/null || true
    wait 2>/dev/null || true
    rmdir "$empty_cgroup" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
cc -O2 -o "$work/getppid_loop" "$here/c/getppid_loop.c"
write_token
mkdir "$empty_cgroup"
empty_cgroup_id=$(stat -c %i "$empty_cgroup")

sensor_pid=""
port=""
start_sensor() {
    serve_sensor
}

# run_loop MODE: prints ns/call of one loop under MODE
run_loop() {
    local mode=$1 fifo="$work/go" observe_pid="" loop_pid result
    rm -f "$fifo"; mkfifo "$fifo"
    "$work/getppid_loop" "$calls" < "$fifo" > "$work/loop.out" &
    loop_pid=$!
    case "$mode" in
        none) ;;
        off) filter=() ;;
        other) filter=(--cgroup-id "$empty_cgroup_id") ;;
        this) filter=(--pid "$loop_pid") ;;
    esac
    if [[ "$mode" != none ]]; then
        "$java" -jar "$jar" observe --sensor "127.0.0.1:$port" --token-file "$work/token" \
            --kinds syscalls --json "${filter[@]}" > /dev/null 2> "$work/observe.err" &
        observe_pid=$!
        sleep 3   # the subscription's filter reaches the kernel
    fi
    echo go > "$fifo"
    wait "$loop_pid"
    result=$(awk '{print $(NF-1)}' "$work/loop.out")
    if [[ -n "$observe_pid" ]]; then
        kill "$observe_pid" 2>/dev/null || true
        wait "$observe_pid" 2>/dev/null || true
    fi
    echo "$result"
}

stop_sensor() {
    kill "$sensor_pid" 2>/dev/null || true
    wait "$sensor_pid" 2>/dev/null || true
}

printf 'round\tnone_ns\toff_ns\tother_cgroup_ns\tthis_pid_ns\n'
for r in $(seq 1 "$rounds"); do
    none=$(run_loop none)
    # A fresh sensor per round: when a stream ends its filter stays in force,
    # so "off" needs a sensor whose last subscriber had an empty filter.
    start_sensor
    sleep 3
    off=$(run_loop off); other=$(run_loop other); this=$(run_loop this)
    stop_sensor
    printf '%s\t%s\t%s\t%s\t%s\n' "$r" "$none" "$off" "$other" "$this"
done
