#!/usr/bin/env bash
# Runs a command in a chroot whose binaries are arm64, on an x86_64 host:
#
#   foreign-chroot.sh ROOT COMMAND [ARG...]
#
# Three ways, tried in this order, because kernels and sandboxes differ in what they allow:
#
#  1. userns: a new user namespace (every uid and gid mapped to itself, so files keep their
#     owners), mount and pid namespace with its own binfmt_misc instance (kernel 6.7 and
#     newer mount one per user namespace), in which qemu-aarch64-static is registered with
#     the F flag. The host's registrations are not touched; all of it dies with the command.
#  2. host: on older kernels binfmt_misc is one instance for the whole machine (and under
#     no_new_privs the first way cannot get its capabilities: see userns_works). The
#     interpreter is registered there under a name of this run's own and removed when the
#     command ends (also on error or signal); a private mount namespace holds any mount
#     this needs. Meanwhile any aarch64 program on the machine would run under qemu, which
#     is harmless.
#  3. direct: when binfmt_misc cannot be used at all, the command itself is started by
#     qemu (copied into ROOT for the run). Enough for one program that starts no other
#     aarch64 program (java -version, the sensor's `info`); a shell script fails with
#     "Exec format error" at its first exec.
#
# FOREIGN_CHROOT_MODE=userns|host|direct forces one way (tests of this script use it).
# Needs: root, util-linux (unshare), qemu-user-static. Exit status: the command's; 90 when
# this machine cannot do it (the reason on stderr).
set -euo pipefail

cannot() { echo "foreign-chroot: $*" >&2; exit 90; }

(($# >= 2)) || { echo "usage: $0 ROOT COMMAND [ARG...]" >&2; exit 2; }
root="$1"; shift
qemu=/usr/bin/qemu-aarch64-static
# The ELF header of an aarch64 executable (e_ident, e_type EXEC or DYN, e_machine 183),
# as in Debian's /usr/lib/binfmt.d/qemu-aarch64.conf.
magic='\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00'
mask='\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff'
[[ -d "$root" ]] || { echo "foreign-chroot: no directory $root" >&2; exit 2; }
[[ "$(id -u)" == 0 ]] || cannot "needs root (to map every uid into the user namespace)"
[[ -x "$qemu" ]] || cannot "$qemu is missing (apt-get install qemu-user-static)"
command -v unshare >/dev/null || cannot "unshare is missing (apt-get install util-linux)"

register() { # NAME: the interpreter for aarch64 ELF files, in the binfmt_misc mounted at /proc/sys/fs/binfmt_misc
    printf '%s' ":$1:M::$magic:$mask:$qemu:F" > /proc/sys/fs/binfmt_misc/register
}

# Inside the new namespaces (second half of each way, see below).
case "${1:-}" in
    --inside-userns)
        shift
        mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
        register nightjar-aarch64
        mkdir -p "$root/proc"
        mount -t proc proc "$root/proc"
        exec chroot "$root" "$@" ;;
    --inside-host)
        shift
        name="$1"; shift
        if [[ ! -e /proc/sys/fs/binfmt_misc/register ]]; then
            mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc 2>/dev/null \
                || cannot "cannot mount the machine's binfmt_misc"
        fi
        register "$name" 2>/dev/null || cannot "cannot register an interpreter in the machine's binfmt_misc"
        trap 'echo -1 > "/proc/sys/fs/binfmt_misc/$name" 2>/dev/null || true' EXIT
        mkdir -p "$root/proc"
        mount -t proc proc "$root/proc"
        status=0
        chroot "$root" "$@" || status=$?
        exit "$status" ;;
esac

userns_works() {
    # With no_new_privs set (strace --seccomp-bpf sets it, and CI builds under it), the first
    # half's exec inside the new namespace happens before the id map is written, so it runs
    # without capabilities, and the exec after the map may not gain them back: the mount fails.
    if grep -q '^NoNewPrivs:[[:space:]]*1' /proc/self/status; then
        return 1
    fi
    unshare --user --map-root-user --mount --propagation private -- \
        mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc 2>/dev/null
}

host_works() {
    [[ -e /proc/sys/fs/binfmt_misc/register ]] && [[ -w /proc/sys/fs/binfmt_misc/register ]] && return 0
    unshare --mount --propagation private -- mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc 2>/dev/null
}

run_userns() {
    # unshare alone maps one id unless newuidmap is installed: map them all from outside,
    # then let the second half go on.
    local fifo pid mine status=0
    fifo="$(mktemp -u /tmp/foreign-chroot.XXXXXX)"
    mkfifo -m 600 "$fifo"
    unshare --user --mount --pid --fork --kill-child --propagation private -- \
        bash -c 'read -r go < "$0" && [[ "$go" == go ]] && exec "$@"' "$fifo" "$0" "$root" --inside-userns "$@" &
    pid=$!
    trap 'rm -f "$fifo"; kill -9 "$pid" 2>/dev/null || true' EXIT
    mine="$(readlink /proc/self/ns/user)"
    for _ in $(seq 200); do
        [[ "$(readlink "/proc/$pid/ns/user" 2>/dev/null)" != "$mine" ]] && break
        sleep 0.05
    done
    [[ "$(readlink "/proc/$pid/ns/user" 2>/dev/null)" != "$mine" ]] || cannot "unshare made no user namespace within 10 s"
    echo "0 0 4294967295" > "/proc/$pid/uid_map"
    echo "0 0 4294967295" > "/proc/$pid/gid_map"
    echo go > "$fifo"
    wait "$pid" || status=$?
    trap - EXIT
    rm -f "$fifo"
    exit "$status"
}

run_host() {
    exec unshare --mount --pid --fork --kill-child --propagation private -- \
        "$0" "$root" --inside-host "nightjar-aarch64-$$" "$@"
}

run_direct() {
    # qemu inside ROOT for the run, so the chroot'd command finds it; removed afterwards.
    local inside=/.nightjar-qemu-aarch64-static status=0
    cp "$qemu" "$root$inside"
    trap 'rm -f "$root$inside"' EXIT
    unshare --mount --pid --fork --kill-child --propagation private -- bash -c \
        'mkdir -p "$0/proc" && mount -t proc proc "$0/proc" && exec chroot "$@"' "$root" "$root" "$inside" "$@" \
        || status=$?
    exit "$status"
}

mode="${FOREIGN_CHROOT_MODE:-}"
if [[ -z "$mode" ]]; then
    if userns_works; then mode=userns
    elif host_works; then mode=host
    else mode=direct
    fi
    [[ "$mode" == userns ]] || echo "foreign-chroot: no binfmt_misc per user namespace here (kernel older than 6.7, or no_new_privs set); running the $mode way" >&2
fi
case "$mode" in
    userns) run_userns "$@" ;;
    host) run_host "$@" ;;
    direct) run_direct "$@" ;;
    *) echo "foreign-chroot: FOREIGN_CHROOT_MODE must be userns, host or direct, not $mode" >&2; exit 2 ;;
esac
