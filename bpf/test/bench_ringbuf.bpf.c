// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark-only producer (compiled into test-classes, never shipped): one
 * 32-byte ring buffer record per getppid() of the chosen process, into a
 * 64 MB ring, so a consumer can be timed draining a million records.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define NJ_NR_GETPPID 110 /* x86_64 */

struct bench_record {
	__u64 sequence;
	__u64 timestamp_ns;
	__u32 tid;
	__u32 reserved;
	__u64 payload;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} bench_tgid SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024 * 1024);
} bench_ring SEC(".maps");

__u64 bench_sequence = 0;
__u64 bench_ring_full = 0;

SEC("tp_btf/sys_enter")
int BPF_PROG(bench_producer, struct pt_regs *regs, long id)
{
	__u32 zero = 0;
	__u32 *tgid;
	__u64 pid_tgid;
	struct bench_record *rec;

	if (id != NJ_NR_GETPPID)
		return 0;
	tgid = bpf_map_lookup_elem(&bench_tgid, &zero);
	pid_tgid = bpf_get_current_pid_tgid();
	if (!tgid || *tgid != (pid_tgid >> 32))
		return 0;
	rec = bpf_ringbuf_reserve(&bench_ring, sizeof(*rec), 0);
	if (!rec) {
		__sync_fetch_and_add(&bench_ring_full, 1);
		return 0;
	}
	rec->sequence = __sync_fetch_and_add(&bench_sequence, 1);
	rec->timestamp_ns = bpf_ktime_get_ns();
	rec->tid = (__u32)pid_tgid;
	rec->reserved = 0;
	rec->payload = 0;
	/* Default (adaptive) wakeup: the C consumer sleeps in epoll via ring_buffer__poll. */
	bpf_ringbuf_submit(rec, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
