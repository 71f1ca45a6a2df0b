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
# Needs root, iproute2, nftables and a C compiler (cc, gcc or clang).
set -euo pipefail

cmd=${1:?usage: shop-lab.sh up DIR SECONDS | down DIR}
dir=${2:?usage: shop-lab.sh up DIR SECONDS | down DIR}
here=$(cd "$(dirname "$0")" && pwd)

pods=(frontend cart payments)
declare -A ip=([frontend]=10.77.0.10 [cart]=10.77.0.11 [payments]=10.77.0.12)

ns() { echo "nj-shop-$(cat "$dir/lab.id")-$1"; }

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
    ip netns exec "$(ns payments)" "$bin" payments "$seconds" </dev/null >"$dir/payments.log" 2>&1 &
    echo "payments $!" > "$dir/pids"
    ip netns exec "$(ns cart)" "$bin" cart "$seconds" "${ip[cart]}" "${ip[payments]}" </dev/null >"$dir/cart.log" 2>&1 &
    echo "cart $!" >> "$dir/pids"
    sleep 0.3 # let both servers listen before the first request
    ip netns exec "$(ns frontend)" "$bin" frontend "$seconds" "${ip[cart]}" "${ip[payments]}" </dev/null >"$dir/frontend.log" 2>&1 &
    echo "frontend $!" >> "$dir/pids"
    {
        for pod in "${pods[@]}"; do
            echo "${pod}_ip=${ip[$pod]}"
            echo "${pod}_netns=$(ns "$pod")"
        done
    } > "$dir/lab.env"
}

down() {
    [[ -f "$dir/lab.id" ]] || return 0
    if [[ -f "$dir/pids" ]]; then
        while read -r _ pid; do kill "$pid" 2>/dev/null || true; done < "$dir/pids"
    fi
    for pod in "${pods[@]}" switch; do
        ip netns del "$(ns "$pod")" 2>/dev/null || true
    done
}

case "$cmd" in
    up) up "$@" ;;
    down) down ;;
    *) echo "usage: shop-lab.sh up DIR SECONDS | down DIR" >&2; exit 2 ;;
esac
