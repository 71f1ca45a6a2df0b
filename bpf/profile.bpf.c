// SPDX-License-Identifier: GPL-2.0
/*
 * CPU profiler: a perf_event program on a CPU-clock software event per online
 * CPU (user space opens the events with perf_event_open at e.g. 99 Hz and
 * attaches this program to each).
 *
 * Per sample: the user and kernel stacks go into a STACK_TRACE map, and a count
 * per (tgid, user stack id, kernel stack id, cgroup id) is added in a hash.
 * Both are double-buffered: nj_prof_cfg.slot says which pair the programs write
 * now. A sample reads the slot once and files its stack ids and its count in
 * the same pair. User space flips the slot, waits for the samples already
 * running to finish, then reads and empties the other pair, so one interval's
 * counts and stack ids never mix into the next.
 *
 * Tasks: every task, or (added up) the pids in nj_filt_pid and the tasks in or
 * below the cgroups in nj_filt_cgroup.
 *
 * First sight: a process sampled for the first time (an LRU of seen tgids)
 * is announced through a small ring buffer, so user space reads its maps and
 * names while it is alive, even if it exits before the interval is read out.
 */
#include "nightjar_common.h"

#define NJ_PROF_COUNT_ENTRIES 10240
#define NJ_PROF_STACK_ENTRIES 4096
#define NJ_PROF_MAX_DEPTH 127 /* PERF_MAX_STACK_DEPTH */
#define NJ_PROF_SEEN_ENTRIES 8192
#define NJ_BPF_F_USER_STACK (1ULL << 8)

/* Indexes into nj_prof_errors. Keep in step with ProfileCounter.java. */
enum nj_prof_error {
	NJ_PROF_USER_STACK_MISSING = 0,  /* -EFAULT for the user stack of a user task */
	NJ_PROF_STACK_COLLISION = 1,     /* -EEXIST: the stack map bucket held another stack */
	NJ_PROF_STACK_OTHER = 2,         /* any other negative stack id (e.g. -ENOMEM: map full) */
	NJ_PROF_ERROR_MAX = 4,
};

/* Keep in step with ProfileRecords.java. */
struct nj_prof_config {
	__u8 enabled;       /* 0: the program returns at once */
	__u8 slot;          /* which map pair is written now: 0 or 1 */
	__u8 include_idle;  /* sample the idle task (tgid 0) too */
	__u8 reserved;
	__u32 cgroup_depths; /* bit n: a selected cgroup sits at depth n (nj_task_in_cgroups) */
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct nj_prof_config);
} nj_prof_cfg SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, NJ_PROF_ERROR_MAX);
	__type(key, __u32);
	__type(value, __u64);
} nj_prof_errors SEC(".maps");

/* Keep in step with ProfileRecords.java. */
struct nj_prof_key {
	__u32 tgid;
	__s32 user_stack_id;   /* negative: no user stack (errno) */
	__s32 kernel_stack_id; /* negative: no kernel stack (sampled in user mode, or errno) */
	__u32 reserved;
	__u64 cgroup_id;
};

struct nj_prof_value {
	__u64 count;
	char comm[NJ_TASK_COMM_LEN];
};

#define NJ_PROF_COUNTS(name)                                 \
	struct {                                             \
		__uint(type, BPF_MAP_TYPE_HASH);             \
		__uint(max_entries, NJ_PROF_COUNT_ENTRIES);  \
		__type(key, struct nj_prof_key);             \
		__type(value, struct nj_prof_value);         \
	} name SEC(".maps")

#define NJ_PROF_STACKS(name)                                          \
	struct {                                                      \
		__uint(type, BPF_MAP_TYPE_STACK_TRACE);               \
		__uint(max_entries, NJ_PROF_STACK_ENTRIES);           \
		__uint(key_size, sizeof(__u32));                      \
		__uint(value_size, NJ_PROF_MAX_DEPTH * sizeof(__u64)); \
	} name SEC(".maps")

NJ_PROF_COUNTS(nj_prof_counts0);
NJ_PROF_COUNTS(nj_prof_counts1);
NJ_PROF_STACKS(nj_prof_stacks0);
NJ_PROF_STACKS(nj_prof_stacks1);

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, NJ_PROF_SEEN_ENTRIES);
	__type(key, __u32);
	__type(value, __u8);
} nj_prof_seen SEC(".maps");

/* A process sampled for the first time. Keep in step with ProfileRecords.java. */
struct nj_prof_first_sight {
	__u32 tgid;
	__u32 reserved;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 16);
} nj_prof_new_pids SEC(".maps");

const struct nj_prof_first_sight *nj_prof_first_sight_layout __attribute__((unused));
const struct nj_prof_config *nj_prof_config_layout __attribute__((unused));

static __always_inline void nj_prof_error(__u32 which)
{
	__u64 *value = bpf_map_lookup_elem(&nj_prof_errors, &which);

	if (value)
		__sync_fetch_and_add(value, 1);
}

