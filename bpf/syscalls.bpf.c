// SPDX-License-Identifier: GPL-2.0
/*
 * Syscall latency, on one of two paths (user space picks, see SyscallCollector):
 *
 * fentry  One fentry/fexit pair per syscall kernel function (__x64_sys_read,
 *         ...) below, attached only for the syscalls a subscription chose.
 *         Nothing else on the node pays: no global flag, and a syscall nobody
 *         chose runs untouched. Needs BPF trampolines.
 * tracepoint  raw_syscalls sys_enter / sys_exit as tp_btf programs: every
 *         syscall of every task runs them, and while they are attached every
 *         task takes the kernel's slower traced syscall path. The fallback, and
 *         the path for "every syscall" or a syscall without an fentry program.
 *
 * Per (pid, syscall nr) the kernel keeps count, errors, total latency and a
 * log2 latency histogram (nj_sys_hist); user space takes the map out once per
 * flush interval. A call at or above the threshold also goes through the ring
 * buffer nj_sys_spans as one record. The call in flight is kept per task in
 * task-local storage (nj_sys_inflight): no table to fill, nothing evicted, and
 * freed with the task (one that exits inside a syscall never reaches exit).
 *
 * Tasks: the whole node, or (added up) the pids in nj_filt_pid and the tasks in
 * or below the cgroups in nj_filt_cgroup. nj_sys_cfg.enabled is the first
 * check of every program: it covers the moments around a switch.
 *
 * Why tp_btf rather than raw_tp: both load here (kernel 6.18); tp_btf gives
 * typed, verifier-checked arguments (struct pt_regs *, long) without
 * bpf_probe_read, and it is what the rest of the sensor already uses.
 */
#include "nightjar_common.h"
#include <bpf/bpf_tracing.h>

#define NJ_SYS_HIST_ENTRIES 10240
#define NJ_SYS_BUCKETS 40
#define NJ_SYS_MAX_NR 1024 /* nj_sys_chosen covers syscall numbers below this */

/* Keep in step with SyscallRecords.java (config). */
struct nj_sys_config {
	__u64 threshold_ns;   /* spans at or above this go through the ring buffer */
	__u32 self_tgid;      /* the sensor itself is never traced */
	__u8 enabled;         /* 0: every program returns at once */
	__u8 by_nr;           /* tracepoint path: only the syscalls marked in nj_sys_chosen */
	__u8 whole_node;      /* every task; otherwise the filter's pids and cgroups */
	__u8 reserved;
	__u32 cgroup_depths;  /* bit n: a selected cgroup sits at depth n (nj_task_in_cgroups) */
	__u32 reserved2;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct nj_sys_config);
} nj_sys_cfg SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, NJ_SYS_MAX_NR);
	__type(key, __u32);
	__type(value, __u8);
} nj_sys_chosen SEC(".maps");

/* Indexes into nj_sys_errors. Keep in step with SyscallCollector.java. */
enum nj_sys_error {
	NJ_SYS_INFLIGHT_UNAVAILABLE = 0, /* no task storage for a call: its latency is lost */
	NJ_SYS_ERROR_MAX = 2,
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, NJ_SYS_ERROR_MAX);
	__type(key, __u32);
	__type(value, __u64);
} nj_sys_errors SEC(".maps");

/* The call in progress, per task. start_ns 0: none. */
struct nj_sys_inflight {
	__u64 start_ns;
	__u64 arg0;
	__u32 nr;
	__u32 reserved;
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
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

/* A new histogram entry is built here, not on the 512-byte stack (it is 368 bytes). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct nj_sys_stats);
} nj_sys_scratch SEC(".maps");

/* One slow call. Keep in step with SyscallRecords.java. */
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
const struct nj_sys_config *nj_sys_config_layout __attribute__((unused));

static __always_inline const struct nj_sys_config *nj_sys_config(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&nj_sys_cfg, &zero);
}

