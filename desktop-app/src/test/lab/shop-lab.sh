#!/usr/bin/env bash
# The shop lab: three "pods" (network namespaces on one bridge) running
# shop_workload.c, for the desktop's end-to-end tests and the demo capture.
#
#   shop-lab.sh up DIR SECONDS   build the workload into DIR, create the pods,
#                                start the services; writes DIR/lab.env
#   shop-lab.sh down DIR         stop the services, delete the namespaces
#
# Everything lives in namespaces this script creates (names start with nj-shop-):
# addresses 10.77.0.0/24 exist only inside them, so no packet leaves the lab.
# Each service also runs in a cgroup laid out as the kubelet's cgroupfs driver
# does (.../kubepods/burstable/pod<uid>/<container id>), so the sensor finds a
# pod UID and a container id for it as it would on a node.
# Needs root, iproute2, nftables and a C compiler (cc, gcc or clang).
set -euo pipefail

cmd=${1:?usage: shop-lab.sh up DIR SECONDS | down DIR}
dir=${2:?usage: shop-lab.sh up DIR SECONDS | down DIR}
here=$(cd "$(dirname "$0")" && pwd)

pods=(frontend cart payments)
declare -A ip=([frontend]=10.77.0.10 [cart]=10.77.0.11 [payments]=10.77.0.12)

ns() { echo "nj-shop-$(cat "$dir/lab.id")-$1"; }
# The cgroup v2 hierarchy's mount point (/sys/fs/cgroup, or .../unified on hybrid hosts).
cgroup2() { awk '{ for (i = 1; i < NF; i++) if ($i == "-") { if ($(i+1) == "cgroup2" && $4 == "/") { print $5; exit } break } }' /proc/self/mountinfo; }
cgroup_root() { echo "$(cgroup2)/nj-shop-$(cat "$dir/lab.id")"; }

# Starts one service in its namespace and cgroup; the shell execs the workload, so $! is its pid.
start() {
    local pod=$1; shift
    local uid container cg
    [[ -n "$(cgroup2)" ]] || { echo "no cgroup v2 hierarchy mounted (see /proc/self/mountinfo)" >&2; exit 1; }
    uid=$(cat /proc/sys/kernel/random/uuid)
    container=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
    cg="$(cgroup_root)/kubepods/burstable/pod$uid/$container"
    mkdir -p "$cg"
    # Join the cgroup before entering the namespace: ip netns exec remounts /sys.
    sh -c 'echo $$ > "$1/cgroup.procs" && shift && exec ip netns exec "$@"' sh "$cg" "$(ns "$pod")" "$@" \
        </dev/null >"$dir/$pod.log" 2>&1 &
    echo "$pod $!" >> "$dir/pids"
    printf '%s_uid=%s\n%s_container=%s\n' "$pod" "$uid" "$pod" "$container" >> "$dir/lab.env"
}

up() {
    local seconds=${3:?SECONDS}
    mkdir -p "$dir"
    head -c 3 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$dir/lab.id"
    local compiler
    compiler=$(command -v cc || command -v gcc || command -v clang) \
        || { echo "no C compiler: install gcc or clang" >&2; exit 1; }
    "$compiler" -O1 -g -fno-omit-frame-pointer -o "$dir/shop_workload" "$here/shop_workload.c"

    local sw; sw=$(ns switch)
    ip netns add "$sw"
    ip -n "$sw" link add br0 type bridge
    ip -n "$sw" link set br0 up
    for pod in "${pods[@]}"; do
        local n; n=$(ns "$pod")
        ip netns add "$n"
        ip link add eth0 netns "$n" type veth peer name "v-$pod" netns "$sw"
        ip -n "$sw" link set "v-$pod" master br0 up
        ip -n "$n" link set lo up
        ip -n "$n" addr add "${ip[$pod]}/24" dev eth0
        ip -n "$n" link set eth0 up
    done
    # frontend's egress policy: it may talk to cart, not to payments directly.
    ip netns exec "$(ns frontend)" nft -f - <<NFT
table inet nj_shop_policy {
    chain output {
        type filter hook output priority 0; policy accept;
        ip daddr ${ip[payments]} tcp dport 9090 drop
    }
}
NFT
    local bin="$dir/shop_workload"
    : > "$dir/pids"
    {
        for pod in "${pods[@]}"; do
            echo "${pod}_ip=${ip[$pod]}"
            echo "${pod}_netns=$(ns "$pod")"
        done
    } > "$dir/lab.env"
    start payments "$bin" payments "$seconds"
    start cart "$bin" cart "$seconds" "${ip[cart]}" "${ip[payments]}"
    sleep 0.3 # let both servers listen before the first request
    start frontend "$bin" frontend "$seconds" "${ip[cart]}" "${ip[payments]}"
}

down() {
    [[ -f "$dir/lab.id" ]] || return 0
    if [[ -f "$dir/pids" ]]; then
        while read -r _ pid; do kill "$pid" 2>/dev/null || true; done < "$dir/pids"
    fi
    for pod in "${pods[@]}" switch; do
        ip netns del "$(ns "$pod")" 2>/dev/null || true
    done
    # cgroups can go once their processes have: deepest first, bounded wait
    local root; root=$(cgroup_root)
    for _ in $(seq 50); do
        [[ -d "$root" ]] || break
        find "$root" -depth -type d -exec rmdir {} + 2>/dev/null || sleep 0.1
    done
}

case "$cmd" in
    up) up "$@" ;;
    down) down ;;
    *) echo "usage: shop-lab.sh up DIR SECONDS | down DIR" >&2; exit 2 ;;
esac
