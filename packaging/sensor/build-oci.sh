#!/usr/bin/env bash
# Builds the Nightjar sensor image WITHOUT a container engine, as an OCI image
# layout tarred into nightjar-sensor-<version>.oci.tar: one tag (index.json's
# ref.name = --version) naming an image index with an amd64 and an arm64 image.
# Same content as the Containerfile's runtime stage: Debian minbase + libbpf1, a
# jlink'd JRE 25 with only the modules jdeps finds, the sensor jar and its lib/
# (the jar carries the eBPF objects of both architectures).
#
# Three layers per image, from least to most often changed, so a registry (and
# the cache below) reuses the big ones:
#   1. base: debootstrap --variant=minbase --include=libbpf1, slimmed, plus the
#      non-root user nightjar (65532)
#        amd64: bookworm, on this x86_64 host
#        arm64: trixie, `debootstrap --foreign --arch=arm64`, then its second stage
#               (the packages' maintainer scripts) run under qemu-user-static in a
#               user namespace with its own binfmt_misc (foreign-chroot.sh)
#   2. jre:  jlink output at /opt/nightjar/jre
#        amd64: this host's JDK 25
#        arm64: this host's jlink over the jmods of Debian trixie's
#               openjdk-25-jdk-headless:arm64 (apt-download.sh). Debian's is the only
#               JDK 25 for arm64 reachable here, and it needs glibc 2.38: that is
#               why the arm64 base is trixie (glibc 2.41), not bookworm (2.36).
#   3. app:  /opt/nightjar/nightjar-sensor.jar + /opt/nightjar/lib/*.jar (one blob,
#            shared by both images)
# Layers 1 and 2 are cached as finished blobs, keyed by what went into them
# (debootstrap takes ~3 minutes for amd64, ~3 more for arm64 under qemu; jlink ~1).
#
# Deterministic where cheap: sorted tar entries, every mtime = SOURCE_DATE_EPOCH,
# numeric owners, gzip without a name or time stamp: two runs from the same cache
# give the same index digest. The base layers are only as reproducible as the
# Debian mirror is on the day they are first made.
#
# Needs: root (debootstrap), debootstrap, tar, gzip, jq, sha256sum, a JDK 25; for
# arm64 also qemu-user-static, util-linux (unshare) and binfmt_misc (per user namespace
# on kernel 6.7+, else the machine's: see foreign-chroot.sh).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"

usage() {
    cat >&2 <<USAGE
usage: $0 --jar SENSOR_JAR --lib LIB_DIR --out DIR [--version V] [--cache DIR]
          [--jdk JAVA_HOME] [--mirror URL] [--suite bookworm] [--arm64-suite trixie]
          [--platforms amd64,arm64] [--optional]
  --jar         the sensor jar (remote-sensor/target/nightjar-sensor.jar)
  --lib         its runtime dependencies (remote-sensor/target/lib)
  --out         where nightjar-sensor-<version>.oci.tar is written
  --version     image version and tag (default: 0.1.0-SNAPSHOT)
  --cache       where the base and jre layers are kept between runs
                (default: \${XDG_CACHE_HOME:-\$HOME/.cache}/nightjar/sensor-image)
  --suite       Debian suite of the amd64 image (default bookworm)
  --arm64-suite Debian suite of the arm64 image and its JDK (default trixie)
  --platforms   which images the index holds (default amd64,arm64)
  --optional    when this machine cannot build it (no root, no debootstrap, not
                x86_64, no qemu-user-static) and CI is not "true": explain, build
                nothing, exit 0
USAGE
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
jdk="${JAVA_HOME:-}" mirror="http://deb.debian.org/debian" suite="bookworm" arm64_suite="trixie"
platforms="amd64,arm64" optional=false
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
        --arm64-suite) arm64_suite="$2"; shift 2 ;;
        --platforms) platforms="$2"; shift 2 ;;
        --optional) optional=true; shift ;;
        -h|--help) usage ;;
        *) echo "unknown argument: $1" >&2; usage ;;
    esac
done
[[ -n "$jar" && -n "$lib" && -n "$out" ]] || usage
[[ -f "$jar" ]] || die "sensor jar not found: $jar (build it: ./mvnw -pl remote-sensor -am package -DskipTests)"
[[ -d "$lib" ]] || die "lib directory not found: $lib (remote-sensor's package phase fills target/lib)"
[[ -x "$jdk/bin/jlink" && -x "$jdk/bin/jdeps" ]] || die "no JDK with jlink/jdeps at '$jdk'; pass --jdk or set JAVA_HOME to a JDK 25"
"$jdk/bin/java" -version 2>&1 | grep -q 'version "25' || die "$jdk is not a JDK 25 (the jlink'd runtime must match the sensor's release)"
IFS=, read -r -a arches <<< "$platforms"
for arch in "${arches[@]}"; do
    [[ "$arch" == amd64 || "$arch" == arm64 ]] || die "--platforms: '$arch' is not amd64 or arm64"
