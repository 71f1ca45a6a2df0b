// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only object for the libbpf binding tests (compiled into test-classes,
 * never shipped): a hash map to exercise map operations, and a ring buffer
 * producer that emits one record per getppid() call of one chosen process.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define NJ_NR_GETPPID 110 /* x86_64 */

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u64);
} test_hash SEC(".maps");

struct test_config {
	__u32 tgid;
	__u32 reserved;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct test_config);
} test_config SEC(".maps");

struct test_record {
	__u64 sequence;
	__u32 tid;
	__u32 reserved;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} test_ring SEC(".maps");

__u64 test_sequence = 0;
__u64 test_ring_full = 0;

SEC("tp_btf/sys_enter")
int BPF_PROG(test_getppid_producer, struct pt_regs *regs, long id)
{
	__u32 zero = 0;
	struct test_config *cfg;
	struct test_record *rec;
	__u64 pid_tgid;

	if (id != NJ_NR_GETPPID)
		return 0;
	cfg = bpf_map_lookup_elem(&test_config, &zero);
	pid_tgid = bpf_get_current_pid_tgid();
	if (!cfg || cfg->tgid == 0 || cfg->tgid != (pid_tgid >> 32))
		return 0;
	rec = bpf_ringbuf_reserve(&test_ring, sizeof(*rec), 0);
	if (!rec) {
		__sync_fetch_and_add(&test_ring_full, 1);
		return 0;
	}
	rec->sequence = __sync_fetch_and_add(&test_sequence, 1);
	rec->tid = (__u32)pid_tgid;
	rec->reserved = 0;
	bpf_ringbuf_submit(rec, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
