// SPDX-License-Identifier: GPL-2.0
/*
 * TCP and UDP flows, aggregated per flow in kernel hash maps that user space
 * reads once per flush interval. A TCP close goes out at once through a ring
 * buffer, so a connection that lives shorter than an interval is never lost.
 *
 * Why these hooks (see bpf/README.md for what was tried on the test kernel):
 *  - fentry/fexit fail to load on the test kernel (EPERM), kprobes are off;
 *    only tracepoints (tp_btf), bpf_iter and cgroup programs are used.
 *  - TCP bytes and segments are the kernel's own struct tcp_sock counters
 *    (bytes_acked, bytes_received, segs_out, segs_in, total_retrans), read
 *    whenever the socket changes state, its owner sends or receives
 *    (sock:sock_send_length / sock_recv_length, kernel >= 6.3), it
 *    retransmits or it meets a reset, and a final time when it closes. They
 *    count sendfile/splice too, which syscall-level counting misses.
 *    bpf_iter/tcp would refresh them at flush time, but it only walks the
 *    iterating task's own network namespace.
 *  - UDP has no state changes to hook, and an unconnected socket's peer is
 *    only in the packet. cgroup_skb programs on the cgroup v2 root see every
 *    datagram of every socket on the node, in every netns, with the socket
 *    attached (skb->sk) and the headers readable from offset 0. The owner
 *    (pid, comm, netns) is recorded per socket cookie from
 *    sock_send_length/sock_recv_length, which run in the owner's process
 *    context, and joined by user space.
 */
#include "nightjar_net.h"
#include <bpf/bpf_tracing.h>

#define NJ_FLOW_MAX_ENTRIES 65536
#define NJ_OWNER_MAX_ENTRIES 65536
#define NJ_LISTENER_MAX_ENTRIES 4096
#define NJ_RINGBUF_BYTES (4 * 1024 * 1024)
#define NJ_UDP_FLOW_ID_BIT (1ULL << 63)
#define NJ_MSG_PEEK 2
/* nj_flow.closed in a ring record: 1 the flow's close, 2 a reset its socket
 * sent after the close (only flow_id and resets_out are set). */
#define NJ_RECORD_CLOSE 1
#define NJ_RECORD_LATE_RESET 2

enum nj_direction {
	NJ_DIR_UNKNOWN = 0,   /* the flow existed before the sensor started */
	NJ_DIR_OUTBOUND = 1,  /* this node's socket connected or sent first */
	NJ_DIR_INBOUND = 2,   /* this node's socket accepted or received first */
};

enum nj_owner_source {
	NJ_OWNER_NONE = 0,
	NJ_OWNER_CONNECT = 1,   /* current task at connect(): exact */
	NJ_OWNER_LISTENER = 2,  /* the task that called listen(): a good guess */
	NJ_OWNER_IO = 3,        /* a task that sent or received on the socket */
};

/*
 * One flow as the local socket sees it: tuple.src is the local side. User
 * space orients it from the initiator. Also the ring buffer record.
 */
struct nj_flow {
	struct nj_tuple tuple;
	__u64 flow_id;        /* TCP: socket cookie; UDP: NJ_UDP_FLOW_ID_BIT | counter */
	__u64 first_ns;       /* bpf_ktime_get_ns(): CLOCK_MONOTONIC */
	__u64 last_ns;
	__u64 bytes_out;      /* local -> remote */
	__u64 bytes_in;       /* remote -> local */
	__u64 segs_out;
	__u64 segs_in;
	__u64 cgroup_id;
	__u32 retransmits;
	__u32 resets_out;
	__u32 resets_in;
	__u32 pid;
	__u32 netns;
	__u8 state;           /* TCP state (include/net/tcp_states.h), 0 for UDP */
	__u8 direction;       /* enum nj_direction */
	__u8 owner_source;    /* enum nj_owner_source */
	__u8 closed;          /* NJ_RECORD_CLOSE when the flow has ended */
	char comm[NJ_TASK_COMM_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, NJ_FLOW_MAX_ENTRIES);
	__type(key, __u64);               /* socket cookie */
	__type(value, struct nj_flow);
} nj_tcp_flows SEC(".maps");

