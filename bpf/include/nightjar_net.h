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

/* The socket's local side as src, the peer as dst. Works for request and
 * time-wait sockets too: only struct sock_common is read. */
static __always_inline void nj_tuple_from_sock(struct nj_tuple *t, const struct sock *sk)
{
	__u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);

	t->family = (__u8)family;
	t->sport = BPF_CORE_READ(sk, __sk_common.skc_num);
	t->dport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
	if (family == NJ_AF_INET) {
		BPF_CORE_READ_INTO((__u32 *)t->saddr, sk, __sk_common.skc_rcv_saddr);
		BPF_CORE_READ_INTO((__u32 *)t->daddr, sk, __sk_common.skc_daddr);
	} else if (family == NJ_AF_INET6) {
		BPF_CORE_READ_INTO((struct in6_addr *)t->saddr, sk, __sk_common.skc_v6_rcv_saddr);
		BPF_CORE_READ_INTO((struct in6_addr *)t->daddr, sk, __sk_common.skc_v6_daddr);
	}
}

/* The inode of the socket's network namespace, as in /proc/PID/ns/net. */
static __always_inline __u32 nj_sock_netns(const struct sock *sk)
{
	return BPF_CORE_READ(sk, __sk_common.skc_net.net, ns.inum);
}

/* Request and time-wait sockets are only a struct sock_common. */
static __always_inline bool nj_sock_is_full(const struct sock *sk)
{
	__u8 state = BPF_CORE_READ(sk, __sk_common.skc_state);

	return state != TCP_TIME_WAIT && state != TCP_NEW_SYN_RECV;
}

/* The cgroup v2 id (cgroup directory inode) the socket was created in. The
 * socket keeps it, so this is right in softirq context too, and accepted
 * sockets inherit their listener's. */
static __always_inline __u64 nj_sock_cgroup_id(const struct sock *sk)
{
	if (!bpf_core_field_exists(sk->sk_cgrp_data))
		return 0;
	return BPF_CORE_READ(sk, sk_cgrp_data.cgroup, kn, id);
}

#endif /* NIGHTJAR_NET_H */
