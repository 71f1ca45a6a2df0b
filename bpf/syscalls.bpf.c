// SPDX-License-Identifier: GPL-2.0
/*
 * Syscall latency: raw_syscalls sys_enter / sys_exit as tp_btf programs.
 *
 * Per (pid, syscall nr) the kernel keeps count, errors, total latency and a
 * log2 latency histogram (nj_sys_hist); user space takes the map out once per
 * flush interval. A call at or above the subscription's threshold also goes
 * through the ring buffer nj_sys_spans as one record.
 *
 * Off by default: user space attaches these programs only while the
 * subscription names cgroups or pids, or asks for the whole node (an attached
 * raw_syscalls program slows every syscall of every task, even if it returns
 * at once), and sets nj_sys_cfg.enabled to match. That check is the first
 * thing both programs do: it covers the moments around a switch.
 *
 * Why tp_btf rather than raw_tp: both load here (kernel 6.18); tp_btf gives
 * typed, verifier-checked arguments (struct pt_regs *, long) without
 * bpf_probe_read, and it is what the rest of the sensor already uses.
 */
#include "nightjar_common.h"
#include <bpf/bpf_tracing.h>

#define NJ_SYS_HIST_ENTRIES 10240
#define NJ_SYS_INFLIGHT_ENTRIES 16384
#define NJ_SYS_BUCKETS 40
#define NJ_SYS_MAX_ERRNO 4095

struct nj_sys_config {
	__u64 threshold_ns; /* spans at or above this go through the ring buffer */
	__u32 self_tgid;    /* the sensor itself is never traced */
	__u8 enabled;       /* 0: both programs return at once */
	__u8 reserved[3];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct nj_sys_config);
} nj_sys_cfg SEC(".maps");

/* A call in progress, per thread. LRU: a thread that exits inside a syscall
 * (exit_group, a kill) never reaches sys_exit, and its entry must not pin a slot. */
struct nj_sys_inflight {
	__u64 start_ns;
	__u64 arg0;
	__u32 nr;
	__u32 reserved;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, NJ_SYS_INFLIGHT_ENTRIES);
	__type(key, __u32);
	__type(value, struct nj_sys_inflight);
} nj_sys_inflight SEC(".maps");

struct nj_sys_key {
	__u32 pid;
	__u32 nr;
};

struct nj_sys_stats {
	__u64 count;
	__u64 errors;
	__u64 total_ns;
	__u64 cgroup_id;
	char comm[NJ_TASK_COMM_LEN];
	__u64 buckets[NJ_SYS_BUCKETS];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, NJ_SYS_HIST_ENTRIES);
	__type(key, struct nj_sys_key);
	__type(value, struct nj_sys_stats);
} nj_sys_hist SEC(".maps");

/* One slow call. Keep in step with SyscallSpanRecord.java. */
struct nj_sys_span {
	__u32 pid;
	__u32 tid;
	__u32 nr;
	__u32 reserved;
	__u64 start_ns;
	__u64 duration_ns;
	__s64 ret;
	__u64 arg0;
	__u64 cgroup_id;
	char comm[NJ_TASK_COMM_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} nj_sys_spans SEC(".maps");

/* A ring buffer has no value type: this keeps struct nj_sys_span in the
 * object's BTF, where the layout test (SyscallRecordsLayoutTest) reads it. */
const struct nj_sys_span *nj_sys_span_layout __attribute__((unused));

static __always_inline const struct nj_sys_config *nj_sys_config(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&nj_sys_cfg, &zero);
}

/* floor(log2(v)) for v >= 1; 0 for 0. */
static __always_inline __u32 nj_log2(__u64 v)
{
	__u32 r = 0;

	if (v >> 32) { v >>= 32; r += 32; }
	if (v >> 16) { v >>= 16; r += 16; }
	if (v >> 8) { v >>= 8; r += 8; }
	if (v >> 4) { v >>= 4; r += 4; }
	if (v >> 2) { v >>= 2; r += 2; }
	if (v >> 1) { r += 1; }
	return r;
}

/* The syscall number the kernel keeps in the task's registers. On arm64 it is
 * in the kernel's struct pt_regs (s32 syscallno), not in the user_pt_regs at
 * its start (x0-x30, sp, pc, pstate), which bpf_tracing.h's PT_REGS_* read. */
static __always_inline long nj_sys_nr(struct pt_regs *regs)
{
#if defined(__TARGET_ARCH_x86)
	return BPF_CORE_READ(regs, orig_ax);
#elif defined(__TARGET_ARCH_arm64)
	return BPF_CORE_READ(regs, syscallno);
#else
	return -1;
#endif
}