struct nj_udp_key {
	__u64 cookie;
	__u8 raddr[16];
	__u16 rport;
	__u16 reserved[3];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, NJ_FLOW_MAX_ENTRIES);
	__type(key, struct nj_udp_key);
	__type(value, struct nj_flow);
} nj_udp_flows SEC(".maps");

/* Who uses a UDP socket, by cookie. LRU: UDP sockets have no close hook. */
struct nj_owner {
	__u32 pid;
	__u32 netns;
	char comm[NJ_TASK_COMM_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, NJ_OWNER_MAX_ENTRIES);
	__type(key, __u64);
	__type(value, struct nj_owner);
} nj_udp_owners SEC(".maps");

/* The task that called listen(), to attribute accepted connections whose
 * child socket is created in softirq, where `current` is unrelated. */
struct nj_listener_key {
	__u32 netns;
	__u16 port;
	__u16 family;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, NJ_LISTENER_MAX_ENTRIES);
	__type(key, struct nj_listener_key);
	__type(value, struct nj_owner);
} nj_listeners SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, NJ_RINGBUF_BYTES);
} nj_flow_closes SEC(".maps");

__u64 nj_udp_next_id = 0;

/* ------------------------------------------------------------------ TCP */

static __always_inline void nj_snapshot_tcp(struct nj_flow *f, const struct sock *sk)
{
	const struct tcp_sock *tp = (const struct tcp_sock *)sk;

	f->bytes_out = BPF_CORE_READ(tp, bytes_acked);
	f->bytes_in = BPF_CORE_READ(tp, bytes_received);
	f->segs_out = BPF_CORE_READ(tp, segs_out);
	f->segs_in = BPF_CORE_READ(tp, segs_in);
	f->retransmits = BPF_CORE_READ(tp, total_retrans);
}

/* The tuple is read again on every event: at SYN_SENT the local port is not
 * chosen yet (tcp_v4_connect sets the state before inet_hash_connect). A
 * closing socket may already have given its port back: keep the old one. */
static __always_inline void nj_refresh_tuple(struct nj_flow *f, const struct sock *sk)
{
	struct nj_tuple t = {};

	nj_tuple_from_sock(&t, sk);
	if (t.sport == 0)
		return;
	t.protocol = NJ_IPPROTO_TCP;
	f->tuple = t;
}

static __always_inline void nj_set_owner_current(struct nj_flow *f, __u8 source)
{
	f->pid = bpf_get_current_pid_tgid() >> 32;
	bpf_get_current_comm(f->comm, sizeof(f->comm));
	f->owner_source = source;
}

/*
 * Creates the flow entry of a socket not seen before, when the filter lets it
 * through. owner_pid is the pid the filter is checked against (0: unknown).
 */
static __always_inline struct nj_flow *nj_tcp_create(__u64 cookie, const struct sock *sk, __u8 direction,
						     __u32 owner_pid)
{
	const struct nj_filter_config *cfg = nj_filter();
	struct nj_flow fresh = {};
	long err;

	nj_tuple_from_sock(&fresh.tuple, sk);
	fresh.tuple.protocol = NJ_IPPROTO_TCP;
	fresh.cgroup_id = nj_sock_cgroup_id(sk);
	if (!nj_pass_ports(cfg, fresh.tuple.sport, fresh.tuple.dport)
	    || !nj_pass_cgroup(cfg, fresh.cgroup_id)
	    || !nj_pass_pid(cfg, owner_pid))
		return NULL;
	fresh.flow_id = cookie;
	fresh.first_ns = bpf_ktime_get_ns();
	fresh.last_ns = fresh.first_ns;
	fresh.netns = nj_sock_netns(sk);
	fresh.direction = direction;
	err = bpf_map_update_elem(&nj_tcp_flows, &cookie, &fresh, BPF_NOEXIST);
	if (err && err != -17 /* EEXIST */) {
		nj_count(NJ_COUNTER_MAP_FULL);
		return NULL;
	}
	return bpf_map_lookup_elem(&nj_tcp_flows, &cookie);
}

