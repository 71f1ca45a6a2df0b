// SPDX-License-Identifier: GPL-2.0
/*
 * TCP and UDP flows, oriented client -> server, one record per connection
 * even when both of its sockets are on this node. bpf/README.md has the
 * evidence behind each choice and the measured cost; in short:
 *
 * TCP. A connection is one entry of nj_tcp_conns, keyed by its tuple as
 * client -> server: the client's socket writes it when established (or when
 * its SYN goes unanswered), and the accepted socket of a client on this node
 * finds it there, adds its own side and keeps no state of its own; a server
 * whose client is elsewhere writes the entry itself. Per-socket state lives in
 * socket-local storage (nj_socks, shared with drop_reasons.bpf.c), so it dies
 * with the socket. The state-change tracepoint works on SYN_SENT (connect:
 * role client, owner current), SYN_RECV (the accepted child: role server,
 * owner the listener), ESTABLISHED and CLOSE only; a socket older than the
 * sensor is adopted at its first send or receive, its role decided by the
 * listening ports known on the node. Entries are refreshed from struct
 * tcp_sock on every send and receive of their owner, and user space reads
 * them once per flush.
 *
 * At close, a connection user space may have seen open (it began before the
 * last flush's cutoff) sends one close record through the ring buffer; every
 * other one began and ended between two flushes and is folded into an
 * aggregate by (client, server ip:port, verdict, client pid) with counts,
 * which user space empties once per flush (two maps, flipped per flush).
 *
 * UDP. cgroup_skb programs on the cgroup v2 root see every datagram on the
 * node with its socket. Both sockets of a local exchange land in the same
 * entry of nj_udp_flows (the key sorts the two endpoints), which keeps the
 * side that sent first and per-side counters; user space orients it.
 *
 * Only tracepoints (tp_btf) and cgroup programs are used: fentry/fexit and
 * iterators fail to load on the test kernel (EPERM) and kprobes are off.
 * Nothing here reads pt_regs: the object is the same on every architecture.
 */
#include "nightjar_net.h"
#include <bpf/bpf_tracing.h>

#define NJ_CONN_MAX_ENTRIES 65536
#define NJ_AGGR_MAX_ENTRIES 16384
#define NJ_UDP_MAX_ENTRIES 65536
#define NJ_LISTENER_MAX_ENTRIES 4096
#define NJ_RINGBUF_BYTES (1024 * 1024)
#define NJ_UDP_FLOW_ID_BIT (1ULL << 63)
#define NJ_MSG_PEEK 2
#define NJ_EEXIST 17
#define NJ_SOCK_BINDPORT_LOCK 8
/* errno values the kernel leaves in sk_err (asm-generic/errno.h: the same on x86_64 and arm64) */
#define NJ_EPIPE 32
#define NJ_ENETUNREACH 101
#define NJ_ECONNRESET 104
#define NJ_ETIMEDOUT 110
#define NJ_ECONNREFUSED 111
#define NJ_EHOSTDOWN 112
#define NJ_EHOSTUNREACH 113

/* A socket's side of its connection. Keep in step with the wire's FlowRole. */
enum nj_role {
	NJ_ROLE_UNKNOWN = 0,
	NJ_ROLE_CLIENT = 1,   /* connected */
	NJ_ROLE_SERVER = 2,   /* accepted */
	NJ_ROLE_BOTH = 3,     /* a record covering both sockets, both on this node */
};

/* How the role was decided. Keep in step with the wire's FlowRoleSource. */
enum nj_role_source {
	NJ_ROLE_SOURCE_NONE = 0,
	NJ_ROLE_SOURCE_SOCKET = 1,          /* connect() or the accept was seen */
	NJ_ROLE_SOURCE_LISTENING_PORT = 2,  /* older than the sensor: its local port is (not) a listener's */
};

/* Keep in step with the wire's FlowVerdict. */
enum nj_verdict {
	NJ_VERDICT_NONE = 0,
	NJ_VERDICT_CONNECTING = 1,   /* SYN sent, no answer yet */
	NJ_VERDICT_ESTABLISHED = 2,
	NJ_VERDICT_CLOSED = 3,       /* ended by FINs */
	NJ_VERDICT_REFUSED = 4,      /* a reset answered the SYN */
	NJ_VERDICT_TIMED_OUT = 5,    /* no answer to the SYN (or, established, to retransmissions) */
	NJ_VERDICT_RESET = 6,        /* ended by a reset, sent or received */
	NJ_VERDICT_UNREACHABLE = 7,  /* an ICMP error answered the SYN */
};

#define NJ_SOCK_ESTABLISHED 1    /* the handshake completed (or the socket is older than the sensor) */
#define NJ_SOCK_LISTED 2         /* wrote the connection's entry in nj_tcp_conns (or joined it as client) */
#define NJ_SOCK_MERGED 4         /* the server of a local connection: its client reports */
#define NJ_SOCK_RST_PREDICTED 8  /* an abortive close counted the reset that follows it */
#define NJ_SOCK_RING_CLOSE 16    /* the close went through the ring: a late reset follows it there */
#define NJ_SOCK_BOUND 32         /* the program bound the local port itself (bind() with a port) */
#define NJ_SOCK_CLOSED 64        /* the connection's close was handled */

/* nj_flow.present: which sockets of the connection are on this node */
#define NJ_PRESENT_CLIENT 1
#define NJ_PRESENT_SERVER 2

/* nj_flow.record */
#define NJ_RECORD_OPEN 0
#define NJ_RECORD_CLOSE 1
#define NJ_RECORD_LATE_RESET 2

/* Indexes into nj_flow_counters. Keep in step with FlowCounter.java. */
enum nj_flow_counter {
	NJ_FLOW_STORAGE_FAILED = 0,  /* socket storage could not be allocated: that socket is not tracked */
	NJ_FLOW_LATE_RESET_LOST = 1, /* a reset after an aggregated close: in no record */
	NJ_FLOW_CLOSE_LOST = 2,      /* ring full and no room to wait in nj_tcp_conns: a connection in no record */
	NJ_FLOW_AGGR_OVERFLOW = 3,   /* aggregate full: the close went through the ring instead */
	NJ_FLOW_CONNS_FULL = 4,      /* nj_tcp_conns could not take a connection: seen only at its close */
	NJ_FLOW_COUNTER_MAX = 8,
};