done
for tool in tar gzip jq sha256sum; do
    command -v "$tool" >/dev/null || unmet "'$tool' is missing (apt-get install $tool)"
done
[[ "$(uname -m)" == x86_64 ]] || unmet "this script builds on an x86_64 host; see packaging/sensor/README.md for the Containerfile"
if [[ " ${arches[*]} " == *" arm64 "* ]]; then
    [[ -x /usr/bin/qemu-aarch64-static ]] || unmet "the arm64 image needs qemu-user-static (apt-get install qemu-user-static) for its packages' maintainer scripts; or pass --platforms amd64"
fi

export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1795564800}" # 2026-11-25T00:00:00Z, the build's outputTimestamp
created="$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)"
mkdir -p "$cache" "$out"
work="$(mktemp -d "${out%/}/.build-oci.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# A gzip'd, deterministic tar of DIR's content. Writes OUTFILE and OUTFILE.diffid
# (sha256 of the plain tar).
layer_tar() { # DIR OUTFILE [tar options...]
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

# Moves a finished layer (FILE, FILE.diffid) into the cache as BLOB, the blob last so
# a half-written cache entry is never taken for a whole one.
cache_layer() { # FILE BLOB
    mv "$1.diffid" "$2.diffid.tmp"
    mv "$1" "$2"
    mv "$2.diffid.tmp" "$2.diffid"
}

# --- layer 1: the base root file system (cached) ----------------------------
# The slimming and the additions both architectures get after debootstrap.
finish_root() { # ROOT
    local root="$1"
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
}

debootstrap_or_die() { # LOGFILE ARGS...
    local logfile="$1"; shift
    debootstrap "$@" > "$logfile" 2>&1 \
        || { tail -20 "$logfile" >&2; die "debootstrap $* failed (log above); check the network and --mirror"; }
}

base_layer() { # ARCH -> sets base_blob to the cached blob's path
    local arch="$1" key blob root s
    s="$(suite_of "$arch")"
    if [[ "$arch" == amd64 ]]; then
        key="$(printf '%s\n' "$s" "$mirror" "minbase" "libbpf1" "user:65532" "v1" | sha256sum | cut -c1-16)"
        blob="$cache/base-$s-$key.tar.gz"
    else
        key="$(printf '%s\n' "$arch" "$s" "$mirror" "minbase" "libbpf1" "user:65532" "v1" | sha256sum | cut -c1-16)"
        blob="$cache/base-$arch-$s-$key.tar.gz"
    fi
    if [[ -s "$blob" && -s "$blob.diffid" ]]; then
        log "$arch base layer from cache: $blob"
        base_blob="$blob"
        return
    fi
    command -v debootstrap >/dev/null || unmet "'debootstrap' is missing (apt-get install debootstrap)"
    [[ "$(id -u)" == 0 ]] || unmet "debootstrap needs root (it runs the packages' maintainer scripts in a chroot)"
    root="$work/base-$arch"
    if [[ "$arch" == amd64 ]]; then
        log "debootstrap $s (minbase + libbpf1) from $mirror; cached afterwards in $cache"
        debootstrap_or_die "$work/debootstrap-$arch.log" --variant=minbase --include=libbpf1 "$s" "$root" "$mirror"
    else
        log "debootstrap --foreign --arch=$arch $s (minbase + libbpf1) from $mirror, second stage under qemu; cached afterwards in $cache"
        debootstrap_or_die "$work/debootstrap-$arch.log" --foreign --arch="$arch" --variant=minbase --include=libbpf1 \
            "$s" "$root" "$mirror"
        # container=lxc: debootstrap skips its device-node check (a user namespace cannot
        # mknod); /dev is emptied below anyway, the runtime provides it.
        local status=0
        "$here/foreign-chroot.sh" "$root" /usr/bin/env container=lxc /debootstrap/debootstrap --second-stage \
            > "$work/second-stage-$arch.log" 2>&1 || status=$?
        if ((status == 90)); then
            unmet "$(tail -1 "$work/second-stage-$arch.log")"
        elif ((status != 0)); then
            tail -20 "$work/second-stage-$arch.log" >&2
            die "the $arch second stage failed (log above)"
        fi
        [[ ! -e "$root/debootstrap" ]] || die "the $arch second stage left $root/debootstrap: it did not finish"
    fi
    finish_root "$root"
    layer_tar "$root" "$work/base-$arch.tar.gz"
    cache_layer "$work/base-$arch.tar.gz" "$blob"
    base_blob="$blob"
}

suite_of() { # ARCH
    if [[ "$1" == amd64 ]]; then echo "$suite"; else echo "$arm64_suite"; fi
}

# --- layer 2: the jlink'd runtime (cached) -----------------------------------
# The modules the sensor and its libraries use, as jdeps sees them.
modules="$("$jdk/bin/jdeps" --ignore-missing-deps --multi-release 25 --print-module-deps \
    --class-path "$lib/*" "$jar" "$lib"/*.jar 2>/dev/null | tail -1)"
[[ "$modules" =~ ^[a-z][a-z0-9.,]*$ ]] || die "jdeps printed no module list (got '$modules')"
jdk_release="$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')"

jre_layer() { # ARCH -> sets jre_blob to the cached blob's path; BLOB.jdk says where the runtime came from
    local arch="$1" key blob s jmods jdk_deb
    s="$(suite_of "$arch")"
    if [[ "$arch" == amd64 ]]; then
        key="$(printf '%s\n' "$jdk_release" "$modules" "v1" | sha256sum | cut -c1-16)"
        blob="$cache/jre-$key.tar.gz"
    else
        # jlink links any 25.0.x jmods; the key names what is downloaded, not its
        # patch level, so a warm cache needs no network (like the base layer).
        key="$(printf '%s\n' "$arch" "$s" "openjdk-25-jdk-headless" "${jdk_release%%.*}" "$modules" "v1" \
            | sha256sum | cut -c1-16)"
        blob="$cache/jre-$arch-$key.tar.gz"
    fi
    if [[ -s "$blob" && -s "$blob.diffid" && -s "$blob.jdk" ]]; then
        log "$arch jre layer from cache: $blob ($modules)"
        jre_blob="$blob"
        return
    fi
    mkdir -p "$work/jre-$arch/opt/nightjar"
    if [[ "$arch" == amd64 ]]; then
        log "jlink $jdk_release: $modules"
        "$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
            --compress=zip-6 --output "$work/jre-$arch/opt/nightjar/jre"
        echo "jlink $jdk_release" > "$work/jre-$arch.jdk"
    else
        log "downloading openjdk-25-jdk-headless:$arch ($s) for its jmods"
        jdk_deb="$("$here/apt-download.sh" --arch "$arch" --suite "$s" --mirror "$mirror" \
            --state "$work/apt-$arch" --dest "$work/debs-$arch" openjdk-25-jdk-headless | head -1)" \
            || unmet "cannot download Debian's openjdk-25-jdk-headless for $arch (network?)"
        mkdir -p "$work/jdk-$arch"
        dpkg-deb -x "$jdk_deb" "$work/jdk-$arch"
        jmods=("$work/jdk-$arch"/usr/lib/jvm/java-25-openjdk-*/jmods)
        [[ -f "${jmods[0]}/java.base.jmod" ]] || die "$(basename "$jdk_deb") has no jmods/java.base.jmod"
        log "jlink (this host's, cross-linking) over $(basename "$jdk_deb"): $modules"
        # --strip-java-debug-attributes, not --strip-debug: the latter also strips native
        # symbols with this host's objcopy, which cannot read arm64 ELF files.
        "$jdk/bin/jlink" --module-path "${jmods[0]}" --add-modules "$modules" --strip-java-debug-attributes \
            --no-man-pages --no-header-files --compress=zip-6 --output "$work/jre-$arch/opt/nightjar/jre"
        echo "jlink $jdk_release over Debian $s $(basename "$jdk_deb" .deb)" > "$work/jre-$arch.jdk"
    fi
    layer_tar "$work/jre-$arch" "$work/jre-$arch.tar.gz" --owner=0 --group=0
    mv "$work/jre-$arch.jdk" "$blob.jdk"
    cache_layer "$work/jre-$arch.tar.gz" "$blob"
    jre_blob="$blob"
}

