#!/usr/bin/env bash
# Sensor memory benchmark: the sensor's resident set and its memory cgroup's
# usage (what a pod's limit counts: RSS, page cache and kernel memory such as
# BPF maps) in three phases of one run, with the sensor at the pod's settings
# (the image's JVM options, inside a memory cgroup limited like the pod):
#
#   idle   started, no client, 10 s
#   load   one subscriber (observe --json, flows,drops,processes) while
#          loopback_load runs CC_OPS connect/close cycles and RR_OPS round trips
#   flood  two subscribers while udp_flood sends to 50,000 closed UDP ports
#          from a network namespace of its own for FLOOD_SECONDS
#
#   sudo remote-sensor/src/bench/memory.sh [JAR] [ROUNDS]
#
# JVM_OPTIONS_FILE  the sensor's JVM options (default: the image's,
#                   remote-sensor/src/main/jvm/sensor.jvm-options); JVM_OPTS overrides it
#                   with a literal option list (e.g. the old image's flags)
# EXTRA_JVM         options appended (e.g. -XX:AOTCache=FILE, as the image's entry point adds)
# LIMIT_MIB         the memory cgroup limit (default 256, the pod's)
# NMT=1             also writes VM.native_memory summary and the class histogram
#                   of each phase under $OUT (default /tmp/nightjar-memory)
# FLOOD_RATE        datagrams per second (default 40000), FLOOD_SECONDS (12)
# NETNS_PREFIX      the flood namespace's name before "-PID" (default njp-memflood)
#
# Prints one line per round: RSS after idle, highest RSS under load and under
# flood (VmHWM), the cgroup's highest usage, heartbeats and flow events each
# flood subscriber received, and whether the sensor was still alive.
# Needs root, a built sensor jar, a C compiler, iproute2 and a memory cgroup
# (v1 memory controller or cgroup v2 with memory in the root's subtree_control).
# Traffic stays on 127.0.0.1 and in the namespace this script creates.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
jar=${1:-$root/remote-sensor/target/nightjar-sensor.jar}
rounds=${2:-3}
java=${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java
limit_mib=${LIMIT_MIB:-256}
cc_ops=${CC_OPS:-20000}
rr_ops=${RR_OPS:-100000}
flood_rate=${FLOOD_RATE:-40000}
flood_seconds=${FLOOD_SECONDS:-12}
out=${OUT:-/tmp/nightjar-memory}
source "$here/lib.sh"
if [[ -z "${JVM_OPTS:-}" && -n "${JVM_OPTIONS_FILE:-}" ]]; then
    sensor_jvm=("@$JVM_OPTIONS_FILE")
else
    sensor_options
fi
if [[ -n "${EXTRA_JVM:-}" ]]; then
    read -r -a extra <<< "$EXTRA_JVM"
    sensor_jvm+=("${extra[@]}")
fi
[[ "${NMT:-0}" == 1 ]] && sensor_jvm+=(-XX:NativeMemoryTracking=summary)

work=$(mktemp -d)
netns=${NETNS_PREFIX:-njp-memflood}-$$
cgroup=""
cleanup() {
    kill $(jobs -p) 2>/dev/null || true
    wait 2>/dev/null || true
    ip netns del "$netns" 2>/dev/null || true
    [[ -n "$cgroup" ]] && rmdir "$cgroup" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$out"
cc -O2 -o "$work/loopback_load" "$here/c/loopback_load.c" -lpthread
cc -O2 -o "$work/udp_flood" "$here/c/udp_flood.c"
make_token
ip netns add "$netns"
ip netns exec "$netns" ip link set lo up

# A memory cgroup limited like the pod: v1 memory controller, else cgroup v2.
make_cgroup() {
    local v1=/sys/fs/cgroup/memory
    local v2
    v2=$(awk '$9 == "cgroup2" {print $5; exit}' /proc/self/mountinfo)
    if [[ -d "$v1" && -w "$v1" ]]; then
        cgroup=$v1/njp-sensor-$$
        mkdir "$cgroup"
        echo $((limit_mib << 20)) > "$cgroup/memory.limit_in_bytes"
        usage_file=$cgroup/memory.max_usage_in_bytes
    elif [[ -n "$v2" ]] && grep -qw memory "$v2/cgroup.subtree_control"; then
        cgroup=$v2/njp-sensor-$$
        mkdir "$cgroup"
        echo $((limit_mib << 20)) > "$cgroup/memory.max"
        usage_file=$cgroup/memory.peak
    else
        echo "no memory cgroup to run the sensor in (v1 memory controller or v2 with memory enabled)" >&2
        exit 1
    fi
}

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
hwm_kib() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }
reset_hwm() { echo 5 > "/proc/$1/clear_refs"; }   # resets VmHWM to the current RSS

start_sensor() {
    make_cgroup
    start_serve sh -c 'echo $$ > "$0" && exec "$@"' "$cgroup/cgroup.procs"
}

subscribe() { # KINDS OUTFILE: an observe client on this machine, outside the sensor's cgroup
    "$java" -XX:+UseSerialGC -Xmx128m -jar "$jar" observe --sensor "127.0.0.1:$port" --token-file "$work/token" \
        --kinds "$1" --json > "$2" 2> "$2.err" &
}

await_first_event() { # OUTFILE...: until each subscriber has its opening SensorInfo (at most 60 s)
    for file in "$@"; do
        for _ in $(seq 1 600); do
            [[ -s "$file" ]] && break
            sleep 0.1
        done
    done
}

snapshot() { # PHASE ROUND
    [[ "${NMT:-0}" == 1 ]] || return 0
    "$JAVA_HOME/bin/jcmd" "$sensor_pid" VM.native_memory summary > "$out/nmt-$2-$1.txt" 2>&1 || true
    "$JAVA_HOME/bin/jcmd" "$sensor_pid" GC.class_histogram > "$out/histogram-$2-$1.txt" 2>&1 || true
}

printf 'round\trss_idle_kib\thwm_load_kib\thwm_flood_kib\tcgroup_peak_kib\tflood_sent\tbeats_a\tbeats_b\tflows_a\tflows_b\talive\n'
for r in $(seq 1 "$rounds"); do
    start_sensor
    sleep 10
    idle=$(rss_kib "$sensor_pid")
    snapshot idle "$r"

    reset_hwm "$sensor_pid"
    subscribe flows,drops,processes "$work/load.json"
    load_client=$!
    await_first_event "$work/load.json"
    "$work/loopback_load" cc "$cc_ops" > /dev/null
    "$work/loopback_load" rr "$rr_ops" > /dev/null
    sleep 2  # one flush: the last loop's flows reach the subscriber
    load_hwm=$(hwm_kib "$sensor_pid")
    snapshot load "$r"
    kill "$load_client"; wait "$load_client" 2>/dev/null || true

    reset_hwm "$sensor_pid"
    subscribe flows,drops "$work/a.json"; client_a=$!
    subscribe flows,drops "$work/b.json"; client_b=$!
    await_first_event "$work/a.json" "$work/b.json"
    sent=$(ip netns exec "$netns" "$work/udp_flood" "$flood_seconds" 50000 "$flood_rate" | awk '{print $2}')
    sleep 3
    flood_hwm=$(hwm_kib "$sensor_pid")
    snapshot flood "$r"
    alive=no; kill -0 "$sensor_pid" 2>/dev/null && alive=yes
    peak=$(( $(cat "$usage_file") / 1024 ))
    kill "$client_a" "$client_b"; wait "$client_a" "$client_b" 2>/dev/null || true
    [[ -s "$work/a.json.err" ]] && { echo "subscriber a:" >&2; tail -3 "$work/a.json.err" >&2; }
    beats_a=$(grep -c '"heartbeat"' "$work/a.json" || true); beats_b=$(grep -c '"heartbeat"' "$work/b.json" || true)
    flows_a=$(grep -c '"flow"' "$work/a.json" || true); flows_b=$(grep -c '"flow"' "$work/b.json" || true)
    grep -q OutOfMemoryError "$work/serve.err" && alive="$alive(OOM logged)"
    kill "$sensor_pid" 2>/dev/null || true
    wait "$sensor_pid" 2>/dev/null || true
    rmdir "$cgroup"; cgroup=""
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$idle" "$load_hwm" "$flood_hwm" "$peak" "$sent" \
        "$beats_a" "$beats_b" "$flows_a" "$flows_b" "$alive"
done
