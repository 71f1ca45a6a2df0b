#!/usr/bin/env bash
# Builds the sensor's JDK AOT cache (JEP 483/514/515: classes loaded and linked ahead
# of time, with method profiles) from one training run, for the image's entry point
# (-XX:AOTCache=/opt/nightjar/sensor.aot).
#
#   aot-train.sh JAVA APP_DIR OUT
#
# JAVA     the runtime that will run the sensor: the image's jlink'd bin/java (a cache
#          only works with the runtime that made it)
# APP_DIR  nightjar-sensor.jar, lib/ and sensor.jvm-options as they will be in the image,
#          jar mtimes included (the cache records them); the directory may differ
# OUT      the cache to write
#
# The run: `serve` on a loopback port with the image's JVM options and every collector
# that loads here (as root on a kernel with BPF, all of them; elsewhere the failing ones
# are not exercised and their classes load at run time instead), one `observe`
# subscriber asking for every kind for TRAIN_SECONDS (default 8), then SIGTERM: the JVM
# writes the cache as it exits. Bounded in time; nothing is left running.
set -euo pipefail

[[ $# -eq 3 ]] || { echo "usage: $0 JAVA APP_DIR OUT" >&2; exit 2; }
java=$1 app=$2 out=$3
seconds=${TRAIN_SECONDS:-8}
[[ -x "$java" ]] || { echo "aot-train: no java at $java" >&2; exit 1; }
[[ -f "$app/nightjar-sensor.jar" && -f "$app/sensor.jvm-options" ]] \
    || { echo "aot-train: $app needs nightjar-sensor.jar and sensor.jvm-options" >&2; exit 1; }

work=$(mktemp -d)
serve_pid=""
cleanup() {
    [[ -n "$serve_pid" ]] && kill -9 "$serve_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
head -c 24 /dev/urandom | base64 | tr -d '\n' > "$work/token"
chmod 600 "$work/token"

: > "$work/serve.out"  # before the sensor starts, so the first look at it finds a file
"$java" "@$app/sensor.jvm-options" -XX:AOTCacheOutput="$out" -jar "$app/nightjar-sensor.jar" serve \
    --listen 127.0.0.1:0 --token-file "$work/token" --idle-exit 0 --node-name aot-training \
    > "$work/serve.out" 2> "$work/serve.err" &
serve_pid=$!
port=""
for _ in $(seq 1 600); do
    port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$work/serve.out")
    [[ -n "$port" ]] && break
    kill -0 "$serve_pid" 2>/dev/null || break
    sleep 0.1
done
[[ -n "$port" ]] || { cat "$work/serve.err" >&2; echo "aot-train: serve did not start" >&2; exit 1; }
timeout "$((seconds + 10))" "$java" "@$app/sensor.jvm-options" -jar "$app/nightjar-sensor.jar" observe \
    --sensor "127.0.0.1:$port" --token-file "$work/token" --kinds flows,drops,syscalls,profile,processes \
    --pid 1 --duration "${seconds}s" --json > /dev/null 2>> "$work/observe.err" || true
kill -TERM "$serve_pid"
# The JVM assembles the cache on its way out (a child JVM); give it time, then give up.
for _ in $(seq 1 1200); do
    kill -0 "$serve_pid" 2>/dev/null || break
    sleep 0.1
done
if kill -0 "$serve_pid" 2>/dev/null; then
    echo "aot-train: serve did not exit within 120 s of SIGTERM" >&2
    exit 1
fi
wait "$serve_pid" || true
serve_pid=""
[[ -s "$out" ]] || { cat "$work/serve.err" >&2; echo "aot-train: no cache written to $out" >&2; exit 1; }
echo "aot-train: wrote $out ($(du -h "$out" | cut -f1))" >&2