static __always_inline void nj_owner_from_listener(struct nj_flow *f, const struct sock *sk)
{
	struct nj_listener_key lk = {};
	struct nj_owner *owner;

	lk.netns = f->netns;
	lk.port = f->tuple.sport;
	lk.family = f->tuple.family;
	owner = bpf_map_lookup_elem(&nj_listeners, &lk);
	if (!owner)
		return;
	f->pid = owner->pid;
	__builtin_memcpy(f->comm, owner->comm, sizeof(f->comm));
	f->owner_source = NJ_OWNER_LISTENER;
}

static __always_inline void nj_tcp_listen(const struct sock *sk, int oldstate, int newstate)
{
	struct nj_listener_key lk = {};
	struct nj_owner owner = {};

	lk.netns = nj_sock_netns(sk);
	lk.port = BPF_CORE_READ(sk, __sk_common.skc_num);
	lk.family = BPF_CORE_READ(sk, __sk_common.skc_family);
	if (newstate == TCP_LISTEN) {
		/* listen() runs in the listening task's process context. */
		owner.pid = bpf_get_current_pid_tgid() >> 32;
		owner.netns = lk.netns;
		bpf_get_current_comm(owner.comm, sizeof(owner.comm));
		bpf_map_update_elem(&nj_listeners, &lk, &owner, BPF_ANY);
	} else {
		bpf_map_delete_elem(&nj_listeners, &lk);
	}
}

/* Sends the final record through the ring buffer and forgets the flow. When
 * the ring is full the entry stays, marked closed, and the next flush sends
 * and deletes it: a close is delayed then, never lost. */
static __always_inline void nj_tcp_close(__u64 cookie, struct nj_flow *f)
{
	struct nj_flow *rec;

	f->closed = NJ_RECORD_CLOSE;
	rec = bpf_ringbuf_reserve(&nj_flow_closes, sizeof(*rec), 0);
	if (!rec) {
		nj_count(NJ_COUNTER_RINGBUF_FULL);
		return;
	}
	__builtin_memcpy(rec, f, sizeof(*rec));
	/* No wakeup: user space drains on a timer, nobody sleeps on the ring. */
	bpf_ringbuf_submit(rec, BPF_RB_NO_WAKEUP);
	bpf_map_delete_elem(&nj_tcp_flows, &cookie);
}

static __always_inline bool nj_is_inet_tcp(const struct sock *sk)
{
	__u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);

	return (family == NJ_AF_INET || family == NJ_AF_INET6)
		&& BPF_CORE_READ(sk, sk_protocol) == NJ_IPPROTO_TCP;
}

/*
 * sock:inet_sock_set_state. Where `current` is the right task:
 *  - CLOSE -> SYN_SENT runs inside connect(): current owns the socket.
 *  - the child of an accept is created as SYN_RECV in softirq when the
 *    handshake's last ACK arrives: current is unrelated, so the owner is the
 *    task that called listen() until a task sends or receives on it.
 *  - * -> LISTEN runs inside listen(): remembered for those children.
 * Everything else here may run in softirq and never reads current.
 */
SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(nj_tcp_state, const struct sock *sk, const int oldstate, const int newstate)
{
	struct nj_flow *f;
	__u64 cookie;

	if (!nj_is_inet_tcp(sk))
		return 0;
	if (newstate == TCP_LISTEN || oldstate == TCP_LISTEN) {
		if (newstate == TCP_LISTEN || newstate == TCP_CLOSE)
			nj_tcp_listen(sk, oldstate, newstate);
		if (newstate == TCP_LISTEN)
			return 0;
	}

	cookie = bpf_get_socket_cookie((void *)sk);
	f = bpf_map_lookup_elem(&nj_tcp_flows, &cookie);
	if (!f) {
		if (newstate == TCP_SYN_SENT) {
			f = nj_tcp_create(cookie, sk, NJ_DIR_OUTBOUND, bpf_get_current_pid_tgid() >> 32);
			if (f)
				nj_set_owner_current(f, NJ_OWNER_CONNECT);
		} else if (newstate == TCP_SYN_RECV) {
			struct nj_listener_key lk = {};
			struct nj_owner *owner;
			__u32 pid = 0;

			lk.netns = nj_sock_netns(sk);
			lk.port = BPF_CORE_READ(sk, __sk_common.skc_num);
			lk.family = BPF_CORE_READ(sk, __sk_common.skc_family);
			owner = bpf_map_lookup_elem(&nj_listeners, &lk);
			if (owner)
				pid = owner->pid;
			f = nj_tcp_create(cookie, sk, NJ_DIR_INBOUND, pid);
			if (f)
				nj_owner_from_listener(f, sk);
		} else if (newstate != TCP_CLOSE) {
			/* A connection older than the sensor. Only a pid filter
			 * could exclude it, and the owner is unknown here. */
			f = nj_tcp_create(cookie, sk, NJ_DIR_UNKNOWN, 0);
		}
		if (!f)
			return 0;
	}

	nj_refresh_tuple(f, sk);
	nj_snapshot_tcp(f, sk);
	f->state = (__u8)newstate;
	f->last_ns = bpf_ktime_get_ns();
	if (newstate == TCP_CLOSE)
		nj_tcp_close(cookie, f);
	return 0;
}

/* ------------------------------------------------------------------ send/recv */

static __always_inline void nj_udp_owner(const struct sock *sk)
{
	__u64 cookie = bpf_get_socket_cookie((void *)sk);
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	struct nj_owner *known = bpf_map_lookup_elem(&nj_udp_owners, &cookie);
	struct nj_owner owner = {};

	if (known && known->pid == pid)
		return;
	owner.pid = pid;
	owner.netns = nj_sock_netns(sk);
	bpf_get_current_comm(owner.comm, sizeof(owner.comm));
	bpf_map_update_elem(&nj_udp_owners, &cookie, &owner, BPF_ANY);
}

/* Runs after every sendmsg/recvmsg on any socket, in the caller's process
 * context: the caller is the socket's user. */
static __always_inline void nj_socket_io(const struct sock *sk)
{
	__u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);
	__u16 protocol;
	struct nj_flow *f;
	__u64 cookie;

	if (family != NJ_AF_INET && family != NJ_AF_INET6)
		return;
	protocol = BPF_CORE_READ(sk, sk_protocol);
	if (protocol == NJ_IPPROTO_UDP) {
		nj_udp_owner(sk);
		return;
	}
	if (protocol != NJ_IPPROTO_TCP || !nj_sock_is_full(sk))
		return;

	cookie = bpf_get_socket_cookie((void *)sk);
	f = bpf_map_lookup_elem(&nj_tcp_flows, &cookie);
	if (!f) {
		__u8 state = BPF_CORE_READ(sk, __sk_common.skc_state);

		if (state == TCP_CLOSE || state == TCP_LISTEN)
			return;
		f = nj_tcp_create(cookie, sk, NJ_DIR_UNKNOWN, bpf_get_current_pid_tgid() >> 32);
		if (!f)
			return;
	}
	if (f->owner_source != NJ_OWNER_CONNECT && f->owner_source != NJ_OWNER_IO)
		nj_set_owner_current(f, NJ_OWNER_IO);
	nj_refresh_tuple(f, sk);
	nj_snapshot_tcp(f, sk);
	f->last_ns = bpf_ktime_get_ns();
}

SEC("tp_btf/sock_send_length")
int BPF_PROG(nj_send_length, struct sock *sk, int ret, int flags)
{
	nj_socket_io(sk);
	return 0;
}

SEC("tp_btf/sock_recv_length")
int BPF_PROG(nj_recv_length, struct sock *sk, int ret, int flags)
{
	if (flags & NJ_MSG_PEEK)
		return 0;
	nj_socket_io(sk);
	return 0;
}