/*
 * One flow, oriented client -> server: the value of nj_tcp_conns and of the
 * aggregates, and the ring's record. Keep in step with FlowRecord.java.
 */
struct nj_flow {
	struct nj_tuple tuple;       /* client -> server */
	__u64 flow_id;
	__u64 first_ns;              /* bpf_ktime_get_ns(): CLOCK_MONOTONIC */
	__u64 last_ns;               /* last packet sent or received (tcp_mstamp), or the close */
	__u64 updated_ns;            /* when this record was last written */
	__u64 bytes_sent;            /* client -> server */
	__u64 bytes_received;        /* server -> client */
	__u64 segs_sent;
	__u64 segs_received;
	__u64 cgroup_id;             /* the reporting socket's: the client's unless role is SERVER */
	__u64 server_cgroup_id;      /* role BOTH */
	__u64 connections;           /* aggregates: connections folded in; else 1 */
	struct nj_owner owner;       /* the reporting socket's owner */
	struct nj_owner server;      /* role BOTH: the server socket's owner */
	__u32 netns;
	__u32 server_netns;          /* role BOTH */
	__u32 retransmits;           /* the reporting socket's */
	__u32 resets_sent;           /* by the client */
	__u32 resets_received;       /* by the client */
	__u32 error;                 /* the socket's errno when it closed (sk_err) */
	__u8 state;                  /* TCP state of the reporting socket */
	__u8 role;                   /* enum nj_role */
	__u8 role_source;            /* enum nj_role_source */
	__u8 verdict;                /* enum nj_verdict */
	__u8 record;                 /* NJ_RECORD_* */
	__u8 ports_differ;           /* aggregates: the client used more than one port */
	__u8 servers_differ;         /* aggregates: more than one server process answered */
	__u8 present;                /* NJ_PRESENT_*: sockets of this connection on this node */
};

/* A connection, client -> server. */
struct nj_conn_key {
	struct nj_tuple tuple;
	__u32 netns;        /* loopback tuples only: the same tuple can exist in two namespaces */
	__u32 reserved;
};

/* What closed connections are folded by. */
struct nj_aggr_key {
	__u8 caddr[16];
	__u8 saddr[16];
	__u16 sport;        /* the server's port */
	__u8 family;
	__u8 verdict;
	__u8 role;
	__u8 reserved[3];
	__u32 netns;        /* the reporting socket's */
	__u32 pid;          /* the reporting socket's owner */
};

struct nj_listener_key {
	__u32 netns;
	__u16 port;
	__u16 family;
};

/* Written by user space at each flush. Keep in step with FlowCollector.java. */
struct nj_flow_control {
	__u64 cutoff_ns;    /* connections that began before this may be listed as open in user space */
	__u32 aggr_slot;    /* which aggregate map closes are folded into: 0 or 1 */
	__u32 reserved;
};

struct nj_scratch {
	struct nj_conn_key conn;
	struct nj_aggr_key aggr;
	struct nj_flow flow;
};

/* Open connections. A plain hash, preallocated: an insert takes an element from a
 * per-CPU free list; in a profile of connection churn an LRU hash's update and list
 * work was a fifth of nj_tcp_state's time. Every TCP socket passes CLOSE, where its
 * entry goes; when the map is full a connection is still reported at its close, and
 * counted (NJ_FLOW_CONNS_FULL). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, NJ_CONN_MAX_ENTRIES);
	__type(key, struct nj_conn_key);
	__type(value, struct nj_flow);
} nj_tcp_conns SEC(".maps");

#define NJ_AGGR_MAP(name)                                  \
	struct {                                           \
		__uint(type, BPF_MAP_TYPE_HASH);           \
		__uint(max_entries, NJ_AGGR_MAX_ENTRIES);  \
		__type(key, struct nj_aggr_key);           \
		__type(value, struct nj_flow);             \
	} name SEC(".maps")

NJ_AGGR_MAP(nj_tcp_aggr0);
NJ_AGGR_MAP(nj_tcp_aggr1);

/* The task that called listen(), per (netns, port, family): the owner of
 * accepted sockets until one of them does I/O, and the evidence for the role
 * of sockets older than the sensor. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, NJ_LISTENER_MAX_ENTRIES);
	__type(key, struct nj_listener_key);
	__type(value, struct nj_owner);
} nj_listeners SEC(".maps");

/* Closes of connections user space may have listed as open. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, NJ_RINGBUF_BYTES);
} nj_flow_closes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct nj_flow_control);
} nj_flow_ctl SEC(".maps");

/* Per-CPU room for records too big for the 512-byte stack. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct nj_scratch);
} nj_flow_scratch SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, NJ_FLOW_COUNTER_MAX);
	__type(key, __u32);
	__type(value, __u64);
} nj_flow_counters SEC(".maps");

__u64 nj_udp_next = 0;

static __always_inline void nj_flow_count(__u32 counter)
{
	__u64 *value = bpf_map_lookup_elem(&nj_flow_counters, &counter);

	if (value)
		__sync_fetch_and_add(value, 1);
}

static __always_inline struct nj_scratch *nj_scratch(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&nj_flow_scratch, &zero);
}

static __always_inline struct nj_flow_control *nj_control(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&nj_flow_ctl, &zero);
}

/* ------------------------------------------------------------------ helpers */

static __always_inline void nj_owner_current(struct nj_owner *o, __u8 source)
{
	o->pid = bpf_get_current_pid_tgid() >> 32;
	o->source = source;
	bpf_get_current_comm(o->comm, sizeof(o->comm));
}

static __always_inline bool nj_is_inet(const struct sock *sk)
{
	__u16 family = sk->__sk_common.skc_family;

	return family == NJ_AF_INET || family == NJ_AF_INET6;
}

static __always_inline __u8 nj_sock_protocol(const struct sock *sk)
{
	return (__u8)BPF_CORE_READ_BITFIELD(sk, sk_protocol);
}

