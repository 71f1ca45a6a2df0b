/* SPDX-License-Identifier: GPL-2.0 */
/* Addresses and ports of a socket or a packet, as one fixed-size struct. */
#ifndef NIGHTJAR_NET_H
#define NIGHTJAR_NET_H

#include "nightjar_common.h"

/*
 * Addresses are in network byte order (IPv4 in the first 4 bytes), ports in
 * host byte order. 40 bytes, no implicit padding: it is part of map keys,
 * which must be fully initialised.
 */
struct nj_tuple {
	__u8 saddr[16];
	__u8 daddr[16];
	__u16 sport;
	__u16 dport;
	__u8 family;     /* NJ_AF_INET, NJ_AF_INET6, or 0 when unknown */
	__u8 protocol;   /* IPPROTO_* */
	__u8 reserved[2];
};

/*
 * Socket fields are read directly (BTF-typed loads, CO-RE relocated), not with
 * bpf_probe_read_kernel: every caller holds a socket pointer the verifier
 * knows (a tp_btf argument, or a field of one), and a direct load costs a
 * load where a probe read costs a helper call. That is what keeps a program
 * that runs on every state change and every send cheap.
 */

/* The socket's local side as src, the peer as dst. Works for request and
 * time-wait sockets too: only struct sock_common is read, except for a full
 * socket that gave its local port back: a TCP socket moving to CLOSE releases
 * the port (skc_num = 0) before the state-change tracepoint runs, and a
 * connect() that failed never had another moment to read it. inet_sport
 * keeps the port the kernel chose. */
static __always_inline void nj_tuple_from_sock(struct nj_tuple *t, const struct sock *sk)
{
	__u16 family = sk->__sk_common.skc_family;
	__u8 state = sk->__sk_common.skc_state;

	t->family = (__u8)family;
	t->sport = sk->__sk_common.skc_num;
	if (t->sport == 0 && state != TCP_TIME_WAIT && state != TCP_NEW_SYN_RECV)
		t->sport = bpf_ntohs(BPF_CORE_READ((const struct inet_sock *)sk, inet_sport));
	t->dport = bpf_ntohs(sk->__sk_common.skc_dport);
	if (family == NJ_AF_INET) {
		*(__u32 *)t->saddr = sk->__sk_common.skc_rcv_saddr;
		*(__u32 *)t->daddr = sk->__sk_common.skc_daddr;
	} else if (family == NJ_AF_INET6) {
#pragma unroll
		for (int i = 0; i < 4; i++) {
			((__u32 *)t->saddr)[i] = sk->__sk_common.skc_v6_rcv_saddr.in6_u.u6_addr32[i];
			((__u32 *)t->daddr)[i] = sk->__sk_common.skc_v6_daddr.in6_u.u6_addr32[i];
		}
	}
}

/* The inode of the socket's network namespace, as in /proc/PID/ns/net. */
static __always_inline __u32 nj_sock_netns(const struct sock *sk)
{
	return sk->__sk_common.skc_net.net->ns.inum;
}

/* Request and time-wait sockets are only a struct sock_common. */
static __always_inline bool nj_sock_is_full(const struct sock *sk)
{
	__u8 state = sk->__sk_common.skc_state;

	return state != TCP_TIME_WAIT && state != TCP_NEW_SYN_RECV;
}

/* The cgroup v2 id (cgroup directory inode) the socket was created in. The
 * socket keeps it, so this is right in softirq context too, and accepted
 * sockets inherit their listener's. */
static __always_inline __u64 nj_sock_cgroup_id(const struct sock *sk)
{
	if (!bpf_core_field_exists(sk->sk_cgrp_data))
		return 0;
	return sk->sk_cgrp_data.cgroup->kn->id;
}

/* Whether an address (tuple layout) is a loopback one: 127.0.0.0/8, ::1 or
 * ::ffff:127.x. Two network namespaces can hold the same loopback tuple, so
 * keys built from one add the namespace. */
static __always_inline bool nj_is_loopback(const __u8 *addr, __u8 family)
{
	const __u32 *w = (const __u32 *)addr;

	if (family == NJ_AF_INET)
		return addr[0] == 127;
	if (family != NJ_AF_INET6 || w[0] != 0 || w[1] != 0)
		return false;
	if (w[2] == bpf_htonl(0xffff))
		return addr[12] == 127;
	return w[2] == 0 && w[3] == bpf_htonl(1);
}

/*
 * Who uses a socket: the task of its connect(), of the listen() its
 * connection was accepted from, or the last one that sent or received on it.
 */
enum nj_owner_source {
	NJ_OWNER_NONE = 0,
	NJ_OWNER_CONNECT = 1,   /* current task at connect(): exact */
	NJ_OWNER_LISTENER = 2,  /* the task that called listen(): a good guess */
	NJ_OWNER_IO = 3,        /* a task that sent or received on the socket */
};

struct nj_owner {
	__u32 pid;            /* thread group id */
	__u8 source;          /* enum nj_owner_source */
	__u8 reserved[3];
	char comm[NJ_TASK_COMM_LEN];
};

/*
 * Per-socket state, in socket-local storage: it lives and dies with the
 * socket, so a missed close never leaks an entry and no map can fill up.
 * flows.bpf.c writes it; drop_reasons.bpf.c reads the owner of a dropped
 * packet's socket through the same map (user space hands the flows object's
 * map to the drops object before it loads; the owner is all it reads).
 */
struct nj_sock {
	__u64 flow_id;
	__u64 first_ns;       /* bpf_ktime_get_ns() when the connection began (or was first seen) */
	struct nj_owner owner;
	__u32 resets_out;
	__u32 resets_in;
	__u32 netns;
	__u8 protocol;        /* IPPROTO_TCP or IPPROTO_UDP; 0 until initialised */
	__u8 role;            /* TCP: this socket's enum nj_role */
	__u8 role_source;     /* enum nj_role_source */
	__u8 reserved8;
	__u16 flags;          /* NJ_SOCK_* (flows.bpf.c) */
	__u16 generation;     /* connections made on this socket before this one */
	__u32 reserved;
};

struct {
	__uint(type, BPF_MAP_TYPE_SK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct nj_sock);
} nj_socks SEC(".maps");

/*
 * Listening TCP sockets per local port, all namespaces of the node together:
 * flows.bpf.c counts listen() and its end, user space adds the listeners that
 * existed when the sensor started. drop_reasons.bpf.c reads it through the
 * flows object's map to tell a dropped packet's service side from its client's
 * ephemeral side. Indexed by port.
 */
#define NJ_PORTS 65536

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, NJ_PORTS);
	__type(key, __u32);
	__type(value, __u32);
} nj_listen_ports SEC(".maps");

static __always_inline bool nj_is_listening_port(__u16 port)
{
	__u32 key = port;
	__u32 *listeners = bpf_map_lookup_elem(&nj_listen_ports, &key);

	return listeners && *listeners;
}

#endif /* NIGHTJAR_NET_H */