/* ------------------------------------------------------------------ TCP events */

SEC("tp_btf/tcp_retransmit_skb")
int BPF_PROG(nj_tcp_retransmit, const struct sock *sk)
{
	__u64 cookie;
	struct nj_flow *f;

	if (!sk || !nj_sock_is_full(sk))
		return 0;
	cookie = bpf_get_socket_cookie((void *)sk);
	f = bpf_map_lookup_elem(&nj_tcp_flows, &cookie);
	if (!f)
		return 0;
	nj_refresh_tuple(f, sk);
	nj_snapshot_tcp(f, sk);
	f->last_ns = bpf_ktime_get_ns();
	return 0;
}

/*
 * sk is NULL for a reset answering a packet that matched no socket (that
 * packet shows up as a NO_SOCKET drop instead), and may be a time-wait or
 * request socket: only sock_common is read.
 *
 * close() with unread data and SO_LINGER 0 set the state to CLOSE first and
 * send the reset after it, when the flow's close record is already in the
 * ring. That reset goes out as a second record (closed == NJ_RECORD_LATE_RESET)
 * that user space folds into the close record before publishing it.
 */
SEC("tp_btf/tcp_send_reset")
int BPF_PROG(nj_tcp_send_reset, const struct sock *sk)
{
	__u64 cookie;
	struct nj_flow *f;
	struct nj_flow *rec;

	if (!sk)
		return 0;
	cookie = bpf_get_socket_cookie((void *)sk);
	f = bpf_map_lookup_elem(&nj_tcp_flows, &cookie);
	if (f) {
		__sync_fetch_and_add(&f->resets_out, 1);
		f->last_ns = bpf_ktime_get_ns();
		return 0;
	}
	if (BPF_CORE_READ(sk, __sk_common.skc_state) != TCP_CLOSE)
		return 0;
	rec = bpf_ringbuf_reserve(&nj_flow_closes, sizeof(*rec), 0);
	if (!rec) {
		nj_count(NJ_COUNTER_RINGBUF_FULL);
		return 0;
	}
	__builtin_memset(rec, 0, sizeof(*rec));
	rec->flow_id = cookie;
	rec->resets_out = 1;
	rec->closed = NJ_RECORD_LATE_RESET;
	bpf_ringbuf_submit(rec, BPF_RB_NO_WAKEUP);
	return 0;
}

SEC("tp_btf/tcp_receive_reset")
int BPF_PROG(nj_tcp_receive_reset, struct sock *sk)
{
	__u64 cookie;
	struct nj_flow *f;

	if (!sk)
		return 0;
	cookie = bpf_get_socket_cookie(sk);
	f = bpf_map_lookup_elem(&nj_tcp_flows, &cookie);
	if (!f)
		return 0;
	__sync_fetch_and_add(&f->resets_in, 1);
	nj_refresh_tuple(f, sk);
	f->last_ns = bpf_ktime_get_ns();
	return 0;
}

/* ------------------------------------------------------------------ UDP */

/*
 * Both cgroup_skb hooks see the packet from its IP header on. Egress runs
 * for the sending socket, ingress for the receiving one (skb->sk is set
 * while the hook runs). Always lets the packet through.
 */