static __always_inline bool nj_sock_bound(const struct sock *sk)
{
	return BPF_CORE_READ_BITFIELD(sk, sk_userlocks) & NJ_SOCK_BINDPORT_LOCK;
}

/* The socket's connection as client -> server: a server's tuple turned around. */
static __always_inline void nj_oriented_tuple(struct nj_tuple *t, const struct sock *sk, bool server)
{
	struct nj_tuple local = {};

	nj_tuple_from_sock(&local, sk);
	if (server) {
		__builtin_memcpy(t->saddr, local.daddr, sizeof(t->saddr));
		__builtin_memcpy(t->daddr, local.saddr, sizeof(t->daddr));
		t->sport = local.dport;
		t->dport = local.sport;
	} else {
		__builtin_memcpy(t->saddr, local.saddr, sizeof(t->saddr));
		__builtin_memcpy(t->daddr, local.daddr, sizeof(t->daddr));
		t->sport = local.sport;
		t->dport = local.dport;
	}
	t->family = local.family;
	t->protocol = NJ_IPPROTO_TCP;
	t->reserved[0] = 0;
	t->reserved[1] = 0;
}

/* The key of the socket's connection. */
static __always_inline void nj_conn_key_of(struct nj_conn_key *k, const struct sock *sk, bool server)
{
	nj_oriented_tuple(&k->tuple, sk, server);
	k->netns = nj_is_loopback(k->tuple.daddr, k->tuple.family) ? nj_sock_netns(sk) : 0;
	k->reserved = 0;
}

static __always_inline struct nj_sock *nj_storage(const struct sock *sk, bool create)
{
	struct nj_sock *s = bpf_sk_storage_get(&nj_socks, (void *)sk, 0, create ? BPF_SK_STORAGE_GET_F_CREATE : 0);

	if (!s && create)
		nj_flow_count(NJ_FLOW_STORAGE_FAILED);
	return s;
}

/* Starts tracking one connection of a socket (a socket may connect again after a
 * failure: each attempt is its own flow). Ids are the socket's cookie, unique for
 * the boot, with the attempt in the top bits; bit 63 is left for UDP. */
static __always_inline void nj_sock_begin(struct nj_sock *s, const struct sock *sk, __u8 role, __u8 source)
{
	__u16 generation = s->protocol ? s->generation + 1 : 0;

	s->flow_id = (bpf_get_socket_cookie((void *)sk) & ~(0xffULL << 56)) | ((__u64)(generation & 0x7f) << 56);
	s->first_ns = bpf_ktime_get_ns();
	s->resets_out = 0;
	s->resets_in = 0;
	s->netns = nj_sock_netns(sk);
	s->flags = nj_sock_bound(sk) ? NJ_SOCK_BOUND : 0;
	s->generation = generation;
	s->protocol = NJ_IPPROTO_TCP;
	s->role = role;
	s->role_source = source;
}

/* ------------------------------------------------------------------ what a flow says */

static __always_inline __u8 nj_verdict(const struct sock *sk, const struct nj_sock *s, bool closing)
{
	int err = sk->sk_err;

	if (!(s->flags & NJ_SOCK_ESTABLISHED)) {
		if (!closing)
			return NJ_VERDICT_CONNECTING;
		if (s->resets_in || err == NJ_ECONNREFUSED)
			return NJ_VERDICT_REFUSED;
		if (err == NJ_EHOSTUNREACH || err == NJ_ENETUNREACH || err == NJ_EHOSTDOWN)
			return NJ_VERDICT_UNREACHABLE;
		return NJ_VERDICT_TIMED_OUT;
	}
	if (s->resets_in || s->resets_out || err == NJ_ECONNRESET || err == NJ_EPIPE)
		return NJ_VERDICT_RESET;
	if (err == NJ_ETIMEDOUT)
		return NJ_VERDICT_TIMED_OUT;
	return closing ? NJ_VERDICT_CLOSED : NJ_VERDICT_ESTABLISHED;
}

/* The parts of a record that change while the connection lives: the kernel's own
 * counters, read straight from struct tcp_sock, as the reporting socket sees them. */
static __always_inline void nj_refresh_record(struct nj_flow *r, const struct sock *sk, const struct nj_sock *s,
					      bool closing)
{
	struct tcp_sock *tp = bpf_skc_to_tcp_sock((void *)sk);
	bool server = s->role == NJ_ROLE_SERVER;
	__u64 acked, received, segs_out, segs_in;

	if (!tp)
		return;
	acked = tp->bytes_acked;
	received = tp->bytes_received;
	segs_out = tp->segs_out;
	segs_in = tp->segs_in;
	r->bytes_sent = server ? received : acked;
	r->bytes_received = server ? acked : received;
	r->segs_sent = server ? segs_in : segs_out;
	r->segs_received = server ? segs_out : segs_in;
	r->retransmits = tp->total_retrans;
	r->resets_sent = server ? s->resets_in : s->resets_out;
	r->resets_received = server ? s->resets_out : s->resets_in;
	/* tcp_mstamp: microseconds of tcp_clock_ns() (CLOCK_MONOTONIC) at the last packet */
	r->last_ns = closing ? bpf_ktime_get_ns() : tp->tcp_mstamp * 1000;
	if (r->last_ns < r->first_ns)
		r->last_ns = r->first_ns;
	r->updated_ns = bpf_ktime_get_ns();
	/* At CLOSE the tracepoint runs before the new state is stored. */
	r->state = closing ? TCP_CLOSE : sk->__sk_common.skc_state;
	r->verdict = nj_verdict(sk, s, closing);
}

/* The reporting socket's side of a record: everything but the other end's. */
static __always_inline void nj_describe(struct nj_flow *r, const struct sock *sk, const struct nj_sock *s,
					bool closing)
{
	bool server = s->role == NJ_ROLE_SERVER;

	nj_oriented_tuple(&r->tuple, sk, server);
	r->flow_id = s->flow_id;
	r->first_ns = s->first_ns;
	r->cgroup_id = nj_sock_cgroup_id(sk);
	r->connections = 1;
	r->owner = s->owner;
	r->netns = s->netns;
	r->error = sk->sk_err;
	r->role = s->role;
	r->role_source = s->role_source;
	r->record = closing ? NJ_RECORD_CLOSE : NJ_RECORD_OPEN;
	r->present = server ? NJ_PRESENT_SERVER : NJ_PRESENT_CLIENT;
	nj_refresh_record(r, sk, s, closing);
}

