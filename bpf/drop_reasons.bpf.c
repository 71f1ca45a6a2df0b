// SPDX-License-Identifier: GPL-2.0
/*
 * Packets the kernel freed with a drop reason, aggregated in the kernel by
 * (reason, packet 5-tuple, kernel location, netns, ifindex) with a count, and
 * taken out by user space once per flush interval (lookup-and-delete batch).
 * A packet to or from a listening port (nj_listen_ports, kept by flows.bpf.c)
 * is counted without the client's port, which the value keeps for the first
 * packet: a thousand refused connections to one service are one record.
 *
 * The values of enum skb_drop_reason differ between kernels: user space maps
 * them to names from the running kernel's BTF and fills nj_noise from names,
 * never from numbers in this file.
 *
 * Attribution: kfree_skb runs in whatever context freed the packet (softirq,
 * a kworker, an unrelated task), so `current` says nothing about the packet.
 * netns and ifindex come from skb->dev, falling back to the socket (skb->sk,
 * or rx_sk on kernels >= 6.10); the cgroup comes from that socket, and the
 * pid from the owner flows.bpf.c keeps in that socket's storage (nj_socks,
 * the flows object's map, handed to this object before it loads).
 */
#include "nightjar_net.h"
#include <bpf/bpf_tracing.h>

/* Reasons below this index can be marked as noise; subsystem reasons (high
 * 16 bits set, e.g. mac80211) never are. */
#define NJ_NOISE_SLOTS 1024
#define NJ_DROP_MAX_ENTRIES 16384
#define NJ_TRANSPORT_UNSET 0xffff

struct nj_drop_key {
	struct nj_tuple tuple;
	__u64 location;   /* kernel text address that freed the skb */
	__u32 reason;
	__u32 ifindex;
	__u32 netns;
	__u32 reserved;
};

/* Which port of the key's tuple stands for many: the client's ephemeral side of a
 * service's traffic, so that connection churn aggregates instead of making a record per
 * client port. */
#define NJ_AGGR_NONE 0
#define NJ_AGGR_SPORT 1
#define NJ_AGGR_DPORT 2

struct nj_drop_value {
	__u64 count;
	__u64 first_ns;   /* bpf_ktime_get_ns(): CLOCK_MONOTONIC */
	__u64 last_ns;
	__u64 cgroup_id;
	char ifname[NJ_IFNAMSIZ];
	__u32 pid;        /* the owner of the packet's socket, 0 when unknown */
	__u16 port;       /* the first packet's port on the aggregated side */
	__u8 aggregated;  /* NJ_AGGR_*: which port of the key is 0 in its place */
	__u8 ports_differ; /* packets of more than one port on that side */
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, NJ_DROP_MAX_ENTRIES);
	__type(key, struct nj_drop_key);
	__type(value, struct nj_drop_value);
} nj_drops SEC(".maps");

/* nj_noise[reason] != 0: not recorded unless the filter includes noise. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, NJ_NOISE_SLOTS);
	__type(key, __u32);
	__type(value, __u8);
} nj_noise SEC(".maps");

static __always_inline bool nj_is_noise(const struct nj_filter_config *cfg, __u32 reason)
{
	__u8 *noise;

	if (reason >= NJ_NOISE_SLOTS || (cfg && cfg->include_noise))
		return false;
	noise = bpf_map_lookup_elem(&nj_noise, &reason);
	return noise && *noise;
}

static __always_inline void nj_read_ports(struct nj_tuple *t, const unsigned char *l4)
{
	__be16 ports[2];

	if (t->protocol != NJ_IPPROTO_TCP && t->protocol != NJ_IPPROTO_UDP)
		return;
	if (bpf_probe_read_kernel(ports, sizeof(ports), l4))
		return;
	t->sport = bpf_ntohs(ports[0]);
	t->dport = bpf_ntohs(ports[1]);
}

/*
 * Reads the IP and TCP/UDP headers at skb->head + network_header. An skb
 * freed on the transmit side before the IP layer has no network header
 * yet: the version nibble check rejects whatever is there. When the
 * transport header is unset (dropped before the IP layer set it), it is
 * computed from the IP header; IPv6 extension headers are not walked.
 */
static __always_inline void nj_parse_packet(struct nj_tuple *t, const struct sk_buff *skb)
{
	unsigned char *head = BPF_CORE_READ(skb, head);
	__u16 network = BPF_CORE_READ(skb, network_header);
	__u16 transport = BPF_CORE_READ(skb, transport_header);
	__u16 proto = bpf_ntohs(BPF_CORE_READ(skb, protocol));

	if (proto == NJ_ETH_P_IP) {
		struct iphdr ip;

		if (bpf_probe_read_kernel(&ip, sizeof(ip), head + network))
			goto failed;
		if (ip.version != 4 || ip.ihl < 5)
			return;
		t->family = NJ_AF_INET;
		t->protocol = ip.protocol;
		__builtin_memcpy(t->saddr, &ip.saddr, 4);
		__builtin_memcpy(t->daddr, &ip.daddr, 4);
		/* Only the first fragment carries the ports. */
		if (ip.frag_off & bpf_htons(0x1fff))
			return;
		if (transport == NJ_TRANSPORT_UNSET || transport <= network)
			transport = network + ip.ihl * 4;
		nj_read_ports(t, head + transport);
	} else if (proto == NJ_ETH_P_IPV6) {
		struct ipv6hdr ip6;

		if (bpf_probe_read_kernel(&ip6, sizeof(ip6), head + network))
			goto failed;
		if (ip6.version != 6)
			return;
		t->family = NJ_AF_INET6;
		t->protocol = ip6.nexthdr;
		__builtin_memcpy(t->saddr, &ip6.saddr, 16);
		__builtin_memcpy(t->daddr, &ip6.daddr, 16);
		if (transport == NJ_TRANSPORT_UNSET || transport <= network)
			transport = network + sizeof(struct ipv6hdr);
		nj_read_ports(t, head + transport);
	}
	return;
failed:
	nj_count(NJ_COUNTER_PARSE_FAILED);
}

