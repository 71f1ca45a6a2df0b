#!/bin/sh
# usage: unshare --mount --propagation private -- sh fresh-root.sh ROOT APT_ARCHIVES APT_LISTS SECONDS
#
# Holds the mounts a fresh Debian root needs to install and run Nightjar, in a private mount
# namespace: a test enters it (nsenter --mount) to chroot into ROOT. Every mount dies with
# this process's namespace (when it and whatever the test started in it have ended) and none
# propagates to the host's. Prints "ready" once mounted, then waits SECONDS at most.
set -eu
root="$1" archives="$2" lists="$3" seconds="$4"
[ "$(findmnt -no PROPAGATION /)" = private ] || { echo "fresh-root: not in a private mount namespace" >&2; exit 90; }

mount -t proc proc "$root/proc"                     # the app's /proc/self, the test reads /proc/PID/maps
mount --rbind /sys "$root/sys"                      # the sensor: BTF, tracefs, bpffs, cgroups
mount -t tmpfs -o size=1m,mode=755 tmpfs "$root/dev"
for dev in null zero full random urandom; do
    touch "$root/dev/$dev"
    mount --bind "/dev/$dev" "$root/dev/$dev"
done
ln -s /proc/self/fd "$root/dev/fd"
ln -s /proc/self/fd/0 "$root/dev/stdin"
ln -s /proc/self/fd/1 "$root/dev/stdout"
ln -s /proc/self/fd/2 "$root/dev/stderr"
mkdir "$root/dev/pts" "$root/dev/shm"
mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts "$root/dev/pts"   # apt's terminal log
ln -s pts/ptmx "$root/dev/ptmx"
mount -t tmpfs -o size=256m,mode=1777 tmpfs "$root/dev/shm"
mount -t tmpfs -o size=512m,mode=1777 tmpfs "$root/tmp"
mkdir "$root/tmp/.X11-unix"                         # the host's X server (the test's Xvfb)
mount --bind /tmp/.X11-unix "$root/tmp/.X11-unix"
mount --bind "$archives" "$root/var/cache/apt/archives"   # downloaded .debs, kept between runs
mount --bind "$lists" "$root/var/lib/apt/lists"           # apt-get update only fetches what changed

echo ready
exec sleep "$seconds"