/* Adds a server socket on this node to its client's record. */
static __always_inline void nj_add_server(struct nj_flow *r, const struct sock *sk, const struct nj_owner *owner)
{
	r->server = *owner;
	r->server_cgroup_id = nj_sock_cgroup_id(sk);
	r->server_netns = nj_sock_netns(sk);
	r->present |= NJ_PRESENT_SERVER;
	r->role = NJ_ROLE_BOTH;
}

/* The subscription's filter, on every record: ports on either side, and the cgroup and
 * pid of either socket that is on this node. */
static __always_inline bool nj_flow_passes(const struct nj_flow *r)
{
	const struct nj_filter_config *cfg = nj_filter();
	bool both = r->role == NJ_ROLE_BOTH;

	if (!cfg || !(cfg->by_port | cfg->by_cgroup | cfg->by_pid))
		return true;
	return nj_pass_ports(cfg, r->tuple.sport, r->tuple.dport)
		&& (nj_pass_cgroup(cfg, r->cgroup_id) || (both && nj_pass_cgroup(cfg, r->server_cgroup_id)))
		&& (nj_pass_pid(cfg, r->owner.pid) || (both && nj_pass_pid(cfg, r->server.pid)));
}

/* ------------------------------------------------------------------ the connection's entry */

/*
 * Writes the socket's connection into nj_tcp_conns. If the other socket of a connection
 * older than the sensor wrote it first, the two meet there: a client takes over the
 * entry (and its flow id, so the flow user space has goes on), a server adds its side.
 */
static __always_inline void nj_list(const struct sock *sk, struct nj_sock *s)
{
	struct nj_scratch *x = nj_scratch();
	bool server = s->role == NJ_ROLE_SERVER;
	struct nj_flow *f;
	long err;

	if (!x)
		return;
	nj_conn_key_of(&x->conn, sk, server);
	__builtin_memset(&x->flow, 0, sizeof(x->flow));
	nj_describe(&x->flow, sk, s, false);
	err = bpf_map_update_elem(&nj_tcp_conns, &x->conn, &x->flow, BPF_NOEXIST);
	if (!err) {
		s->flags |= NJ_SOCK_LISTED;
		return;
	}
	f = err == -NJ_EEXIST ? bpf_map_lookup_elem(&nj_tcp_conns, &x->conn) : NULL;
	if (!f) {
		nj_flow_count(NJ_FLOW_CONNS_FULL);
		return;
	}
	if (f->record == NJ_RECORD_CLOSE) {
		/* The same tuple again, while the last one's close waits here for a flush. */
		nj_flow_count(NJ_FLOW_CLOSE_LOST);
		if (!bpf_map_update_elem(&nj_tcp_conns, &x->conn, &x->flow, BPF_ANY))
			s->flags |= NJ_SOCK_LISTED;
		return;
	}
	if (server) {
		nj_add_server(f, sk, &s->owner);
		s->flags |= NJ_SOCK_MERGED;
		return;
	}
	s->flow_id = f->flow_id;
	s->first_ns = f->first_ns;
	x->flow.flow_id = f->flow_id;
	x->flow.first_ns = f->first_ns;
	if (f->present & NJ_PRESENT_SERVER) {
		x->flow.server = f->server;
		x->flow.server_cgroup_id = f->server_cgroup_id;
		x->flow.server_netns = f->server_netns;
		x->flow.present |= NJ_PRESENT_SERVER;
		x->flow.role = NJ_ROLE_BOTH;
	}
	bpf_map_update_elem(&nj_tcp_conns, &x->conn, &x->flow, BPF_EXIST);
	s->flags |= NJ_SOCK_LISTED;
}

/* Brings the connection's entry up to date from the socket that reports it; a key and
 * one hash lookup. */
static __always_inline void nj_refresh(const struct sock *sk, struct nj_sock *s)
{
	struct nj_conn_key key = {};
	struct nj_flow *f;

	if (!(s->flags & NJ_SOCK_LISTED) || (s->flags & NJ_SOCK_MERGED))
		return;
	nj_conn_key_of(&key, sk, s->role == NJ_ROLE_SERVER);
	f = bpf_map_lookup_elem(&nj_tcp_conns, &key);
	if (!f)
		return;
	if (s->role == NJ_ROLE_SERVER && (f->present & NJ_PRESENT_CLIENT)) {
		s->flags |= NJ_SOCK_MERGED; /* its client turned up later and reports it now */
		return;
	}
	nj_refresh_record(f, sk, s, false);
}

/* ------------------------------------------------------------------ closing */

/* Adds one closed connection to its aggregate; false when the map had no room. */
static __always_inline bool nj_fold_into(void *aggr, struct nj_scratch *x)
{
	struct nj_flow *r = &x->flow;
	struct nj_flow *a = bpf_map_lookup_elem(aggr, &x->aggr);
	long err;

	if (!a) {
		err = bpf_map_update_elem(aggr, &x->aggr, r, BPF_NOEXIST);
		if (!err)
			return true;
		if (err != -NJ_EEXIST)
			return false;
		a = bpf_map_lookup_elem(aggr, &x->aggr);
		if (!a)
			return false;
	}
	__sync_fetch_and_add(&a->connections, 1);
	__sync_fetch_and_add(&a->bytes_sent, r->bytes_sent);
	__sync_fetch_and_add(&a->bytes_received, r->bytes_received);
	__sync_fetch_and_add(&a->segs_sent, r->segs_sent);
	__sync_fetch_and_add(&a->segs_received, r->segs_received);
	__sync_fetch_and_add(&a->retransmits, r->retransmits);
	__sync_fetch_and_add(&a->resets_sent, r->resets_sent);
	__sync_fetch_and_add(&a->resets_received, r->resets_received);
	if (r->last_ns > a->last_ns)
		a->last_ns = r->last_ns;
	if (r->tuple.sport != a->tuple.sport)
		a->ports_differ = 1;
	if (r->server.pid != a->server.pid)
		a->servers_differ = 1;
	return true;
}

