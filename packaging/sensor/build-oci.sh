#!/usr/bin/env bash
# Builds the Nightjar sensor image WITHOUT a container engine, as an OCI image
# layout tarred into nightjar-sensor-<version>-<arch>.oci.tar. Same content as
# the Containerfile's runtime stage: Debian bookworm (minbase + libbpf1), a
# jlink'd JRE 25 with only the modules jdeps finds, the sensor jar and its lib/.
#
# Three layers, from least to most often changed, so a registry (and the cache
# below) reuses the big ones:
#   1. base: debootstrap --variant=minbase --include=libbpf1 bookworm, slimmed,
#      plus the non-root user nightjar (65532)
#   2. jre:  jlink output at /opt/nightjar/jre
#   3. app:  /opt/nightjar/nightjar-sensor.jar + /opt/nightjar/lib/*.jar, the JVM options
#            (sensor.jvm-options) and the JDK AOT cache trained on them (sensor.aot)
# Layers 1 and 2 are cached as finished blobs (debootstrap takes ~3 minutes,
# mostly download; jlink ~1), keyed by what went into them.
#
# Deterministic where cheap: sorted tar entries, every mtime = SOURCE_DATE_EPOCH,
# numeric owners, gzip without a name or time stamp. The base layer is only as
# reproducible as the Debian mirror is on the day, and the AOT cache as its training run.
#
# Needs: root (debootstrap), debootstrap, tar, gzip, jq, sha256sum, a JDK 25.
set -euo pipefail

usage() {
    cat >&2 <<EOF
usage: $0 --jar SENSOR_JAR --lib LIB_DIR --out DIR [--version V] [--cache DIR]
          [--jdk JAVA_HOME] [--mirror URL] [--suite bookworm]
  --jar      the sensor jar (remote-sensor/target/nightjar-sensor.jar)
  --lib      its runtime dependencies (remote-sensor/target/lib)
  --out      where nightjar-sensor-<version>-amd64.oci.tar is written
  --version  image version and tag (default: 0.1.0-SNAPSHOT)
  --cache    where the base and jre layers are kept between runs
             (default: \${XDG_CACHE_HOME:-\$HOME/.cache}/nightjar/sensor-image)
  --jvm-options the sensor's JVM options (default: remote-sensor/src/main/jvm/sensor.jvm-options)
  --optional when this machine cannot build it (no root, no debootstrap, not
             x86_64) and CI is not "true": explain, build nothing, exit 0
EOF
    exit 2
}

die() { echo "build-oci: $*" >&2; exit 1; }
# A missing prerequisite of this machine (not of the input): with --optional and
# outside CI, say so and build nothing; the chroot tests then skip with the reason.
unmet() {
    if [[ "$optional" == true && "${CI:-}" != true ]]; then
        echo "build-oci: SKIPPED, no archive built: $*" >&2
        [[ -z "$out" ]] || rm -f "$out"/nightjar-sensor-*.oci.tar
        exit 0
    fi
    die "$*"
}
log() { echo "build-oci: $*" >&2; }

jar="" lib="" out="" version="0.1.0-SNAPSHOT"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/nightjar/sensor-image"
jdk="${JAVA_HOME:-}" mirror="http://deb.debian.org/debian" suite="bookworm" optional=false
jvm_options="$(cd "$(dirname "$0")/../.." && pwd)/remote-sensor/src/main/jvm/sensor.jvm-options"
while (($#)); do
    case "$1" in
        --jar) jar="$2"; shift 2 ;;
        --lib) lib="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        --version) version="$2"; shift 2 ;;
        --cache) cache="$2"; shift 2 ;;
        --jdk) jdk="$2"; shift 2 ;;
        --mirror) mirror="$2"; shift 2 ;;
        --suite) suite="$2"; shift 2 ;;
        --jvm-options) jvm_options="$2"; shift 2 ;;
        --optional) optional=true; shift ;;
        -h|--help) usage ;;
        *) echo "unknown argument: $1" >&2; usage ;;
    esac
done
[[ -n "$jar" && -n "$lib" && -n "$out" ]] || usage
[[ -f "$jar" ]] || die "sensor jar not found: $jar (build it: ./mvnw -pl remote-sensor -am package -DskipTests)"
[[ -d "$lib" ]] || die "lib directory not found: $lib (remote-sensor's package phase fills target/lib)"
[[ -f "$jvm_options" ]] || die "JVM options file not found: $jvm_options"
[[ -x "$jdk/bin/jlink" && -x "$jdk/bin/jdeps" ]] || die "no JDK with jlink/jdeps at '$jdk'; pass --jdk or set JAVA_HOME to a JDK 25"
"$jdk/bin/java" -version 2>&1 | grep -q 'version "25' || die "$jdk is not a JDK 25 (the jlink'd runtime must match the sensor's release)"
for tool in tar gzip jq sha256sum; do
    command -v "$tool" >/dev/null || unmet "'$tool' is missing (apt-get install $tool)"
done

arch=amd64
[[ "$(uname -m)" == x86_64 ]] || unmet "this script builds the amd64 image on an x86_64 host; see packaging/sensor/README.md for arm64"