static __always_inline void nj_udp_account(struct __sk_buff *skb, bool egress)
{
	const struct nj_filter_config *cfg;
	struct nj_udp_key key = {};
	struct nj_flow *f;
	struct nj_tuple local = {};
	__u8 remote[16] = {};
	__u16 rport, ulen;
	__be16 ports[2];
	__be16 udp_len;
	__u32 l4_offset;
	__u64 now;

	if (skb->protocol == bpf_htons(NJ_ETH_P_IP)) {
		struct iphdr ip;

		if (bpf_skb_load_bytes(skb, 0, &ip, sizeof(ip)))
			return;
		if (ip.protocol != NJ_IPPROTO_UDP || (ip.frag_off & bpf_htons(0x1fff)))
			return;
		local.family = NJ_AF_INET;
		__builtin_memcpy(local.saddr, egress ? (void *)&ip.saddr : (void *)&ip.daddr, 4);
		__builtin_memcpy(remote, egress ? (void *)&ip.daddr : (void *)&ip.saddr, 4);
		l4_offset = ip.ihl * 4;
	} else if (skb->protocol == bpf_htons(NJ_ETH_P_IPV6)) {
		struct ipv6hdr ip6;

		if (bpf_skb_load_bytes(skb, 0, &ip6, sizeof(ip6)))
			return;
		if (ip6.nexthdr != NJ_IPPROTO_UDP)
			return;
		local.family = NJ_AF_INET6;
		__builtin_memcpy(local.saddr, egress ? (void *)&ip6.saddr : (void *)&ip6.daddr, 16);
		__builtin_memcpy(remote, egress ? (void *)&ip6.daddr : (void *)&ip6.saddr, 16);
		l4_offset = sizeof(struct ipv6hdr);
	} else {
		return;
	}
	if (bpf_skb_load_bytes(skb, l4_offset, ports, sizeof(ports))
	    || bpf_skb_load_bytes(skb, l4_offset + 4, &udp_len, sizeof(udp_len))) {
		nj_count(NJ_COUNTER_PARSE_FAILED);
		return;
	}
	local.sport = bpf_ntohs(egress ? ports[0] : ports[1]);
	rport = bpf_ntohs(egress ? ports[1] : ports[0]);
	ulen = bpf_ntohs(udp_len);

	key.cookie = bpf_get_socket_cookie(skb);
	if (!key.cookie)
		return;
	__builtin_memcpy(key.raddr, remote, sizeof(key.raddr));
	key.rport = rport;
	now = bpf_ktime_get_ns();

	f = bpf_map_lookup_elem(&nj_udp_flows, &key);
	if (!f) {
		struct nj_flow fresh = {};
		struct nj_owner *owner;
		long err;

		cfg = nj_filter();
		owner = bpf_map_lookup_elem(&nj_udp_owners, &key.cookie);
		if (!nj_pass_ports(cfg, local.sport, rport)
		    || !nj_pass_cgroup(cfg, bpf_skb_cgroup_id(skb))
		    || !nj_pass_pid(cfg, owner ? owner->pid : 0))
			return;
		fresh.tuple = local;
		__builtin_memcpy(fresh.tuple.daddr, remote, sizeof(remote));
		fresh.tuple.dport = rport;
		fresh.tuple.protocol = NJ_IPPROTO_UDP;
		fresh.flow_id = NJ_UDP_FLOW_ID_BIT | __sync_fetch_and_add(&nj_udp_next_id, 1);
		fresh.first_ns = now;
		fresh.last_ns = now;
		fresh.cgroup_id = bpf_skb_cgroup_id(skb);
		fresh.direction = egress ? NJ_DIR_OUTBOUND : NJ_DIR_INBOUND;
		err = bpf_map_update_elem(&nj_udp_flows, &key, &fresh, BPF_NOEXIST);
		if (err && err != -17 /* EEXIST */) {
			nj_count(NJ_COUNTER_MAP_FULL);
			return;
		}
		f = bpf_map_lookup_elem(&nj_udp_flows, &key);
		if (!f)
			return;
	}
	if (ulen >= 8)
		ulen -= 8;
	if (egress) {
		__sync_fetch_and_add(&f->bytes_out, ulen);
		__sync_fetch_and_add(&f->segs_out, 1);
	} else {
		__sync_fetch_and_add(&f->bytes_in, ulen);
		__sync_fetch_and_add(&f->segs_in, 1);
	}
	f->last_ns = now;
}

SEC("cgroup_skb/egress")
int nj_udp_egress(struct __sk_buff *skb)
{
	nj_udp_account(skb, true);
	return 1;
}

SEC("cgroup_skb/ingress")
int nj_udp_ingress(struct __sk_buff *skb)
{
	nj_udp_account(skb, false);
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