/* The pid of the task that owns the socket, as flows.bpf.c recorded it; 0 for request and
 * time-wait sockets (no storage) and sockets it has not seen. */
static __always_inline __u32 nj_owner_pid(struct sock *sk)
{
	struct nj_sock *s;

	if (!sk)
		return 0;
	s = bpf_sk_storage_get(&nj_socks, sk, 0, 0);
	return s ? s->owner.pid : 0;
}

static __always_inline int nj_record_drop(struct sk_buff *skb, void *location, __u32 reason,
					  struct sock *rx_sk)
{
	const struct nj_filter_config *cfg = nj_filter();
	struct sock *sk;
	struct net_device *dev;
	struct nj_drop_key key;
	struct nj_drop_value *value;
	struct nj_drop_value fresh;
	__u64 cgroup_id = 0;
	__u8 aggregated = NJ_AGGR_NONE;
	__u16 port;
	__u64 now;
	long err;

	if (nj_is_noise(cfg, reason))
		return 0;

	__builtin_memset(&key, 0, sizeof(key));
	key.reason = reason;
	key.location = (__u64)location;
	nj_parse_packet(&key.tuple, skb);
	if (!nj_pass_ports(cfg, key.tuple.sport, key.tuple.dport))
		return 0;

	sk = skb->sk;
	if (!sk)
		sk = rx_sk;
	if (sk && nj_sock_is_full(sk))
		cgroup_id = nj_sock_cgroup_id(sk);
	/* A packet carries no task: only a cgroup filter can restrict drops
	 * (pid filters apply to flows; see bpf/README.md). */
	if (!nj_pass_cgroup(cfg, cgroup_id))
		return 0;

	dev = BPF_CORE_READ(skb, dev);
	if (dev) {
		key.ifindex = BPF_CORE_READ(dev, ifindex);
		key.netns = BPF_CORE_READ(dev, nd_net.net, ns.inum);
	} else if (sk) {
		key.netns = nj_sock_netns(sk);
	}

	/* A packet to or from a listening port: the other side is a client's port. */
	port = 0;
	if (nj_is_listening_port(key.tuple.dport) && !nj_is_listening_port(key.tuple.sport)) {
		aggregated = NJ_AGGR_SPORT;
		port = key.tuple.sport;
		key.tuple.sport = 0;
	} else if (nj_is_listening_port(key.tuple.sport) && !nj_is_listening_port(key.tuple.dport)) {
		aggregated = NJ_AGGR_DPORT;
		port = key.tuple.dport;
		key.tuple.dport = 0;
	}

	now = bpf_ktime_get_ns();
	value = bpf_map_lookup_elem(&nj_drops, &key);
	if (value) {
		__sync_fetch_and_add(&value->count, 1);
		value->last_ns = now;
		if (value->port != port)
			value->ports_differ = 1;
		return 0;
	}

	__builtin_memset(&fresh, 0, sizeof(fresh));
	fresh.count = 1;
	fresh.first_ns = now;
	fresh.last_ns = now;
	fresh.cgroup_id = cgroup_id;
	fresh.pid = nj_owner_pid(sk);
	fresh.port = port;
	fresh.aggregated = aggregated;
	if (dev)
		BPF_CORE_READ_STR_INTO(&fresh.ifname, dev, name);
	err = bpf_map_update_elem(&nj_drops, &key, &fresh, BPF_NOEXIST);
	if (err == -17 /* EEXIST: another CPU inserted it first */) {
		value = bpf_map_lookup_elem(&nj_drops, &key);
		if (value) {
			__sync_fetch_and_add(&value->count, 1);
			value->last_ns = now;
			if (value->port != port)
				value->ports_differ = 1;
		}
	} else if (err) {
		nj_count(NJ_COUNTER_MAP_FULL);
	}
	return 0;
}

/* Kernels >= 6.10 pass the receiving socket, which skb->sk does not carry
 * on the receive path. User space loads exactly one of the two programs,
 * after counting the tracepoint's arguments in the kernel's BTF. */
SEC("tp_btf/kfree_skb")
int BPF_PROG(nj_kfree_skb_rx_sk, struct sk_buff *skb, void *location, enum skb_drop_reason reason,
	     struct sock *rx_sk)
{
	return nj_record_drop(skb, location, (__u32)reason, rx_sk);
}

/* Kernels 5.17 .. 6.9: (skb, location, reason). */
SEC("tp_btf/kfree_skb")
int BPF_PROG(nj_kfree_skb, struct sk_buff *skb, void *location, enum skb_drop_reason reason)
{
	return nj_record_drop(skb, location, (__u32)reason, NULL);
}

char LICENSE[] SEC("license") = "GPL";
