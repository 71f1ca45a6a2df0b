# Sourced by the bench scripts (after they set $here): the JDK, the sensor jar, the JVM
# settings of the sensor image (a script may set sensor_jvm again after sourcing), the
# token, and starting `serve` the way each of them measures it.
#
#   JAR=/path/to/nightjar-sensor.jar   measure another build (default: this tree's)

root=$(cd "$here/../../.." && pwd)
java=${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java
jar=${JAR:-$root/remote-sensor/target/nightjar-sensor.jar}
# The JVM settings the sensor image uses: a small heap, serial GC, one Netty arena of each kind.
sensor_jvm=(-XX:+UseSerialGC -Xmx64m -XX:ReservedCodeCacheSize=32m -Xss512k
    -Dio.grpc.netty.shaded.io.netty.allocator.numDirectArenas=1
    -Dio.grpc.netty.shaded.io.netty.allocator.numHeapArenas=1 --enable-native-access=ALL-UNNAMED)

# write_token: a fresh random token in $work/token, readable by root only (serve refuses others).
write_token() {
    head -c 24 /dev/urandom | base64 | tr -d '\n' > "$work/token"
    chmod 600 "$work/token"
}

# serve_sensor: starts the sensor ($java ${sensor_jvm[@]} -jar $jar) on 127.0.0.1, an
# ephemeral port, with the token in $work/token; sets sensor_pid and port once it
# listens (at most 30 s), or prints its stderr and exits.
serve_sensor() {
    "$java" "${sensor_jvm[@]}" -jar "$jar" serve --listen 127.0.0.1:0 --token-file "$work/token" \
        --idle-exit 0 --node-name bench > "$work/serve.out" 2> "$work/serve.err" &
    sensor_pid=$!
    port=""
    for _ in $(seq 1 300); do
        port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$work/serve.out")
        [[ -n "$port" ]] && break
        sleep 0.1
    done
    [[ -n "$port" ]] || { cat "$work/serve.err" >&2; echo "sensor did not start" >&2; exit 1; }
}
