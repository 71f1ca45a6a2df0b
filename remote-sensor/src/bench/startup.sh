#!/usr/bin/env bash
# Start-up benchmark: how long the sensor takes from launching its JVM until every
# collector has attached its programs, interleaved between variants, ROUNDS times each.
#
#   sudo remote-sensor/src/bench/startup.sh [ROUNDS] [JAR] [OLD_JAR]
#
# Variants (one run of each per round, in this order):
#   old     OLD_JAR (if given) with the image's former flags (-XX:+UseSerialGC -Xmx64m -XX:-UsePerfData)
#   new     JAR with the image's JVM options (remote-sensor/src/main/jvm/sensor.jvm-options)
#   new+aot JAR with those options and an AOT cache trained for this JAR first
#           (packaging/sensor/aot-train.sh), as the image's entry point runs it
#
# Per run: "listening" is the wall time from launching the JVM to the "listening on"
# line (serve prints it after all collectors attached and the port is bound), polled
# every 10 ms; "attached" is the sensor's own figure (startup_ns in GetInfo, logged
# as "all collectors attached N ms after the process started"; empty for a sensor
# without it); "cpu" is the process's CPU time (user + system) at that moment.
# Medians are printed at the end. Needs root, the built jar(s) and their lib/.
set -euo pipefail

rounds=${1:-5}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
jar=${2:-$root/remote-sensor/target/nightjar-sensor.jar}
old_jar=${3:-}
java=${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java
options=$root/remote-sensor/src/main/jvm/sensor.jvm-options
ticks=$(getconf CLK_TCK)

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
source "$here/lib.sh"
make_token

# The AOT cache is made for one set of jars: train it on a copy of this build's.
mkdir -p "$work/app"
cp -p "$jar" "$work/app/nightjar-sensor.jar"
cp -rp "$(dirname "$jar")/lib" "$work/app/lib"
cp "$options" "$work/app/sensor.jvm-options"
"$root/packaging/sensor/aot-train.sh" "$java" "$work/app" "$work/app/sensor.aot" 2> "$work/train.log" \
    || { cat "$work/train.log" >&2; exit 1; }

# run NAME JAR OPTIONS...: prints "listening_ms attached_ms cpu_ms"
run() {
    local name=$1 run_jar=$2; shift 2
    local start now pid listening="" attached cpu
    : > "$work/$name.out"
    start=$(date +%s%N)
    "$java" "$@" -jar "$run_jar" serve --listen 127.0.0.1:0 --token-file "$work/token" --idle-exit 0 \
        --node-name bench > "$work/$name.out" 2> "$work/$name.err" &
    pid=$!
    for _ in $(seq 1 3000); do
        if grep -q '^listening on' "$work/$name.out"; then
            now=$(date +%s%N)
            listening=$(( (now - start) / 1000000 ))
            break
        fi
        sleep 0.01
    done
    cpu=$(sed 's/^.*) //' "/proc/$pid/stat" | awk -v hz="$ticks" '{printf "%d", ($12 + $13) * 1000 / hz}')
    kill "$pid"; wait "$pid" 2>/dev/null || true
    [[ -n "$listening" ]] || { cat "$work/$name.err" >&2; echo "$name did not start" >&2; exit 1; }
    attached=$(grep -o 'attached [0-9,]* ms' "$work/$name.err" | tr -d ',' | awk '{print $2}' || true)
    echo "$listening ${attached:--} $cpu"
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }

printf 'round\tvariant\tlistening_ms\tattached_ms\tcpu_ms\n'
for r in $(seq 1 "$rounds"); do
    if [[ -n "$old_jar" ]]; then
        read -r l a c < <(run old "$old_jar" -XX:+UseSerialGC -Xmx64m -XX:-UsePerfData --enable-native-access=ALL-UNNAMED)
        printf '%s\told\t%s\t%s\t%s\n' "$r" "$l" "$a" "$c" | tee -a "$work/results"
    fi
    read -r l a c < <(run new "$work/app/nightjar-sensor.jar" "@$options")
    printf '%s\tnew\t%s\t%s\t%s\n' "$r" "$l" "$a" "$c" | tee -a "$work/results"
    read -r l a c < <(run aot "$work/app/nightjar-sensor.jar" "@$options" -XX:AOTCache="$work/app/sensor.aot")
    printf '%s\tnew+aot\t%s\t%s\t%s\n' "$r" "$l" "$a" "$c" | tee -a "$work/results"
    grep -q '\[error\]\[aot\]' "$work/aot.err" && { echo "the AOT cache was refused:" >&2; grep aot "$work/aot.err" >&2; }
done
echo "median:"
for v in old new new+aot; do
    grep -q "	$v	" "$work/results" || continue
    printf '%s\tlistening %s ms\tattached %s ms\tcpu %s ms\n' "$v" \
        "$(awk -v v="$v" '$2 == v {print $3}' "$work/results" | median)" \
        "$(awk -v v="$v" '$2 == v && $4 != "-" {print $4}' "$work/results" | median)" \
        "$(awk -v v="$v" '$2 == v {print $5}' "$work/results" | median)"
done