export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1795564800}" # 2026-11-25T00:00:00Z, the build's outputTimestamp
created="$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)"
mkdir -p "$cache" "$out"
work="$(mktemp -d "${out%/}/.build-oci.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# A gzip'd, deterministic tar of DIR's content. Writes the blob into the layout
# and prints "<blob digest> <size> <diff_id>".
layer_tar() { # DIR OUTFILE [tar options...]; also writes OUTFILE.diffid (sha256 of the plain tar)
    local dir="$1" file="$2"; shift 2
    # Entry names without a "./" prefix, in byte order, like the layers an engine writes.
    (cd "$dir" && find . -mindepth 1 -printf '%P\n' | LC_ALL=C sort) \
        | tar --create --file="$file.tar" --directory="$dir" --no-recursion --verbatim-files-from \
              --files-from=- --format=posix \
              --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
              --mtime="@$SOURCE_DATE_EPOCH" --numeric-owner "$@"
    sha256sum "$file.tar" | cut -d' ' -f1 > "$file.diffid"
    gzip -n -6 -c "$file.tar" > "$file"
    rm -f "$file.tar"
}

# --- layer 1: the base root file system (cached) ----------------------------
base_key="$(printf '%s\n' "$suite" "$mirror" "minbase" "libbpf1" "user:65532" "v1" | sha256sum | cut -c1-16)"
base_blob="$cache/base-$suite-$base_key.tar.gz"
if [[ ! -s "$base_blob" || ! -s "$base_blob.diffid" ]]; then
    command -v debootstrap >/dev/null || unmet "'debootstrap' is missing (apt-get install debootstrap)"
    [[ "$(id -u)" == 0 ]] || unmet "debootstrap needs root (it runs the packages' maintainer scripts in a chroot)"
    log "debootstrap $suite (minbase + libbpf1) from $mirror; cached afterwards in $cache"
    root="$work/base"
    debootstrap --variant=minbase --include=libbpf1 "$suite" "$root" "$mirror" > "$work/debootstrap.log" 2>&1 \
        || { tail -20 "$work/debootstrap.log" >&2; die "debootstrap failed (log above); check the network and --mirror"; }
    # A container runtime provides /dev, /proc, /sys and /tmp; the image carries
    # neither device nodes nor the package manager's download cache.
    find "$root/dev" "$root/proc" "$root/sys" "$root/tmp" -mindepth 1 -delete 2>/dev/null || true
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/var/log/* \
           "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/var/cache/debconf/*-old
    # The non-root user for a capability mode that can use it (see README).
    echo 'nightjar:x:65532:65532:Nightjar sensor:/nonexistent:/usr/sbin/nologin' >> "$root/etc/passwd"
    echo 'nightjar:x:65532:' >> "$root/etc/group"
    echo 'nightjar:!*:0::::::' >> "$root/etc/shadow"
    # Mount points of the pod spec, so a read-only root still has them.
    mkdir -p "$root/host/proc" "$root/run/nightjar"
    layer_tar "$root" "$work/base.tar.gz"
    mv "$work/base.tar.gz.diffid" "$base_blob.diffid.tmp"
    mv "$work/base.tar.gz" "$base_blob"
    mv "$base_blob.diffid.tmp" "$base_blob.diffid"
else
    log "base layer from cache: $base_blob"
fi

# --- layer 2: the jlink'd runtime (cached) -----------------------------------
# The modules the sensor and its libraries use, as jdeps sees them.
modules="$("$jdk/bin/jdeps" --ignore-missing-deps --multi-release 25 --print-module-deps \
    --class-path "$lib/*" "$jar" "$lib"/*.jar 2>/dev/null | tail -1)"
[[ "$modules" =~ ^[a-z][a-z0-9.,]*$ ]] || die "jdeps printed no module list (got '$modules')"
jdk_release="$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')"
jre_key="$(printf '%s\n' "$jdk_release" "$modules" "v1" | sha256sum | cut -c1-16)"
jre_blob="$cache/jre-$jre_key.tar.gz"
if [[ ! -s "$jre_blob" || ! -s "$jre_blob.diffid" ]]; then
    log "jlink $jdk_release: $modules"
    mkdir -p "$work/jre/opt/nightjar"
    "$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
        --compress=zip-6 --output "$work/jre/opt/nightjar/jre"
    layer_tar "$work/jre" "$work/jre.tar.gz" --owner=0 --group=0
    mv "$work/jre.tar.gz.diffid" "$jre_blob.diffid.tmp"
    mv "$work/jre.tar.gz" "$jre_blob"
    mv "$jre_blob.diffid.tmp" "$jre_blob.diffid"
else
    log "jre layer from cache: $jre_blob ($modules)"
fi

# --- layer 3: the sensor ------------------------------------------------------
app="$work/app/opt/nightjar"
mkdir -p "$app/lib"
cp "$jar" "$app/nightjar-sensor.jar"
cp "$lib"/*.jar "$app/lib/"
cp "$jvm_options" "$app/sensor.jvm-options"
# The layer gives every file this mtime; the AOT cache checks the jars' mtimes, so train on the same.
find "$app" -type f -exec touch -d "@$SOURCE_DATE_EPOCH" {} +
# The JDK AOT cache (classes loaded and linked ahead of time): a training run of the image's
# own runtime, JVM options and jars (packaging/sensor/aot-train.sh). Start-up and the memory
# of class metadata depend on it; an image without it still works, only slower to start.
mkdir -p "$work/jre-run"
tar -xzf "$jre_blob" -C "$work/jre-run"
aot_cache=false
if "$work/jre-run/opt/nightjar/jre/bin/java" -version > /dev/null 2>&1; then
    log "AOT cache: training run of serve with the image's runtime"
    "$(dirname "$0")/aot-train.sh" "$work/jre-run/opt/nightjar/jre/bin/java" "$app" "$app/sensor.aot" \
        || die "the AOT training run failed (above)"
    touch -d "@$SOURCE_DATE_EPOCH" "$app/sensor.aot"
    aot_cache=true
else
    log "no AOT cache: the image's runtime does not run on this host"
fi
chmod -R u=rwX,go=rX "$work/app"
layer_tar "$work/app" "$work/app.tar.gz" --owner=0 --group=0

# --- the OCI layout -----------------------------------------------------------
layout="$work/layout"
mkdir -p "$layout/blobs/sha256"
add_blob() { # FILE -> prints digest (without sha256:) after copying into blobs
    local digest
    digest="$(sha256sum "$1" | cut -d' ' -f1)"
    cp "$1" "$layout/blobs/sha256/$digest"
    echo "$digest"
}
layers_json="[]" diff_ids="[]"
for blob in "$base_blob" "$jre_blob" "$work/app.tar.gz"; do
    digest="$(add_blob "$blob")"
    size="$(stat -c %s "$blob")"
    diff_id="sha256:$(cat "$blob.diffid")"
    layers_json="$(jq -c --arg d "sha256:$digest" --argjson s "$size" \
        '. + [{mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: $d, size: $s}]' <<< "$layers_json")"
    diff_ids="$(jq -c --arg d "$diff_id" '. + [$d]' <<< "$diff_ids")"
done

# Entrypoint: the JVM and the jar. Cmd: the default serve arguments; the
# desktop's pod spec replaces Cmd with its own args (serve --listen ... ) and
# keeps this Entrypoint (SensorPodSpec sets args, not command).
jq -n --arg created "$created" --argjson diff_ids "$diff_ids" --arg version "$version" --argjson aot "$aot_cache" '{
  created: $created, architecture: "amd64", os: "linux",
  config: {
    User: "0:0",
    Env: ["PATH=/opt/nightjar/jre/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
          "JAVA_HOME=/opt/nightjar/jre", "LANG=C.UTF-8"],
    Entrypoint: (["/opt/nightjar/jre/bin/java", "@/opt/nightjar/sensor.jvm-options"]
                 + (if $aot then ["-XX:AOTCache=/opt/nightjar/sensor.aot"] else [] end)
                 + ["-jar", "/opt/nightjar/nightjar-sensor.jar"]),
    Cmd: ["serve", "--listen", "127.0.0.1:7700", "--token-file", "/run/nightjar/token", "--proc-root", "/host/proc"],
    WorkingDir: "/",
    Labels: {"org.opencontainers.image.title": "nightjar-sensor", "org.opencontainers.image.version": $version,
             "org.opencontainers.image.description": "Nightjar eBPF node sensor"}
  },
  rootfs: {type: "layers", diff_ids: $diff_ids},
  history: [{created: $created, created_by: "debootstrap --variant=minbase --include=libbpf1 bookworm; user nightjar 65532"},
            {created: $created, created_by: "jlink (modules from jdeps)"},
            {created: $created, created_by: "nightjar-sensor.jar + lib/ + sensor.jvm-options + sensor.aot"}]
}' > "$work/config.json"
config_digest="$(add_blob "$work/config.json")"

jq -n --arg cd "sha256:$config_digest" --argjson cs "$(stat -c %s "$work/config.json")" --argjson layers "$layers_json" '{
  schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json",
  config: {mediaType: "application/vnd.oci.image.config.v1+json", digest: $cd, size: $cs},
  layers: $layers
}' > "$work/manifest.json"
manifest_digest="$(add_blob "$work/manifest.json")"

jq -n --arg md "sha256:$manifest_digest" --argjson ms "$(stat -c %s "$work/manifest.json")" --arg version "$version" '{
  schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json",
  manifests: [{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $md, size: $ms,
               platform: {architecture: "amd64", os: "linux"},
               annotations: {"org.opencontainers.image.ref.name": $version}}]
}' > "$layout/index.json"
echo '{"imageLayoutVersion":"1.0.0"}' > "$layout/oci-layout"

archive="$out/nightjar-sensor-$version-$arch.oci.tar"
tar --create --file="$archive.tmp" --directory="$layout" --sort=name --format=posix \
    --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
    --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner oci-layout index.json blobs
mv "$archive.tmp" "$archive"
log "wrote $archive ($(du -h "$archive" | cut -f1), manifest sha256:$manifest_digest)"
echo "$archive"
