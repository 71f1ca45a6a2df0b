#!/usr/bin/env bash
# Node CPU cost of the sensor per connection, measured as CPU time (not wall
# time, which moves 0.7x-2.4x between runs on a shared VM):
#
#   ratio = (workload CPU with the sensor + sensor CPU during the run) / (workload CPU without the sensor)
#
# Workloads (remote-sensor/src/bench/c/loopback_load.c, 127.0.0.1 only):
#   cc  CC_OPS connect/accept/close cycles (the client closes with RST)
#   rr  RR_OPS 64-byte request/response round trips on one connection
# Workload CPU is the loop's user + system time from wait4 (c/cputime.c); it
# includes the kernel programs, which run in the workload's context. Sensor CPU
# is the sum of its threads' run time (/proc/PID/task/*/schedstat) from just
# before the loop until it is idle again after it (at least one flush interval),
# so its flushes and streaming of the loop's flows are in; that window also
# holds its idle work (heartbeats, other collectors, the JIT), which is counted
# too. One subscriber (`observe --kinds flows,drops --json`) reads every event,
# as the desktop would; its own CPU is reported beside the ratio, not in it
# (the desktop runs elsewhere), and so is the CPU of the flows and drops
# collectors' threads alone. Rounds alternate off/on with a fresh
# sensor each round; medians are printed at the end.
#
#   sudo remote-sensor/src/bench/connection_cpu.sh [ROUNDS] [CC_OPS] [RR_OPS]
#   JAR=/path/to/nightjar-sensor.jar ...   # measure another build (default: this tree's)
#   THREADS_OUT=DIR ...   # also write each "on" run's sensor CPU per thread name (ms, digits
#                         # folded: grpc-nio-worker-ELG-3-1 and -3-2 are one line) to DIR
#
# Needs root, a built sensor jar (./mvnw -pl remote-sensor -am package -DskipTests)
# and a C compiler. Every loop is bounded in count and time.
set -euo pipefail

rounds=${1:-5}
cc_ops=${2:-20000}
rr_ops=${3:-100000}
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
bench_start

trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
cc -O2 -o "$work/loopback_load" "$here/c/loopback_load.c" -lpthread
cc -O2 -o "$work/cputime" "$here/c/cputime.c"

# CPU microseconds of one workload run.
workload_us() { "$work/cputime" "$work/loopback_load" "$1" "$2" 2>&1 >/dev/null | awk '/^cpu_us/ {print $2}'; }
# Run time of the flows and drops collectors' threads alone (the rest of the sensor's
# CPU is its fixed cost: other collectors, heartbeats, the JIT), in microseconds.
collectors_us() {
    local ns=0 t
    for t in /proc/"$1"/task/*; do
        case "$(cat "$t/comm" 2>/dev/null)" in
            nightjar-flows*|nightjar-drops*) ns=$((ns + $(awk '{print $1}' "$t/schedstat" 2>/dev/null || echo 0))) ;;
        esac
    done
    echo $((ns / 1000))
}

start_sensor() {
    start_serve
    "$java" -jar "$jar" observe --sensor "127.0.0.1:$port" --token-file "$work/token" \
        --kinds flows,drops --json > /dev/null 2> "$work/observe.err" &
    observe_pid=$!
    sleep 3
    # Warm the sensor's JIT on the same work: a sensor runs for minutes.
    "$work/loopback_load" cc "$cc_ops" > /dev/null
    "$work/loopback_load" rr "$((rr_ops / 2))" > /dev/null
    sleep 2
}

stop_sensor() {
    kill "$observe_pid" "$sensor_pid" 2>/dev/null || true
    wait "$observe_pid" "$sensor_pid" 2>/dev/null || true
}

# Prints "workload_us sensor_us subscriber_us collectors_us" for one run with the sensor on. The
# sensor's share is counted until it is idle again (its flushes and the stream of the
# loop's events land after the loop), at least one flush interval.
measured_on() {
    local s0 o0 c0 w s1 o1 c1
    await_quiet
    [[ -n "${THREADS_OUT:-}" ]] && thread_ns "$sensor_pid" > "$work/threads.before"
    s0=$(process_us "$sensor_pid"); o0=$(process_us "$observe_pid"); c0=$(collectors_us "$sensor_pid")
    w=$(workload_us "$1" "$2")
    sleep 1.5
    await_quiet
    s1=$(process_us "$sensor_pid"); o1=$(process_us "$observe_pid"); c1=$(collectors_us "$sensor_pid")
    if [[ -n "${THREADS_OUT:-}" ]]; then
        # A thread that ended inside the window is missing from both sums; one that began counts whole.
        threads_since "$work/threads.before" "$sensor_pid" > "$THREADS_OUT/threads-$r-$1.txt"
    fi
    echo "$w $((s1 - s0)) $((o1 - o0)) $((c1 - c0))"
}

printf 'round\tmode\toff_us\ton_us\tsensor_us\tsubscriber_us\tratio\tcollectors_us\n' | tee "$work/results"
for r in $(seq 1 "$rounds"); do
    cc_off=$(workload_us cc "$cc_ops")
    rr_off=$(workload_us rr "$rr_ops")
    start_sensor
    read -r cc_on cc_sensor cc_sub cc_coll <<< "$(measured_on cc "$cc_ops")"
    read -r rr_on rr_sensor rr_sub rr_coll <<< "$(measured_on rr "$rr_ops")"
    stop_sensor
    for m in cc rr; do
        off=${m}_off; on=${m}_on; sensor=${m}_sensor; sub=${m}_sub; coll=${m}_coll
        ratio=$(awk -v a="${!on}" -v s="${!sensor}" -v b="${!off}" 'BEGIN {printf "%.3f", (a + s) / b}')
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$m" "${!off}" "${!on}" "${!sensor}" "${!sub}" "$ratio" "${!coll}" \
            | tee -a "$work/results"
    done
done
for m in cc rr; do
    awk -F'\t' -v m="$m" '$2 == m {print $7}' "$work/results" | sort -n \
        | awk -v m="$m" '{v[NR] = $1} END {printf "median ratio %s: %s (of %d rounds)\n", m, (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), NR}'
done