static __always_inline void nj_sys_error(__u32 which)
{
	__u64 *value = bpf_map_lookup_elem(&nj_sys_errors, &which);

	if (value)
		__sync_fetch_and_add(value, 1);
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

/* Tracepoint path with a chosen set: whether this syscall is in it (an inlined array load). */
static __always_inline bool nj_sys_chosen_nr(const struct nj_sys_config *sys, long nr)
{
	__u32 index = (__u32)nr;
	__u8 *chosen;

	if (!sys->by_nr)
		return true;
	chosen = bpf_map_lookup_elem(&nj_sys_chosen, &index);
	return chosen && *chosen;
}

static __always_inline void nj_sys_on_enter(long nr, __u64 arg0)
{
	const struct nj_sys_config *sys = nj_sys_config();
	struct nj_sys_inflight *call;
	__u64 pid_tgid;

	if (!sys || !sys->enabled || !nj_sys_chosen_nr(sys, nr))
		return;
	pid_tgid = bpf_get_current_pid_tgid();
	if ((__u32)(pid_tgid >> 32) == sys->self_tgid)
		return;
	if (!nj_task_selected(sys->whole_node, sys->cgroup_depths, pid_tgid >> 32))
		return;
	call = bpf_task_storage_get(&nj_sys_inflight, bpf_get_current_task_btf(), 0,
				    BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!call) {
		nj_sys_error(NJ_SYS_INFLIGHT_UNAVAILABLE);
		return;
	}
	call->arg0 = arg0;
	call->nr = (__u32)nr;
	call->start_ns = bpf_ktime_get_ns();
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

static __always_inline void nj_sys_count(struct nj_sys_key *key, __u64 duration, bool error, __u64 cgroup_id)
{
	struct nj_sys_stats *stats, *fresh;
	__u32 bucket, zero = 0;
	long err;

	bucket = nj_log2(duration);
	if (bucket >= NJ_SYS_BUCKETS)
		bucket = NJ_SYS_BUCKETS - 1;
	stats = bpf_map_lookup_elem(&nj_sys_hist, key);
	if (stats) {
		nj_sys_add(stats, duration, bucket, error);
		return;
	}
	fresh = bpf_map_lookup_elem(&nj_sys_scratch, &zero);
	if (!fresh)
		return;
	__builtin_memset(fresh, 0, sizeof(*fresh));
	fresh->cgroup_id = cgroup_id;
	bpf_get_current_comm(&fresh->comm, sizeof(fresh->comm));
	fresh->count = 1;
	fresh->total_ns = duration;
	fresh->errors = error ? 1 : 0;
	fresh->buckets[bucket] = 1;
	err = bpf_map_update_elem(&nj_sys_hist, key, fresh, BPF_NOEXIST);
	if (err == -NJ_EEXIST) {
		/* another thread of the process inserted it first */
		stats = bpf_map_lookup_elem(&nj_sys_hist, key);
		if (stats)
			nj_sys_add(stats, duration, bucket, error);
	} else if (err) {
		nj_count(NJ_COUNTER_MAP_FULL);
	}
}

static __always_inline void nj_sys_on_exit(long nr, long ret)
{
	const struct nj_sys_config *sys = nj_sys_config();
	struct nj_sys_inflight *call;
	struct nj_sys_span *span;
	struct nj_sys_key key;
	__u64 pid_tgid, duration, start, arg0, cgroup_id;
	bool error;

	struct task_struct *task;

	/* A syscall nobody chose has no call in flight: skip the storage lookup. */
	if (!sys || !sys->enabled || !nj_sys_chosen_nr(sys, nr))
		return;
	/* Nor has a task that never had local storage (one nobody selected): one load
	 * instead of a helper call, on the path every syscall of the node takes. */
	task = bpf_get_current_task_btf();
	if (!task->bpf_storage)
		return;
	call = bpf_task_storage_get(&nj_sys_inflight, task, 0, 0);
	if (!call || !call->start_ns)
		return;
	start = call->start_ns;
	arg0 = call->arg0;
	call->start_ns = 0;
	/* A call entered before tracing was switched off and on again is another
	 * call: drop it rather than report a made-up latency. */
	if (call->nr != (__u32)nr)
		return;

	duration = bpf_ktime_get_ns() - start;
	error = ret < 0 && ret >= -NJ_MAX_ERRNO;
	cgroup_id = bpf_get_current_cgroup_id();
	pid_tgid = bpf_get_current_pid_tgid();
	key.pid = pid_tgid >> 32;
	key.nr = (__u32)nr;
	nj_sys_count(&key, duration, error, cgroup_id);

	if (duration < sys->threshold_ns)
		return;
	span = bpf_ringbuf_reserve(&nj_sys_spans, sizeof(*span), 0);
	if (!span) {
		nj_count(NJ_COUNTER_RINGBUF_FULL);
		return;
	}
	span->pid = pid_tgid >> 32;
	span->tid = (__u32)pid_tgid;
	span->nr = (__u32)nr;
	span->reserved = 0;
	span->start_ns = start;
	span->duration_ns = duration;
	span->ret = ret;
	span->arg0 = arg0;
	span->cgroup_id = cgroup_id;
	bpf_get_current_comm(&span->comm, sizeof(span->comm));
	/* User space polls the ring every 10 ms: no wakeup to pay for. */
	bpf_ringbuf_submit(span, BPF_RB_NO_WAKEUP);
}

/* ------------------------------------------------------------ tracepoint path */

SEC("tp_btf/sys_enter")
int BPF_PROG(nj_sys_enter, struct pt_regs *regs, long id)
{
	/* The first argument by the syscall ABI: orig_x0 on arm64 (x0 is
	 * overwritten by the return value), di on x86_64. */
	nj_sys_on_enter(id, PT_REGS_PARM1_CORE_SYSCALL(regs));
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(nj_sys_exit, struct pt_regs *regs, long ret)
{
	nj_sys_on_exit(nj_sys_nr(regs), ret);
	return 0;
}

/* ------------------------------------------------------------ fentry path */

/*
 * One pair per syscall: its kernel function takes the user's registers
 * (struct pt_regs *), from which the number and first argument are read as on
 * the tracepoint path. The names (nj_sys_fentry_<syscall>) are how user space
 * finds which syscalls this object can trace this way; it is also the default
 * set of a subscription that names none: calls that can block.
 */
#if defined(__TARGET_ARCH_x86)
#define NJ_SYS_FUNC(name) "__x64_sys_" #name
#elif defined(__TARGET_ARCH_arm64)
#define NJ_SYS_FUNC(name) "__arm64_sys_" #name
#endif

#define NJ_SYS_FENTRY(name)                                           \
	SEC("fentry/" NJ_SYS_FUNC(name))                              \
	int BPF_PROG(nj_sys_fentry_##name, struct pt_regs *regs)      \
	{                                                             \
		nj_sys_on_enter(nj_sys_nr(regs), PT_REGS_PARM1_CORE_SYSCALL(regs)); \
		return 0;                                             \
	}                                                             \
	SEC("fexit/" NJ_SYS_FUNC(name))                               \
	int BPF_PROG(nj_sys_fexit_##name, struct pt_regs *regs, long ret) \
	{                                                             \
		nj_sys_on_exit(nj_sys_nr(regs), ret);                 \
		return 0;                                             \
	}

#ifdef NJ_SYS_FUNC
NJ_SYS_FENTRY(read)
NJ_SYS_FENTRY(write)
NJ_SYS_FENTRY(readv)
NJ_SYS_FENTRY(writev)
NJ_SYS_FENTRY(pread64)
NJ_SYS_FENTRY(pwrite64)
NJ_SYS_FENTRY(openat)
NJ_SYS_FENTRY(close)
NJ_SYS_FENTRY(fsync)
NJ_SYS_FENTRY(fdatasync)
NJ_SYS_FENTRY(connect)
NJ_SYS_FENTRY(accept)
NJ_SYS_FENTRY(accept4)
NJ_SYS_FENTRY(sendto)
NJ_SYS_FENTRY(recvfrom)
NJ_SYS_FENTRY(sendmsg)
NJ_SYS_FENTRY(recvmsg)
NJ_SYS_FENTRY(ppoll)
NJ_SYS_FENTRY(pselect6)
NJ_SYS_FENTRY(epoll_pwait)
NJ_SYS_FENTRY(futex)
NJ_SYS_FENTRY(nanosleep)
NJ_SYS_FENTRY(clock_nanosleep)
NJ_SYS_FENTRY(wait4)
NJ_SYS_FENTRY(io_uring_enter)
#if defined(__TARGET_ARCH_x86)
/* arm64 has only the newer forms of these (ppoll, pselect6, epoll_pwait) */
NJ_SYS_FENTRY(poll)
NJ_SYS_FENTRY(select)
NJ_SYS_FENTRY(epoll_wait)
#endif
#endif

char LICENSE[] SEC("license") = "GPL";
