#!/usr/bin/env bash
# The shop lab: five "pods" (network namespaces on one bridge): frontend, cart
# and payments running shop_workload.c, kube-dns played by Debian's dnsmasq and
# orders-db by Debian's PostgreSQL 15, for the desktop's end-to-end tests and
# the demo capture.
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
# Needs root, iproute2, nftables, a C compiler (cc, gcc or clang), dnsmasq
# (dnsmasq-base), PostgreSQL 15 (postgresql-15) and util-linux's setpriv.
set -euo pipefail

cmd=${1:?usage: shop-lab.sh up DIR SECONDS | down DIR}
dir=${2:?usage: shop-lab.sh up DIR SECONDS | down DIR}
here=$(cd "$(dirname "$0")" && pwd)

pods=(frontend cart payments kube-dns orders-db)
declare -A ip=([frontend]=10.77.0.10 [cart]=10.77.0.11 [payments]=10.77.0.12 [kube-dns]=10.77.0.13
    [orders-db]=10.77.0.14)
pg_bin=/usr/lib/postgresql/15/bin

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
    command -v dnsmasq >/dev/null || { echo "no dnsmasq: apt-get install dnsmasq-base" >&2; exit 1; }
    [[ -x $pg_bin/postgres ]] || { echo "no $pg_bin/postgres: apt-get install postgresql-15" >&2; exit 1; }
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
    # Each backend ends by itself too (timeout); PostgreSQL's fast shutdown is SIGINT.
    start kube-dns timeout -k 5 "$seconds" dnsmasq --keep-in-foreground --port=53 \
        --listen-address="${ip[kube-dns]}" --bind-interfaces --no-resolv --no-hosts --conf-file=/dev/null \
        --pid-file= --user=root --local=/cluster.local/ \
        --address=/cart.shop.svc.cluster.local/10.96.40.11 \
        --address=/payments.shop.svc.cluster.local/10.96.40.12 \
        --address=/orders-db.shop.svc.cluster.local/10.96.40.13
    orders_db "$seconds"
    start payments "$bin" payments "$seconds" "${ip[orders-db]}"
    start cart "$bin" cart "$seconds" "${ip[cart]}" "${ip[payments]}"
    sleep 0.3 # let both servers listen before the first request
    start frontend "$bin" frontend "$seconds" "${ip[cart]}" "${ip[payments]}" "${ip[kube-dns]}"
}

# PostgreSQL in orders-db: a fresh cluster in DIR/pgdata (trusting the lab's subnet), run as
# the postgres user, with the shop's two tables; waits (at most 30 s) until it takes queries.
orders_db() {
    local seconds=$1 data="$dir/pgdata" sock="$dir/pgsock"
    chmod 711 "$dir" # the postgres user reaches its folders inside
    mkdir -p "$data" "$sock"
    chown postgres:postgres "$data" "$sock"
    as_postgres() { setpriv --reuid=postgres --regid=postgres --clear-groups "$@"; }
    as_postgres "$pg_bin/initdb" -D "$data" -A trust -U postgres --no-sync --no-instructions \
        > "$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    echo "host all all ${ip[orders-db]%.*}.0/24 trust" >> "$data/pg_hba.conf"
    start orders-db timeout -s INT -k 5 "$seconds" setpriv --reuid=postgres --regid=postgres --clear-groups \
        "$pg_bin/postgres" -D "$data" -p 5432 -k "$sock" -c listen_addresses="${ip[orders-db]}" -c fsync=off
    local ready=""
    for _ in $(seq 300); do
        if "$pg_bin/pg_isready" -q -h "$sock" -p 5432 -U postgres; then ready=1; break; fi
        sleep 0.1
    done
    [[ -n $ready ]] || { echo "PostgreSQL did not start; see $dir/orders-db.log" >&2; cat "$dir/orders-db.log" >&2; exit 1; }
    "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$sock" -p 5432 -U postgres -d postgres -c "CREATE DATABASE shop" >/dev/null
    "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$sock" -p 5432 -U postgres -d shop >/dev/null <<'SQL'
CREATE TABLE wallets (account_id int PRIMARY KEY, balance_cents bigint NOT NULL);
INSERT INTO wallets VALUES (1042, 48200);
CREATE TABLE payments (id serial PRIMARY KEY, idempotency_key text NOT NULL UNIQUE,
                       account_id int NOT NULL, amount_cents int NOT NULL, created_at timestamptz DEFAULT now());
SQL
}

down() {
    [[ -f "$dir/lab.id" ]] || return 0
    if [[ -f "$dir/pids" ]]; then
        while read -r _ pid; do kill "$pid" 2>/dev/null || true; done < "$dir/pids"
    fi
    for pod in "${pods[@]}" switch; do
        ip netns del "$(ns "$pod")" 2>/dev/null || true
    done
    # What the backends forked (PostgreSQL's backends) goes with its cgroup: a moment to shut
    # down after the signal above, then cgroup.kill for whatever is left (bounded wait).
    local root; root=$(cgroup_root)
    for _ in $(seq 30); do
        [[ -z "$(find "$root" -name cgroup.procs -exec cat {} + 2>/dev/null)" ]] && break
        sleep 0.1
    done
    [[ -f "$root/cgroup.kill" ]] && echo 1 > "$root/cgroup.kill" 2>/dev/null || true
    # cgroups can go once their processes have: deepest first, bounded wait
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
