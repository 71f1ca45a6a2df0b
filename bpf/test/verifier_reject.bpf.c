// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only object that the verifier must reject: it dereferences a map
 * lookup result without checking it for NULL. The binding test expects the
 * verifier's words ("invalid mem access") in the load exception.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} reject_values SEC(".maps");

SEC("tp_btf/sys_enter")
int BPF_PROG(reject_unchecked_lookup, struct pt_regs *regs, long id)
{
	__u32 key = (__u32)id;
	__u64 *value = bpf_map_lookup_elem(&reject_values, &key);

	return (int)*value; /* no NULL check: rejected */
}

char LICENSE[] SEC("license") = "GPL";