static __always_inline bool nj_fold(struct nj_scratch *x, __u32 slot)
{
	struct nj_aggr_key *k = &x->aggr;
	struct nj_flow *r = &x->flow;

	__builtin_memset(k, 0, sizeof(*k));
	__builtin_memcpy(k->caddr, r->tuple.saddr, sizeof(k->caddr));
	__builtin_memcpy(k->saddr, r->tuple.daddr, sizeof(k->saddr));
	k->sport = r->tuple.dport;
	k->family = r->tuple.family;
	k->verdict = r->verdict;
	k->role = r->role;
	k->netns = r->netns;
	k->pid = r->owner.pid;
	return slot ? nj_fold_into(&nj_tcp_aggr1, x) : nj_fold_into(&nj_tcp_aggr0, x);
}

/* A close for user space as soon as it drains the ring. With the ring full the close
 * waits in nj_tcp_conns instead (record says CLOSE) for the next flush: delayed, not lost. */
static __always_inline void nj_to_ring(struct nj_scratch *x)
{
	struct nj_flow *rec = bpf_ringbuf_reserve(&nj_flow_closes, sizeof(*rec), 0);

	if (!rec) {
		nj_count(NJ_COUNTER_RINGBUF_FULL);
		if (bpf_map_update_elem(&nj_tcp_conns, &x->conn, &x->flow, BPF_ANY))
			nj_flow_count(NJ_FLOW_CLOSE_LOST);
		return;
	}
	__builtin_memcpy(rec, &x->flow, sizeof(*rec));
	/* No wakeup: user space drains on its flush timer, nobody sleeps on the ring. */
	bpf_ringbuf_submit(rec, BPF_RB_NO_WAKEUP);
}

/*
 * The connection of this socket ended. Its entry goes first, then the cutoff is read
 * with a full barrier: user space writes the cutoff before it reads the entries, so
 * either it sees this entry gone, or this close sees its cutoff, and a connection is
 * never both listed open and folded into an aggregate.
 *
 * An abortive close (close() with unread data, SO_LINGER 0) moves ESTABLISHED or
 * CLOSE_WAIT straight to CLOSE and sends its reset right after: it is counted here.
 */
static __always_inline void nj_tcp_close(const struct sock *sk, struct nj_sock *s, int oldstate)
{
	struct nj_flow_control *ctl = nj_control();
	bool server = s->role == NJ_ROLE_SERVER;
	struct nj_scratch *x;
	struct nj_flow *f = NULL;
	__u64 cutoff = 0;
	__u32 slot = 0;
	bool listed = s->flags & NJ_SOCK_LISTED;

	if (s->flags & NJ_SOCK_CLOSED)
		return; /* a second CLOSE of the same connection */
	s->flags |= NJ_SOCK_CLOSED;
	if ((oldstate == TCP_ESTABLISHED || oldstate == TCP_CLOSE_WAIT) && !s->resets_in && sk->sk_err == 0) {
		s->resets_out++;
		s->flags |= NJ_SOCK_RST_PREDICTED;
	}
	if (s->flags & NJ_SOCK_MERGED)
		return; /* the client reports this connection */
	x = nj_scratch();
	if (!x)
		return;
	nj_conn_key_of(&x->conn, sk, server);
	__builtin_memset(&x->flow, 0, sizeof(x->flow));
	if (listed)
		f = bpf_map_lookup_elem(&nj_tcp_conns, &x->conn);
	if (f && server && (f->present & NJ_PRESENT_CLIENT))
		return; /* its client turned up after it: the client reports */
	nj_describe(&x->flow, sk, s, true);
	if (f && (f->present & NJ_PRESENT_SERVER) && !server) {
		x->flow.server = f->server;
		x->flow.server_cgroup_id = f->server_cgroup_id;
		x->flow.server_netns = f->server_netns;
		x->flow.role = NJ_ROLE_BOTH;
		x->flow.present |= NJ_PRESENT_SERVER;
	}
	if (f)
		bpf_map_delete_elem(&nj_tcp_conns, &x->conn);
	if (ctl) {
		cutoff = __sync_fetch_and_add(&ctl->cutoff_ns, 0);
		slot = ctl->aggr_slot;
	}
	if (!nj_flow_passes(&x->flow))
		return;
	if (!listed || s->first_ns >= cutoff) {
		if (nj_fold(x, slot))
			return;
		nj_flow_count(NJ_FLOW_AGGR_OVERFLOW);
	}
	s->flags |= NJ_SOCK_RING_CLOSE;
	nj_to_ring(x);
}

/* ------------------------------------------------------------------ TCP state changes */

/* The role of a socket first seen established, older than the sensor: an accepted socket
 * has the local port of a listener in its namespace (listen() calls the sensor saw, and
 * the listeners user space found in /proc when it started); a connected one has not.
 * The bind lock says nothing here: accepted sockets do not inherit their listener's. */
static __always_inline void nj_infer_role(struct nj_sock *s, const struct sock *sk)
{
	struct nj_listener_key lk = {};

	lk.netns = s->netns;
	lk.port = sk->__sk_common.skc_num;
	lk.family = sk->__sk_common.skc_family;
	s->role = bpf_map_lookup_elem(&nj_listeners, &lk) ? NJ_ROLE_SERVER : NJ_ROLE_CLIENT;
	s->role_source = NJ_ROLE_SOURCE_LISTENING_PORT;
}

/* A socket seen for the first time while established: older than the sensor, or the
 * accepted socket of a client on this node, which keeps no state until it does I/O. */
