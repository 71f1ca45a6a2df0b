#!/usr/bin/env bash
# Runs a command in a chroot whose binaries are arm64, on an x86_64 host, without
# touching the host's binfmt_misc registrations:
#
#   foreign-chroot.sh ROOT COMMAND [ARG...]
#
# A new user namespace (every uid and gid mapped to itself, so files keep their
# owners), mount namespace and pid namespace get their own binfmt_misc instance
# (kernel 6.7 and newer mount one per user namespace), in which qemu-aarch64-static
# is registered with the F flag (the kernel opens the interpreter now, so it need
# not exist inside ROOT). Everything registered or mounted dies with the command.
# Root inside is root of the new user namespace: it can chroot, chown, mount
# proc, but not make device nodes.
#
# Needs: root, util-linux (unshare), qemu-user-static, a kernel with binfmt_misc
# per user namespace. Exit status: the command's; 90 when this machine cannot do it
# (the reason on stderr).
set -euo pipefail

cannot() { echo "foreign-chroot: $*" >&2; exit 90; }

(($# >= 2)) || { echo "usage: $0 ROOT COMMAND [ARG...]" >&2; exit 2; }
root="$1"; shift
qemu=/usr/bin/qemu-aarch64-static
[[ -d "$root" ]] || { echo "foreign-chroot: no directory $root" >&2; exit 2; }
[[ "$(id -u)" == 0 ]] || cannot "needs root (to map every uid into the user namespace)"
[[ -x "$qemu" ]] || cannot "$qemu is missing (apt-get install qemu-user-static)"
command -v unshare >/dev/null || cannot "unshare is missing (apt-get install util-linux)"

if [[ "${1:-}" == --inside ]]; then
    # Second half, run by the first inside the namespaces (see below).
    shift
    mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc 2>/dev/null \
        || cannot "cannot mount a binfmt_misc of this user namespace (the kernel needs to be 6.7 or newer)"
    # The ELF header of an aarch64 executable (e_ident, e_type EXEC or DYN, e_machine 183),
    # as in Debian's /usr/lib/binfmt.d/qemu-aarch64.conf.
    printf '%s' ':nightjar-aarch64:M::\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00:\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff:'"$qemu"':F' \
        > /proc/sys/fs/binfmt_misc/register
    # The namespace's own /proc (its pid namespace) for tools in the chroot that read it.
    mkdir -p "$root/proc"
    mount -t proc proc "$root/proc"
    exec chroot "$root" "$@"
fi

# First half: make the namespaces, map the ids from outside (unshare alone maps one id
# unless newuidmap is installed), then let the second half go on.
fifo="$(mktemp -u /tmp/foreign-chroot.XXXXXX)"
mkfifo -m 600 "$fifo"
unshare --user --mount --pid --fork --kill-child --propagation private -- \
    bash -c 'read -r go < "$0" && [[ "$go" == go ]] && exec "$@"' "$fifo" "$0" "$root" --inside "$@" &
pid=$!
cleanup() { rm -f "$fifo"; kill -9 "$pid" 2>/dev/null || true; }
trap cleanup EXIT
mine="$(readlink /proc/self/ns/user)"
for _ in $(seq 200); do
    [[ "$(readlink "/proc/$pid/ns/user" 2>/dev/null)" != "$mine" ]] && break
    sleep 0.05
done
[[ "$(readlink "/proc/$pid/ns/user" 2>/dev/null)" != "$mine" ]] || cannot "unshare made no user namespace within 10 s"
echo "0 0 4294967295" > "/proc/$pid/uid_map"
echo "0 0 4294967295" > "/proc/$pid/gid_map"
echo go > "$fifo"
status=0
wait "$pid" || status=$?
trap - EXIT
rm -f "$fifo"
exit "$status"
