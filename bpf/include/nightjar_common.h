/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pieces every Nightjar program shares: constants the kernel headers would
 * give us as macros (vmlinux.h has no macros), the counters for events the
 * kernel could not deliver, and the pushed-down subscription filter.
 *
 * Each object that includes this header gets its own copy of the maps; user
 * space (dev.nightjar.sensor.collect.KernelFilter) writes the same filter into
 * every object.
 */
#ifndef NIGHTJAR_COMMON_H
#define NIGHTJAR_COMMON_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>

#define NJ_AF_INET 2
#define NJ_AF_INET6 10
#define NJ_ETH_P_IP 0x0800
#define NJ_ETH_P_IPV6 0x86DD
#define NJ_IPPROTO_TCP 6
#define NJ_IPPROTO_UDP 17
#define NJ_TASK_COMM_LEN 16
#define NJ_IFNAMSIZ 16
/* errno values (vmlinux.h has no macros); helpers return them negated */
#define NJ_EFAULT 14
#define NJ_EEXIST 17
/* a raw syscall return value in [-NJ_MAX_ERRNO, -1] is an error */
#define NJ_MAX_ERRNO 4095
/* cgroup v2 depths a task filter looks at (see nj_task_in_cgroups) */
#define NJ_CGROUP_MAX_DEPTH 16

/* Indexes into nj_counters. Keep in step with KernelCounter.java. */
enum nj_counter {
	NJ_COUNTER_MAP_FULL = 0,      /* an aggregation map had no room: data lost */
	NJ_COUNTER_RINGBUF_FULL = 1,  /* ring buffer reservation failed */
	NJ_COUNTER_PARSE_FAILED = 2,  /* a packet's headers could not be read */
	NJ_COUNTER_MAX = 8,
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, NJ_COUNTER_MAX);
	__type(key, __u32);
	__type(value, __u64);
} nj_counters SEC(".maps");

/* Loss events are rare; a shared atomic is cheaper than a per-CPU map to read. */
static __always_inline void nj_count(__u32 counter)
{
	__u64 *value = bpf_map_lookup_elem(&nj_counters, &counter);

	if (value)
		__sync_fetch_and_add(value, 1);
}

/* Adds one to slot `which` of an object's own array map of u64 counters. */
static __always_inline void nj_count_at(void *counters, __u32 which)
{
	__u64 *value = bpf_map_lookup_elem(counters, &which);

	if (value)
		__sync_fetch_and_add(value, 1);
}

/*
 * The pushed-down filter. A flag is set by user space exactly when the
 * matching set is non-empty, so an idle filter costs one inlined array load.
 */
struct nj_filter_config {
	__u8 by_cgroup;
	__u8 by_pid;
	__u8 by_port;
	__u8 include_noise;
	__u32 reserved;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct nj_filter_config);
} nj_filter_cfg SEC(".maps");

#define NJ_FILTER_MAX_ENTRIES 1024

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, NJ_FILTER_MAX_ENTRIES);
	__type(key, __u64);
	__type(value, __u8);
} nj_filt_cgroup SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, NJ_FILTER_MAX_ENTRIES);
	__type(key, __u32);
	__type(value, __u8);
} nj_filt_pid SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, NJ_FILTER_MAX_ENTRIES);
	__type(key, __u16);
	__type(value, __u8);
} nj_filt_port SEC(".maps");

static __always_inline const struct nj_filter_config *nj_filter(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&nj_filter_cfg, &zero);
}

static __always_inline bool nj_pass_cgroup(const struct nj_filter_config *cfg, __u64 cgroup_id)
{
	if (!cfg || !cfg->by_cgroup)
		return true;
	return bpf_map_lookup_elem(&nj_filt_cgroup, &cgroup_id) != NULL;
}

static __always_inline bool nj_pass_pid(const struct nj_filter_config *cfg, __u32 pid)
{
	if (!cfg || !cfg->by_pid)
		return true;
	return bpf_map_lookup_elem(&nj_filt_pid, &pid) != NULL;
}

/* Ports in host byte order; either side may match. */
static __always_inline bool nj_pass_ports(const struct nj_filter_config *cfg, __u16 a, __u16 b)
{
	if (!cfg || !cfg->by_port)
		return true;
	return bpf_map_lookup_elem(&nj_filt_port, &a) != NULL
		|| bpf_map_lookup_elem(&nj_filt_port, &b) != NULL;
}

/*
 * Whether the current task is in one of the filter's cgroups, or below one:
 * its own cgroup, then its ancestor at each depth whose bit is set in
 * `depths` (user space sets the bit of each selected cgroup's depth, so a
 * pod's cgroup covers its containers' cgroups). One lookup per set bit.
 */
static __always_inline bool nj_task_in_cgroups(__u32 depths)
{
	__u64 id = bpf_get_current_cgroup_id();
	int depth;

	if (bpf_map_lookup_elem(&nj_filt_cgroup, &id))
		return true;
	if (!depths)
		return false;
	for (depth = 1; depth < NJ_CGROUP_MAX_DEPTH; depth++) {
		if (!(depths & (1U << depth)))
			continue;
		id = bpf_get_current_ancestor_cgroup_id(depth);
		if (id && bpf_map_lookup_elem(&nj_filt_cgroup, &id))
			return true;
	}
	return false;
}

/*
 * Whether a per-task collector (syscalls, requests) looks at this task: the
 * whole node, or a chosen pid, or a task in or below a chosen cgroup. Such a
 * collector with neither chosen looks at nothing (flows read "no filter" as all).
 */
static __always_inline bool nj_task_selected(bool whole_node, __u32 cgroup_depths, __u32 tgid)
{
	const struct nj_filter_config *cfg;

	if (whole_node)
		return true;
	cfg = nj_filter();
	if (!cfg)
		return false;
	if (cfg->by_pid && bpf_map_lookup_elem(&nj_filt_pid, &tgid))
		return true;
	return cfg->by_cgroup && nj_task_in_cgroups(cgroup_depths);
}

#endif /* NIGHTJAR_COMMON_H */
