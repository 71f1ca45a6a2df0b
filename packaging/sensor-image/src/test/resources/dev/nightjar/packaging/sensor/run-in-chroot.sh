#!/bin/sh
# usage: unshare --mount --propagation private -- sh run-in-chroot.sh ROOT COMMAND...
#
# Plays the container runtime for the chroot test: the mounts the sensor pod
# gets (SensorPodSpec), a read-only root, then exec COMMAND chrooted into ROOT.
# It must run in its own private mount namespace: every mount below dies with
# the sensor process, and none propagates back to the host's (shared) /sys.
set -eu
root="$1"
shift
[ "$(findmnt -no PROPAGATION /)" = private ] || { echo "run-in-chroot: not in a private mount namespace" >&2; exit 90; }

mount --bind "$root" "$root"                       # so it can be made read-only (readOnlyRootFilesystem)
mount -t proc proc "$root/proc"                    # the container's own /proc; hostPID: the host's pids
mount --rbind /proc "$root/host/proc"              # hostPath /proc  -> /host/proc, read-only
mount -o remount,bind,ro "$root/host/proc"
mount --rbind /sys "$root/sys"                     # hostPath /sys -> /sys, read-only; rbind carries the
mount -o remount,bind,ro "$root/sys"               # kernel's BTF (sysfs itself) and these submounts:
for sub in kernel/tracing kernel/debug fs/cgroup fs/bpf; do
    if mountpoint -q "$root/sys/$sub"; then
        mount -o remount,bind,ro "$root/sys/$sub"
    fi
done
mount -t tmpfs -o size=16m,mode=1777 tmpfs "$root/tmp"   # the pod's in-memory emptyDir
mount -t tmpfs -o size=64k,mode=755 tmpfs "$root/dev"    # a runtime's minimal /dev
for dev in null zero random urandom; do
    touch "$root/dev/$dev"
    mount --bind "/dev/$dev" "$root/dev/$dev"
done
mount -o remount,bind,ro "$root"

exec chroot "$root" "$@"