SEC("tp_btf/sys_enter")
int BPF_PROG(nj_sys_enter, struct pt_regs *regs, long id)
{
	const struct nj_sys_config *sys = nj_sys_config();
	const struct nj_filter_config *cfg;
	struct nj_sys_inflight call;
	__u64 pid_tgid;
	__u32 tid;

	if (!sys || !sys->enabled)
		return 0;
	pid_tgid = bpf_get_current_pid_tgid();
	if ((__u32)(pid_tgid >> 32) == sys->self_tgid)
		return 0;
	cfg = nj_filter();
	if (!nj_pass_pid(cfg, pid_tgid >> 32))
		return 0;
	if (cfg && cfg->by_cgroup && !nj_pass_cgroup(cfg, bpf_get_current_cgroup_id()))
		return 0;

	tid = (__u32)pid_tgid;
	call.start_ns = bpf_ktime_get_ns();
	/* The first argument by the syscall ABI: orig_x0 on arm64 (x0 is
	 * overwritten by the return value), di on x86_64. */
	call.arg0 = PT_REGS_PARM1_CORE_SYSCALL(regs);
	call.nr = (__u32)id;
	call.reserved = 0;
	bpf_map_update_elem(&nj_sys_inflight, &tid, &call, BPF_ANY);
	return 0;
}

static __always_inline void nj_sys_add(struct nj_sys_stats *stats, __u64 duration, __u32 bucket, bool error)
{
	__sync_fetch_and_add(&stats->count, 1);
	__sync_fetch_and_add(&stats->total_ns, duration);
	if (error)
		__sync_fetch_and_add(&stats->errors, 1);
	if (bucket < NJ_SYS_BUCKETS)
		__sync_fetch_and_add(&stats->buckets[bucket], 1);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(nj_sys_exit, struct pt_regs *regs, long ret)
{
	const struct nj_sys_config *sys = nj_sys_config();
	struct nj_sys_inflight *call;
	struct nj_sys_stats *stats;
	struct nj_sys_key key;
	struct nj_sys_span *span;
	__u64 pid_tgid, now, duration, start, arg0, cgroup_id;
	__u32 tid, nr, bucket;
	bool error;
	long err;

	if (!sys || !sys->enabled)
		return 0;
	pid_tgid = bpf_get_current_pid_tgid();
	tid = (__u32)pid_tgid;
	call = bpf_map_lookup_elem(&nj_sys_inflight, &tid);
	if (!call)
		return 0;
	now = bpf_ktime_get_ns();
	start = call->start_ns;
	arg0 = call->arg0;
	nr = call->nr;
	bpf_map_delete_elem(&nj_sys_inflight, &tid);
	/* An entry left from before tracing was switched off and on again
	 * belongs to another call: drop it rather than report a made-up latency. */
	if (nj_sys_nr(regs) != (long)nr)
		return 0;

	duration = now - start;
	bucket = nj_log2(duration);
	if (bucket >= NJ_SYS_BUCKETS)
		bucket = NJ_SYS_BUCKETS - 1;
	error = ret < 0 && ret >= -NJ_SYS_MAX_ERRNO;
	cgroup_id = bpf_get_current_cgroup_id();

	key.pid = pid_tgid >> 32;
	key.nr = nr;
	stats = bpf_map_lookup_elem(&nj_sys_hist, &key);
	if (stats) {
		nj_sys_add(stats, duration, bucket, error);
	} else {
		struct nj_sys_stats fresh;

		__builtin_memset(&fresh, 0, sizeof(fresh));
		fresh.cgroup_id = cgroup_id;
		bpf_get_current_comm(&fresh.comm, sizeof(fresh.comm));
		fresh.count = 1;
		fresh.total_ns = duration;
		fresh.errors = error ? 1 : 0;
		fresh.buckets[bucket] = 1;
		err = bpf_map_update_elem(&nj_sys_hist, &key, &fresh, BPF_NOEXIST);
		if (err == -17 /* EEXIST: another thread of the process inserted it first */) {
			stats = bpf_map_lookup_elem(&nj_sys_hist, &key);
			if (stats)
				nj_sys_add(stats, duration, bucket, error);
		} else if (err) {
			nj_count(NJ_COUNTER_MAP_FULL);
		}
	}

	if (duration < sys->threshold_ns)
		return 0;
	span = bpf_ringbuf_reserve(&nj_sys_spans, sizeof(*span), 0);
	if (!span) {
		nj_count(NJ_COUNTER_RINGBUF_FULL);
		return 0;
	}
	span->pid = pid_tgid >> 32;
	span->tid = tid;
	span->nr = nr;
	span->reserved = 0;
	span->start_ns = start;
	span->duration_ns = duration;
	span->ret = ret;
	span->arg0 = arg0;
	span->cgroup_id = cgroup_id;
	bpf_get_current_comm(&span->comm, sizeof(span->comm));
	bpf_ringbuf_submit(span, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
