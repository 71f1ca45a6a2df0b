#!/usr/bin/env bash
# Syscall tracing overhead: a getppid() loop timed with the sensor
#   none     - no sensor running (stopped between rounds)
#   off      - sensor running, subscriber with an empty filter (syscall tracing off:
#              nothing attached)
#   other    - syscall tracing on for every syscall, filtered to an empty cgroup the
#              loop is not in (the tracepoint path: every task's syscalls are traced)
#   otherset - syscall tracing on for the sensor's default set (blocking calls: read,
#              write, connect, futex, ...; getppid is not one), filtered to the empty
#              cgroup: the fentry path where the kernel has BPF trampolines (only the
#              chosen syscalls' functions are touched), else the tracepoint path with
#              the syscall number checked first. "-" for a sensor without --syscalls.
#   this     - syscall tracing on for the loop's own pid (every call is timed and counted)
# Modes are interleaved in one run (none off other otherset this, none ...); the
# sensor starts afresh each round. The sensor runs with the image's JVM options
# (remote-sensor/src/main/jvm/sensor.jvm-options), or JVM_OPTS if set.
#
#   sudo remote-sensor/src/bench/syscall_overhead.sh [ROUNDS] [CALLS] [JAR]
#
# The subscriber is `observe --kinds syscalls --json` writing to /dev/null. The path
# the sensor used is printed once per round (GetInfo's syscall_tracing, via observe).
# Needs root, a built sensor jar (./mvnw -pl remote-sensor -am package -DskipTests),
# a C compiler and a cgroup v2 mount. Every loop is bounded in count and time.
set -euo pipefail

rounds=${1:-5}
calls=${2:-5000000}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
java=${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java
jar=${3:-$root/remote-sensor/target/nightjar-sensor.jar}
source "$here/lib.sh"
sensor_options
# The default set (SensorInfo.syscall_tracing.default_syscalls) of this sensor build.
default_set=read,write,readv,writev,pread64,pwrite64,openat,close,fsync,fdatasync,connect,accept,accept4,sendto,recvfrom,sendmsg,recvmsg,ppoll,pselect6,epoll_pwait,futex,nanosleep,clock_nanosleep,wait4,io_uring_enter,poll,select,epoll_wait

work=$(mktemp -d)
cgroup2=$(awk '$9 == "cgroup2" {print $5; exit}' /proc/self/mountinfo)
[[ -n "$cgroup2" ]] || { echo "no cgroup v2 mount" >&2; exit 1; }
empty_cgroup=$cgroup2/njp-bench-empty-$$
cleanup() {
    kill $(jobs -p) 2>/dev/null || true
    wait 2>/dev/null || true
    rmdir "$empty_cgroup" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
cc -O2 -o "$work/getppid_loop" "$here/c/getppid_loop.c"
make_token
mkdir "$empty_cgroup"
empty_cgroup_id=$(stat -c %i "$empty_cgroup")

sensor_pid=""
port=""
start_sensor() {
    start_serve
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
        otherset) filter=(--cgroup-id "$empty_cgroup_id" --syscalls "$default_set") ;;
        this) filter=(--pid "$loop_pid") ;;
    esac
    if [[ "$mode" == otherset ]] && ! "$java" -jar "$jar" observe --help 2>&1 | grep -q -- '--syscalls='; then
        echo go > "$fifo"; wait "$loop_pid"; echo "-"; return
    fi
    if [[ "$mode" != none ]]; then
        : > "$work/observe.out"
        "$java" -jar "$jar" observe --sensor "127.0.0.1:$port" --token-file "$work/token" \
            --kinds syscalls --json "${filter[@]}" > "$work/observe.out" 2> "$work/observe.err" &
        observe_pid=$!
        # The first line (the opening SensorInfo) comes once the filter is in the kernel.
        for _ in $(seq 1 600); do
            [[ -s "$work/observe.out" ]] && break
            sleep 0.1
        done
        [[ -s "$work/observe.out" ]] || { cat "$work/observe.err" >&2; echo "$mode: no subscription" >&2; exit 1; }
        path=$(grep -o '"path":"[a-z]*"' "$work/observe.out" | head -1 | cut -d'"' -f4)
        [[ -n "$path" ]] && echo "$mode: syscall path $path" >&2
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

printf 'round\tnone_ns\toff_ns\tother_cgroup_ns\tother_cgroup_set_ns\tthis_pid_ns\n'
for r in $(seq 1 "$rounds"); do
    none=$(run_loop none)
    # A fresh sensor per round (an older sensor kept the last stream's filter in force).
    start_sensor
    sleep 3
    off=$(run_loop off); other=$(run_loop other); otherset=$(run_loop otherset); this=$(run_loop this)
    stop_sensor
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$none" "$off" "$other" "$otherset" "$this"
done
