# Shared by the benchmark scripts here; sourced, not run. The script sets `root` (the
# repository), `java`, `jar` and `work` (a temporary directory) before using these.

# The common start of the benches that run the sensor: root (the repository), java, jar (JAR, or
# this tree's build), the sensor's JVM options, a work directory and a session token in it.
# The script sets `here` (its directory) before sourcing this file, and its own EXIT trap.
bench_start() {
    root=$(cd "$here/../../.." && pwd)
    java=${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java
    jar=${JAR:-$root/remote-sensor/target/nightjar-sensor.jar}
    sensor_options
    work=$(mktemp -d)
    make_token
}

# The sensor's JVM options into the array sensor_jvm: JVM_OPTS if set (e.g. an older
# image's flags, for a before/after), else the image's options file.
sensor_options() {
    if [[ -n "${JVM_OPTS:-}" ]]; then
        read -r -a sensor_jvm <<< "$JVM_OPTS"
    else
        sensor_jvm=("@$root/remote-sensor/src/main/jvm/sensor.jvm-options")
    fi
}

# A session token at $work/token, not world-readable (serve and observe refuse one that is).
make_token() {
    head -c 24 /dev/urandom | base64 | tr -d '\n' > "$work/token"
    chmod 600 "$work/token"
}

# start_serve [PREFIX...]: `serve` on a free loopback port, behind PREFIX if given (e.g. a
# command that enters a cgroup and execs the rest). Sets sensor_pid and port; output in
# $work/serve.out and serve.err. Waits at most 60 s for "listening on".
start_serve() {
    : > "$work/serve.out"  # exists before the first look at it
    "$@" "$java" "${sensor_jvm[@]}" -jar "$jar" serve --listen 127.0.0.1:0 --token-file "$work/token" \
        --idle-exit 0 --node-name bench > "$work/serve.out" 2> "$work/serve.err" &
    sensor_pid=$!
    port=""
    for _ in $(seq 1 600); do
        port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$work/serve.out")
        [[ -n "$port" ]] && break
        sleep 0.1
    done
    [[ -n "$port" ]] || { cat "$work/serve.err" >&2; echo "sensor did not start" >&2; exit 1; }
}

# Run time of all threads of a process so far, in microseconds.
process_us() {
    cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ns += $1} END {printf "%d\n", ns / 1000}'
}
# "name ns" per thread of a process, run time so far; digits in names folded to N so a
# pool's threads add up under one name.
thread_ns() {
    local t
    for t in /proc/"$1"/task/*; do
        printf '%s %s\n' "$(tr -s ' 0-9' '_N' < "$t/comm" 2>/dev/null)" "$(awk '{print $1}' "$t/schedstat" 2>/dev/null)"
    done
}
# "ms name" per thread name of process PID since BEFORE (thread_ns's output then), busiest
# first. A thread that ended in between is missing from both sums; one that began counts whole.
threads_since() {
    thread_ns "$2" | awk 'NR == FNR {b[$1] += $2; next} {a[$1] += $2}
        END {for (n in a) if (a[n] - b[n] > 0) printf "%.1f\t%s\n", (a[n] - b[n]) / 1e6, n}' "$1" - | sort -rn
}

# Waits (at most 15 s) until the sensor ($sensor_pid) and its subscriber ($observe_pid) are back
# to idle: under 10 ms of CPU together in half a second.
await_quiet() {
    local before after
    for _ in $(seq 1 30); do
        before=$(( $(process_us "$sensor_pid") + $(process_us "$observe_pid") ))
        sleep 0.5
        after=$(( $(process_us "$sensor_pid") + $(process_us "$observe_pid") ))
        (( after - before < 10000 )) && return 0
    done
}