static __always_inline struct nj_sock *nj_adopt(const struct sock *sk)
{
	struct nj_sock *s = nj_storage(sk, true);
	struct nj_conn_key key = {};
	struct nj_flow *f;

	if (!s || s->protocol)
		return s;
	nj_sock_begin(s, sk, NJ_ROLE_UNKNOWN, NJ_ROLE_SOURCE_NONE);
	s->flags |= NJ_SOCK_ESTABLISHED;
	/* The accepted socket of a client on this node finds its client's entry. */
	nj_conn_key_of(&key, sk, true);
	f = bpf_map_lookup_elem(&nj_tcp_conns, &key);
	if (f && (f->present & NJ_PRESENT_CLIENT) && f->record == NJ_RECORD_OPEN) {
		s->role = NJ_ROLE_SERVER;
		s->role_source = NJ_ROLE_SOURCE_SOCKET;
		s->flags |= NJ_SOCK_MERGED;
		nj_add_server(f, sk, &s->owner); /* the owner follows with this I/O */
		return s;
	}
	nj_infer_role(s, sk);
	nj_list(sk, s);
	return s;
}

static __always_inline void nj_tcp_listen(const struct sock *sk, int newstate)
{
	struct nj_listener_key lk = {};
	struct nj_owner owner = {};
	__u32 *listeners;
	__u32 port;

	lk.netns = nj_sock_netns(sk);
	lk.port = sk->__sk_common.skc_num;
	lk.family = sk->__sk_common.skc_family;
	port = lk.port;
	listeners = bpf_map_lookup_elem(&nj_listen_ports, &port);
	if (newstate == TCP_LISTEN) {
		/* listen() runs in the listening task's process context. */
		nj_owner_current(&owner, NJ_OWNER_LISTENER);
		bpf_map_update_elem(&nj_listeners, &lk, &owner, BPF_ANY);
		if (listeners)
			__sync_fetch_and_add(listeners, 1);
	} else {
		bpf_map_delete_elem(&nj_listeners, &lk);
		if (listeners && *listeners) /* never below 0: it may have started listening before us */
			__sync_fetch_and_add(listeners, -1);
	}
}

/* connect(): the caller owns the socket. The connection is listed once established, or
 * when its SYN is sent again: a connect answered within a flush costs no entry while it
 * waits, and once listed the kernel has chosen its port. */
static __always_inline void nj_tcp_connect(const struct sock *sk)
{
	struct nj_sock *s = nj_storage(sk, true);

	if (!s)
		return;
	nj_sock_begin(s, sk, NJ_ROLE_CLIENT, NJ_ROLE_SOURCE_SOCKET);
	nj_owner_current(&s->owner, NJ_OWNER_CONNECT);
}

/*
 * The child of an accept, created in softirq from the client's last ACK: `current` is
 * unrelated, so the owner is the task that called listen() until one does I/O. A client
 * on this node has listed the connection already (it was established first): the server
 * adds its side there and keeps no state of its own. Otherwise it lists the connection.
 */
static __always_inline void nj_tcp_accepted(const struct sock *sk)
{
	struct nj_listener_key lk = {};
	struct nj_conn_key key = {};
	struct nj_owner *listener;
	struct nj_owner unknown = {};
	struct nj_flow *f;
	struct nj_sock *s;

	lk.netns = nj_sock_netns(sk);
	lk.port = sk->__sk_common.skc_num;
	lk.family = sk->__sk_common.skc_family;
	listener = bpf_map_lookup_elem(&nj_listeners, &lk);
	nj_conn_key_of(&key, sk, true);
	f = bpf_map_lookup_elem(&nj_tcp_conns, &key);
	if (f && (f->present & NJ_PRESENT_CLIENT)) {
		nj_add_server(f, sk, listener ? listener : &unknown);
		return;
	}
	s = nj_storage(sk, true);
	if (!s)
		return;
	nj_sock_begin(s, sk, NJ_ROLE_SERVER, NJ_ROLE_SOURCE_SOCKET);
	s->flags |= NJ_SOCK_ESTABLISHED;
	if (listener)
		s->owner = *listener;
	else
		__builtin_memset(&s->owner, 0, sizeof(s->owner));
	nj_list(sk, s);
}

/*
 * sock:inet_sock_set_state. Only the transitions that change what a flow says do
 * work: LISTEN and its end, SYN_SENT (connect, in the caller's context), SYN_RECV (an
 * accepted child), ESTABLISHED and CLOSE. The others (FIN_WAIT*, CLOSE_WAIT,
 * LAST_ACK, CLOSING) return after two loads.
 */
SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(nj_tcp_state, const struct sock *sk, const int oldstate, const int newstate)
{
	struct nj_sock *s;

	if (newstate != TCP_SYN_SENT && newstate != TCP_SYN_RECV && newstate != TCP_ESTABLISHED
	    && newstate != TCP_CLOSE && newstate != TCP_LISTEN)
		return 0;
	if (nj_sock_protocol(sk) != NJ_IPPROTO_TCP || !nj_is_inet(sk))
		return 0;
	switch (newstate) {
	case TCP_LISTEN:
		nj_tcp_listen(sk, newstate);
		return 0;
	case TCP_SYN_SENT:
		nj_tcp_connect(sk);
		return 0;
	case TCP_SYN_RECV:
		nj_tcp_accepted(sk);
		return 0;
	case TCP_CLOSE:
		if (oldstate == TCP_LISTEN) {
			nj_tcp_listen(sk, newstate);
			return 0;
		}
		s = nj_storage(sk, false);
		if (s && s->protocol == NJ_IPPROTO_TCP)
			nj_tcp_close(sk, s, oldstate);
		return 0;
	default: /* TCP_ESTABLISHED */
		s = nj_storage(sk, false);
		if (!s || s->protocol != NJ_IPPROTO_TCP) {
			/* The sensor started during this client's handshake; an accepted socket
			 * without state is the server of a client on this node. */
			if (oldstate == TCP_SYN_SENT)
				nj_adopt(sk);
			return 0;
		}
		s->flags |= NJ_SOCK_ESTABLISHED;
		if (s->flags & NJ_SOCK_LISTED)
			nj_refresh(sk, s); /* a client listed while its SYN went unanswered, or a server */
		else if (s->role == NJ_ROLE_CLIENT)
			nj_list(sk, s);
		return 0;
	}
}

/* A segment sent again. A SYN: the connect is not answered, list it now (its port is
 * chosen by now). Anything else: the retransmit shows in the entry. */