static __always_inline void nj_prof_stack_error(long id, bool user, bool kernel_thread)
{
	if (id >= 0)
		return;
	if (id == -NJ_EEXIST)
		nj_prof_error(NJ_PROF_STACK_COLLISION);
	else if (id == -NJ_EFAULT) {
		/* A kernel thread has no user stack, and a sample taken in user mode
		 * has no kernel stack: both are expected, not losses. */
		if (user && !kernel_thread)
			nj_prof_error(NJ_PROF_USER_STACK_MISSING);
	} else
		nj_prof_error(NJ_PROF_STACK_OTHER);
}

static __always_inline void nj_prof_first_sight(__u32 tgid)
{
	struct nj_prof_first_sight *event;
	__u8 one = 1;

	if (bpf_map_lookup_elem(&nj_prof_seen, &tgid))
		return;
	event = bpf_ringbuf_reserve(&nj_prof_new_pids, sizeof(*event), 0);
	if (!event) {
		/* Not marked seen: the next sample of this process tries again. */
		nj_count(NJ_COUNTER_RINGBUF_FULL);
		return;
	}
	bpf_map_update_elem(&nj_prof_seen, &tgid, &one, BPF_ANY);
	event->tgid = tgid;
	event->reserved = 0;
	/* User space polls the ring every 50 ms: no wakeup to pay for. */
	bpf_ringbuf_submit(event, BPF_RB_NO_WAKEUP);
}

static __always_inline void nj_prof_add(void *counts, struct nj_prof_key *key, struct task_struct *task)
{
	struct nj_prof_value *value = bpf_map_lookup_elem(counts, key);
	struct nj_prof_value fresh;
	long err;

	if (value) {
		__sync_fetch_and_add(&value->count, 1);
		return;
	}
	__builtin_memset(&fresh, 0, sizeof(fresh));
	fresh.count = 1;
	/* The process's name (its main thread's), not the sampled thread's ("C2 CompilerThre"). */
	BPF_CORE_READ_STR_INTO(&fresh.comm, task, group_leader, comm);
	err = bpf_map_update_elem(counts, key, &fresh, BPF_NOEXIST);
	if (err == -NJ_EEXIST) {
		/* Another CPU inserted the same key first. */
		value = bpf_map_lookup_elem(counts, key);
		if (value)
			__sync_fetch_and_add(&value->count, 1);
	} else if (err) {
		nj_count(NJ_COUNTER_MAP_FULL);
	}
}

/* Every task when the filter names none; else a named pid, or a task in or below a named cgroup. */
static __always_inline bool nj_prof_selected(const struct nj_prof_config *cfg, __u32 tgid)
{
	const struct nj_filter_config *filter = nj_filter();

	if (!filter || (!filter->by_pid && !filter->by_cgroup))
		return true;
	if (filter->by_pid && bpf_map_lookup_elem(&nj_filt_pid, &tgid))
		return true;
	return filter->by_cgroup && nj_task_in_cgroups(cfg->cgroup_depths);
}

SEC("perf_event")
int nj_prof_sample(struct bpf_perf_event_data *ctx)
{
	const struct nj_prof_config *cfg;
	struct task_struct *task;
	struct nj_prof_key key;
	bool kernel_thread;
	__u32 zero = 0;
	__u64 pid_tgid;
	__u32 tgid;
	__u8 slot;

	cfg = bpf_map_lookup_elem(&nj_prof_cfg, &zero);
	if (!cfg || !cfg->enabled)
		return 0;
	pid_tgid = bpf_get_current_pid_tgid();
	tgid = pid_tgid >> 32;
	if (tgid == 0 && !cfg->include_idle)
		return 0;
	if (!nj_prof_selected(cfg, tgid))
		return 0;

	/* Read once: user space may flip it while this sample runs, and the stack
	 * ids and the count must land in the same pair. */
	slot = *(volatile const __u8 *)&cfg->slot;
	task = (struct task_struct *)bpf_get_current_task();
	kernel_thread = BPF_CORE_READ(task, mm) == NULL;
	key.tgid = tgid;
	key.reserved = 0;
	key.cgroup_id = bpf_get_current_cgroup_id();
	if (slot == 0) {
		key.user_stack_id = bpf_get_stackid(ctx, &nj_prof_stacks0, NJ_BPF_F_USER_STACK);
		key.kernel_stack_id = bpf_get_stackid(ctx, &nj_prof_stacks0, 0);
	} else {
		key.user_stack_id = bpf_get_stackid(ctx, &nj_prof_stacks1, NJ_BPF_F_USER_STACK);
		key.kernel_stack_id = bpf_get_stackid(ctx, &nj_prof_stacks1, 0);
	}
	nj_prof_stack_error(key.user_stack_id, true, kernel_thread);
	nj_prof_stack_error(key.kernel_stack_id, false, kernel_thread);
	if (slot == 0)
		nj_prof_add(&nj_prof_counts0, &key, task);
	else
		nj_prof_add(&nj_prof_counts1, &key, task);
	if (tgid != 0 && !kernel_thread)
		nj_prof_first_sight(tgid);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
