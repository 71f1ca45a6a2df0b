#!/usr/bin/env bash
# Node CPU cost of L7 (requests) capture on an HTTP/1.1 keep-alive load, as CPU time per
# request (wall time moves too much on a shared VM):
#
#   ratio = (workload CPU with the sensor + sensor CPU) / requests_on
#           ---------------------------------------------------------
#                     workload CPU without the sensor / requests_off
#
# Workload: nginx (Debian's nginx-light, one worker, `return 200`, no logs) on 127.0.0.1 and
# wrk (Debian's wrk) with 12 keep-alive connections, each pausing 1 ms between requests
# (wrk's Lua delay()), which paces the load near 10,000 requests/s on this machine instead of
# saturating both cores. Workload CPU is wrk's user + system time from wait4 (c/cputime.c)
# plus nginx's run time (/proc/PID/task/*/schedstat of master and worker); the sensor's
# kernel programs run in their context and are in it. Sensor CPU is the sum of its threads'
# run time from just before the load until it is idle again. One subscriber reads every
# request (`observe --kinds requests --json`), as the desktop would; its CPU is reported
# beside the ratio, not in it (the desktop runs elsewhere).
#
# Two "on" modes per round, one sensor:
#   node  requests of every process on the node (the desktop's default, and observe's)
#   pid   requests of the nginx worker only (a user who picked the pod)
# Rounds alternate off / node / pid; medians at the end. The sensor's RSS after the node
# run is printed too.
#
#   sudo remote-sensor/src/bench/l7_cpu.sh [ROUNDS] [SECONDS]
#   JAR=/path/to/nightjar-sensor.jar ...   # another build (default: this tree's)
#   THREADS_OUT=DIR ...   # also each "on" run's sensor CPU per thread name (ms) in DIR
#
# Needs root, a built sensor jar (./mvnw -pl remote-sensor -am package -DskipTests), a C
# compiler, nginx and wrk (apt-get install nginx-light wrk). Loopback only; every load is
# bounded in time.
set -euo pipefail

rounds=${1:-5}
seconds=${2:-10}
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
bench_start
for tool in nginx wrk; do
    command -v "$tool" > /dev/null || { echo "$tool not found: apt-get install nginx-light wrk" >&2; exit 1; }
done

trap 'kill $(jobs -p) 2>/dev/null || true; [[ -f "$work/nginx.pid" ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"' EXIT
cc -O2 -o "$work/cputime" "$here/c/cputime.c"

http_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$work/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx.err;
events { worker_connections 64; }
http {
    access_log off;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$http_port;
        location / { return 200 "ok\n"; }
    }
}
EOF
nginx -c "$work/nginx.conf" -p "$work"
for _ in $(seq 1 50); do [[ -s "$work/nginx.pid" ]] && break; sleep 0.1; done
nginx_master=$(cat "$work/nginx.pid")
nginx_worker=$(pgrep -P "$nginx_master" | head -1)
printf 'function delay()\n  return 1\nend\n' > "$work/pace.lua"

nginx_us() { echo $(( $(process_us "$nginx_master") + $(process_us "$nginx_worker") )); }

# "cpu_us requests" of one paced wrk run.
load() {
    local n0 out n1 wrk_us requests
    n0=$(nginx_us)
    out=$("$work/cputime" wrk -t1 -c12 -d"${seconds}s" -s "$work/pace.lua" "http://127.0.0.1:$http_port/" 2>&1)
    n1=$(nginx_us)
    wrk_us=$(awk '/^cpu_us/ {print $2}' <<< "$out")
    requests=$(awk '/requests in/ {print $1}' <<< "$out")
    echo "$((wrk_us + n1 - n0)) $requests"
}

start_observe() {
    "$java" -jar "$jar" observe --sensor "127.0.0.1:$port" --token-file "$work/token" \
        --kinds requests --json "$@" > /dev/null 2> "$work/observe.err" &
    observe_pid=$!
    sleep 3
    # Warm the sensor's JIT on the same work: a sensor runs for minutes.
    wrk -t1 -c12 -d3s -s "$work/pace.lua" "http://127.0.0.1:$http_port/" > /dev/null
    sleep 1
}

stop_observe() {
    kill "$observe_pid" 2>/dev/null || true
    wait "$observe_pid" 2>/dev/null || true
}

# "workload_us requests sensor_us subscriber_us" of one run with the sensor on.
measured_on() {
    local s0 o0 s1 o1 w
    await_quiet
    [[ -n "${THREADS_OUT:-}" ]] && thread_ns "$sensor_pid" > "$work/threads.before"
    s0=$(process_us "$sensor_pid"); o0=$(process_us "$observe_pid")
    w=$(load)
    sleep 1.5
    await_quiet
    s1=$(process_us "$sensor_pid"); o1=$(process_us "$observe_pid")
    [[ -n "${THREADS_OUT:-}" ]] && threads_since "$work/threads.before" "$sensor_pid" > "$THREADS_OUT/threads-$r-$1.txt"
    echo "$w $((s1 - s0)) $((o1 - o0))"
}

printf 'round\tmode\treq_per_s\tus_per_req_off\tus_per_req_on\tsensor_us_per_req\tsubscriber_us_per_req\tratio\trss_kib\n' | tee "$work/results"
for r in $(seq 1 "$rounds"); do
    read -r off_us off_req <<< "$(load)"
    start_serve
    start_observe
    read -r node_us node_req node_sensor node_sub <<< "$(measured_on node)"
    rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$sensor_pid/status")
    stop_observe
    start_observe --pid "$nginx_worker"
    read -r pid_us pid_req pid_sensor pid_sub <<< "$(measured_on pid)"
    stop_observe
    kill "$sensor_pid"; wait "$sensor_pid" 2>/dev/null || true
    for m in node pid; do
        us=${m}_us; req=${m}_req; sensor=${m}_sensor; sub=${m}_sub
        awk -v r="$r" -v m="$m" -v ou="$off_us" -v oq="$off_req" -v u="${!us}" -v q="${!req}" \
            -v s="${!sensor}" -v o="${!sub}" -v t="$seconds" -v rss="$rss" 'BEGIN {
            off = ou / oq; on = (u + s) / q
            printf "%s\t%s\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t%.3f\t%s\n", r, m, q / t, off, u / q, s / q, o / q, on / off, (m == "node" ? rss : "-")
        }' | tee -a "$work/results"
    done
done
for m in node pid; do
    awk -F'\t' -v m="$m" '$2 == m {print $8}' "$work/results" | sort -n \
        | awk -v m="$m" '{v[NR] = $1} END {printf "median ratio %s: %s (of %d rounds)\n", m, (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), NR}'
done