SEC("tp_btf/tcp_retransmit_skb")
int BPF_PROG(nj_tcp_retransmit, const struct sock *sk)
{
	struct nj_sock *s;

	if (!sk || !nj_sock_is_full(sk))
		return 0;
	s = nj_storage(sk, false);
	if (!s || s->protocol != NJ_IPPROTO_TCP || (s->flags & NJ_SOCK_CLOSED))
		return 0;
	if (s->flags & NJ_SOCK_LISTED)
		nj_refresh(sk, s);
	else if (s->role == NJ_ROLE_CLIENT && !(s->flags & NJ_SOCK_ESTABLISHED))
		nj_list(sk, s);
	return 0;
}

/* ------------------------------------------------------------------ resets */

/*
 * sk is NULL for a reset answering a packet that matched no socket (that packet shows
 * up as a NO_SOCKET drop instead) and may be a time-wait or request socket, which have
 * no storage. A reset sent after the close (the abortive close above) was counted
 * there; any other goes after a ring close as its own record, or is counted as lost.
 */
SEC("tp_btf/tcp_send_reset")
int BPF_PROG(nj_tcp_send_reset, const struct sock *sk)
{
	struct nj_sock *s;
	struct nj_flow *rec;

	if (!sk || !nj_sock_is_full(sk))
		return 0;
	s = nj_storage(sk, false);
	if (!s || s->protocol != NJ_IPPROTO_TCP)
		return 0;
	if (!(s->flags & NJ_SOCK_CLOSED)) {
		__sync_fetch_and_add(&s->resets_out, 1);
		return 0;
	}
	if (s->flags & NJ_SOCK_RST_PREDICTED) {
		s->flags &= ~NJ_SOCK_RST_PREDICTED;
		return 0;
	}
	if (!(s->flags & NJ_SOCK_RING_CLOSE)) {
		nj_flow_count(NJ_FLOW_LATE_RESET_LOST);
		return 0;
	}
	rec = bpf_ringbuf_reserve(&nj_flow_closes, sizeof(*rec), 0);
	if (!rec) {
		nj_count(NJ_COUNTER_RINGBUF_FULL);
		nj_flow_count(NJ_FLOW_LATE_RESET_LOST);
		return 0;
	}
	__builtin_memset(rec, 0, sizeof(*rec));
	rec->flow_id = s->flow_id;
	rec->role = s->role;
	if (s->role == NJ_ROLE_SERVER)
		rec->resets_received = 1;
	else
		rec->resets_sent = 1;
	rec->record = NJ_RECORD_LATE_RESET;
	bpf_ringbuf_submit(rec, BPF_RB_NO_WAKEUP);
	return 0;
}

SEC("tp_btf/tcp_receive_reset")
int BPF_PROG(nj_tcp_receive_reset, struct sock *sk)
{
	struct nj_sock *s;

	if (!sk || !nj_sock_is_full(sk))
		return 0;
	s = nj_storage(sk, false);
	if (s && s->protocol == NJ_IPPROTO_TCP && !(s->flags & NJ_SOCK_CLOSED))
		__sync_fetch_and_add(&s->resets_in, 1);
	return 0;
}

/* ------------------------------------------------------------------ send/recv */

/* The task doing I/O owns the socket from now on, in the connection's entry too (as its
 * server's owner when the client reports it). */
static __always_inline void nj_take_owner(const struct sock *sk, struct nj_sock *s, __u32 pid)
{
	bool server = s->role == NJ_ROLE_SERVER;
	struct nj_conn_key key = {};
	struct nj_flow *f;

	s->owner.pid = pid;
	s->owner.source = NJ_OWNER_IO;
	bpf_get_current_comm(s->owner.comm, sizeof(s->owner.comm));
	if (!(s->flags & (NJ_SOCK_LISTED | NJ_SOCK_MERGED)))
		return;
	nj_conn_key_of(&key, sk, server);
	f = bpf_map_lookup_elem(&nj_tcp_conns, &key);
	if (!f)
		return;
	if (server && (f->present & NJ_PRESENT_CLIENT))
		f->server = s->owner;
	else
		f->owner = s->owner;
}

static __always_inline void nj_udp_socket(const struct sock *sk, __u32 pid)
{
	struct nj_sock *s = nj_storage(sk, true);

	if (!s)
		return;
	s->protocol = NJ_IPPROTO_UDP;
	s->netns = nj_sock_netns(sk);
	s->flags = nj_sock_bound(sk) ? NJ_SOCK_BOUND : 0;
	s->owner.pid = pid;
	s->owner.source = NJ_OWNER_IO;
	bpf_get_current_comm(s->owner.comm, sizeof(s->owner.comm));
}

/* After every sendmsg/recvmsg on any socket, in the caller's process context. For a
 * known TCP socket: a storage lookup, an owner compare and one refresh of its entry. */
static __always_inline void nj_socket_io(const struct sock *sk)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	struct nj_sock *s = nj_storage(sk, false);
	__u8 protocol;

	if (s && s->protocol == NJ_IPPROTO_TCP) {
		if (s->owner.pid != pid)
			nj_take_owner(sk, s, pid);
		if (!(s->flags & NJ_SOCK_CLOSED))
			nj_refresh(sk, s);
		return;
	}
	if (s && s->protocol == NJ_IPPROTO_UDP) {
		if (s->owner.pid != pid)
			nj_udp_socket(sk, pid);
		return;
	}
	if (!nj_is_inet(sk))
		return;
	protocol = nj_sock_protocol(sk);
	if (protocol == NJ_IPPROTO_UDP) {
		nj_udp_socket(sk, pid);
	} else if (protocol == NJ_IPPROTO_TCP) {
		__u8 state = sk->__sk_common.skc_state;

		if (state == TCP_CLOSE || state == TCP_LISTEN || state == TCP_SYN_SENT)
			return;
		s = nj_adopt(sk);
		if (s && s->owner.pid != pid)
			nj_take_owner(sk, s, pid);
	}
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

/* ------------------------------------------------------------------ UDP */

/* A UDP exchange: endpoints sorted (a < b), so both of its sockets find it. */
struct nj_udp_key {
	__u8 addr_a[16];
	__u8 addr_b[16];
	__u16 port_a;
	__u16 port_b;
	__u8 family;
	__u8 reserved[3];
	__u64 netns_cookie; /* loopback addresses only */
};