# --- layer 3: the sensor (the same for every architecture) --------------------
app="$work/app/opt/nightjar"
mkdir -p "$app/lib"
cp "$jar" "$app/nightjar-sensor.jar"
cp "$lib"/*.jar "$app/lib/"
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

# One image: its layers, config and manifest into the layout; adds the manifest's
# descriptor (with its platform) to the index's list, manifests.
manifests="[]"
image() { # ARCH
    local arch="$1" blob digest size diff_id layers_json="[]" diff_ids="[]" platform
    base_layer "$arch"
    jre_layer "$arch"
    for blob in "$base_blob" "$jre_blob" "$work/app.tar.gz"; do
        digest="$(add_blob "$blob")"
        size="$(stat -c %s "$blob")"
        diff_id="sha256:$(cat "$blob.diffid")"
        layers_json="$(jq -c --arg d "sha256:$digest" --argjson s "$size" \
            '. + [{mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: $d, size: $s}]' <<< "$layers_json")"
        diff_ids="$(jq -c --arg d "$diff_id" '. + [$d]' <<< "$diff_ids")"
    done
    # arm64 images carry variant v8, as engines and registries write it.
    if [[ "$arch" == arm64 ]]; then
        platform='{"architecture": "arm64", "os": "linux", "variant": "v8"}'
    else
        platform="{\"architecture\": \"$arch\", \"os\": \"linux\"}"
    fi

    # Entrypoint: the JVM and the jar. Cmd: the default serve arguments; the
    # desktop's pod spec replaces Cmd with its own args (serve --listen ... ) and
    # keeps this Entrypoint (SensorPodSpec sets args, not command).
    jq -n --arg created "$created" --argjson diff_ids "$diff_ids" --arg version "$version" \
        --argjson platform "$platform" --arg base_by "debootstrap --variant=minbase --include=libbpf1 $(suite_of "$arch") ($arch); user nightjar 65532" \
        --arg jre_by "$(cat "$jre_blob.jdk") (modules from jdeps)" '$platform + {
      created: $created,
      config: {
        User: "0:0",
        Env: ["PATH=/opt/nightjar/jre/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
              "JAVA_HOME=/opt/nightjar/jre", "LANG=C.UTF-8"],
        Entrypoint: ["/opt/nightjar/jre/bin/java", "-XX:+UseSerialGC", "-Xmx64m", "-XX:-UsePerfData",
                     "--enable-native-access=ALL-UNNAMED", "-jar", "/opt/nightjar/nightjar-sensor.jar"],
        Cmd: ["serve", "--listen", "127.0.0.1:7700", "--token-file", "/run/nightjar/token", "--proc-root", "/host/proc"],
        WorkingDir: "/",
        Labels: {"org.opencontainers.image.title": "nightjar-sensor", "org.opencontainers.image.version": $version,
                 "org.opencontainers.image.description": "Nightjar eBPF node sensor"}
      },
      rootfs: {type: "layers", diff_ids: $diff_ids},
      history: [{created: $created, created_by: $base_by},
                {created: $created, created_by: $jre_by},
                {created: $created, created_by: "nightjar-sensor.jar + lib/"}]
    }' > "$work/config-$arch.json"
    local config_digest
    config_digest="$(add_blob "$work/config-$arch.json")"

    jq -n --arg cd "sha256:$config_digest" --argjson cs "$(stat -c %s "$work/config-$arch.json")" \
        --argjson layers "$layers_json" '{
      schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: {mediaType: "application/vnd.oci.image.config.v1+json", digest: $cd, size: $cs},
      layers: $layers
    }' > "$work/manifest-$arch.json"
    digest="$(add_blob "$work/manifest-$arch.json")"
    manifests="$(jq -c --arg md "sha256:$digest" --argjson ms "$(stat -c %s "$work/manifest-$arch.json")" \
        --argjson platform "$platform" \
        '. + [{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $md, size: $ms, platform: $platform}]' \
        <<< "$manifests")"
}

for arch in "${arches[@]}"; do
    image "$arch"
done

# The tag names an image index (the multi-architecture image); a runtime or
# `skopeo copy` picks the manifest for its platform from it.
jq -n --argjson manifests "$manifests" \
    '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: $manifests}' \
    > "$work/image-index.json"
index_digest="$(add_blob "$work/image-index.json")"
jq -n --arg d "sha256:$index_digest" --argjson s "$(stat -c %s "$work/image-index.json")" --arg version "$version" '{
  schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json",
  manifests: [{mediaType: "application/vnd.oci.image.index.v1+json", digest: $d, size: $s,
               annotations: {"org.opencontainers.image.ref.name": $version}}]
}' > "$layout/index.json"
echo '{"imageLayoutVersion":"1.0.0"}' > "$layout/oci-layout"

archive="$out/nightjar-sensor-$version.oci.tar"
tar --create --file="$archive.tmp" --directory="$layout" --sort=name --format=posix \
    --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
    --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner oci-layout index.json blobs
mv "$archive.tmp" "$archive"
log "wrote $archive ($(du -h "$archive" | cut -f1), image index sha256:$index_digest: ${arches[*]})"
echo "$archive"
