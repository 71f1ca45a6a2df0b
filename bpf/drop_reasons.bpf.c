// SPDX-License-Identifier: GPL-2.0
// Counts packets freed with a drop reason, per reason value, in the kernel.
// The values of enum skb_drop_reason differ between kernels: user space maps
// them to names from the running kernel's BTF, never from this file.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define MAX_REASONS 1024

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MAX_REASONS);
	__type(key, __u32);
	__type(value, __u64);
} drops_by_reason SEC(".maps");

SEC("tp_btf/kfree_skb")
int BPF_PROG(count_drop_reason, struct sk_buff *skb, void *location, enum skb_drop_reason reason)
{
	__u32 key = (__u32)reason;
	__u64 *count;

	if (key >= MAX_REASONS)
		key = MAX_REASONS - 1;
	count = bpf_map_lookup_elem(&drops_by_reason, &key);
	if (count)
		(*count)++;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