struct nj_udp_side {
	__u64 bytes_out;
	__u64 packets_out;
	__u64 bytes_in;
	__u64 packets_in;
	__u64 cgroup_id;
	struct nj_owner owner;
	__u32 netns;
	__u8 seen;          /* a socket of this endpoint is on this node */
	__u8 bound;         /* that socket's port was bound by its program */
	__u8 reserved[2];
};

/* Keep in step with UdpRecord.java. */
struct nj_udp_flow {
	__u64 flow_id;
	__u64 first_ns;
	__u64 last_ns;
	struct nj_udp_side a;
	struct nj_udp_side b;
	__u8 first_sender;  /* 0: endpoint a sent the first datagram seen, 1: b */
	__u8 reserved[7];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, NJ_UDP_MAX_ENTRIES);
	__type(key, struct nj_udp_key);
	__type(value, struct nj_udp_flow);
} nj_udp_flows SEC(".maps");


/* Whether (a, pa) sorts before (b, pb): any fixed order will do, as long as both
 * sockets of an exchange agree on it. */
static __always_inline bool nj_endpoint_before(const __u8 *a, __u16 pa, const __u8 *b, __u16 pb)
{
	const __u32 *x = (const __u32 *)a;
	const __u32 *y = (const __u32 *)b;

#pragma unroll
	for (int i = 0; i < 4; i++) {
		if (x[i] != y[i])
			return x[i] < y[i];
	}
	return pa < pb;
}

/*
 * Both cgroup_skb hooks see the packet from its IP header on, with its socket in
 * skb->sk: the sender's on egress, the receiver's on ingress. Always lets it through.
 */
static __always_inline void nj_udp_account(struct __sk_buff *skb, bool egress)
{
	struct bpf_sock *bsk = skb->sk;
	struct bpf_sock *full;
	struct nj_udp_key key = {};
	struct nj_udp_flow *f;
	struct nj_udp_side *side;
	__u8 local[16] = {};
	__u8 remote[16] = {};
	__u16 lport, rport, ulen;
	__be16 ports[2];
	__be16 udp_len;
	__u32 l4_offset;
	__u8 family;
	bool local_is_a;
	__u64 now;

	if (!bsk)
		return;
	full = bpf_sk_fullsock(bsk);
	if (!full || full->protocol != NJ_IPPROTO_UDP)
		return; /* TCP and everything else leave here */
	if (skb->protocol == bpf_htons(NJ_ETH_P_IP)) {
		struct iphdr ip;

		if (bpf_skb_load_bytes(skb, 0, &ip, sizeof(ip)))
			return;
		if (ip.protocol != NJ_IPPROTO_UDP || (ip.frag_off & bpf_htons(0x1fff)))
			return;
		family = NJ_AF_INET;
		__builtin_memcpy(local, egress ? (void *)&ip.saddr : (void *)&ip.daddr, 4);
		__builtin_memcpy(remote, egress ? (void *)&ip.daddr : (void *)&ip.saddr, 4);
		l4_offset = ip.ihl * 4;
	} else if (skb->protocol == bpf_htons(NJ_ETH_P_IPV6)) {
		struct ipv6hdr ip6;

		if (bpf_skb_load_bytes(skb, 0, &ip6, sizeof(ip6)))
			return;
		if (ip6.nexthdr != NJ_IPPROTO_UDP)
			return;
		family = NJ_AF_INET6;
		__builtin_memcpy(local, egress ? (void *)&ip6.saddr : (void *)&ip6.daddr, 16);
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
	lport = bpf_ntohs(egress ? ports[0] : ports[1]);
	rport = bpf_ntohs(egress ? ports[1] : ports[0]);
	ulen = bpf_ntohs(udp_len);

	local_is_a = nj_endpoint_before(local, lport, remote, rport);
	__builtin_memcpy(key.addr_a, local_is_a ? local : remote, 16);
	__builtin_memcpy(key.addr_b, local_is_a ? remote : local, 16);
	key.port_a = local_is_a ? lport : rport;
	key.port_b = local_is_a ? rport : lport;
	key.family = family;
	if (nj_is_loopback(local, family))
		key.netns_cookie = bpf_get_netns_cookie(skb);
	now = bpf_ktime_get_ns();

	f = bpf_map_lookup_elem(&nj_udp_flows, &key);
	if (!f) {
		struct nj_udp_flow fresh = {};
		long err;

		/* The datagram's sender: this socket on egress, the peer on ingress. */
		fresh.first_sender = (egress == local_is_a) ? 0 : 1;
		/* The socket's cookie (unique for the boot) and a counter tell flows apart. */
		fresh.flow_id = NJ_UDP_FLOW_ID_BIT | (bpf_get_socket_cookie(skb) << 20)
			| (__sync_fetch_and_add(&nj_udp_next, 1) & 0xfffff);
		fresh.first_ns = now;
		fresh.last_ns = now;
		err = bpf_map_update_elem(&nj_udp_flows, &key, &fresh, BPF_NOEXIST);
		if (err && err != -NJ_EEXIST) {
			nj_count(NJ_COUNTER_MAP_FULL);
			return;
		}
		f = bpf_map_lookup_elem(&nj_udp_flows, &key);
		if (!f)
			return;
	}
	side = local_is_a ? &f->a : &f->b;
	if (ulen >= 8)
		ulen -= 8;
	if (egress) {
		__sync_fetch_and_add(&side->bytes_out, ulen);
		__sync_fetch_and_add(&side->packets_out, 1);
	} else {
		__sync_fetch_and_add(&side->bytes_in, ulen);
		__sync_fetch_and_add(&side->packets_in, 1);
	}
	f->last_ns = now;
	if (!side->seen || !side->owner.pid) {
		struct nj_sock *s;

		side->seen = 1;
		side->cgroup_id = bpf_skb_cgroup_id(skb);
		s = bpf_sk_storage_get(&nj_socks, full, 0, 0);
		if (s && s->protocol == NJ_IPPROTO_UDP) {
			side->owner = s->owner;
			side->netns = s->netns;
			side->bound = (s->flags & NJ_SOCK_BOUND) ? 1 : 0;
		}
	}
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
