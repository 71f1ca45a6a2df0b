// SPDX-License-Identifier: GPL-2.0
/*
 * Runtime security events (observe only: every program returns 0, nothing is
 * blocked). User space (dev.nightjar.sensor.security.SecurityCollector) picks
 * the file-open hook at start, the first one this kernel loads:
 *
 *   lsm/file_open            BPF LSM: the opened file's full path (bpf_d_path)
 *   fentry/security_file_open the same function through a BPF trampoline
 *   tp/syscalls/sys_enter_openat, sys_enter_openat2
 *                            the path as the caller passed it, read from its
 *                            memory (relative paths stay relative)
 *
 * Every path goes through nj_sec_prefixes, an LPM trie of the policies' Prefix
 * and Equal values: an open whose path has no prefix there costs one string
 * copy and one trie lookup and goes no further (unless a policy needs every
 * open: nj_sec_config.all_opens_mask). A match is rate-limited per (process,
 * matching rules) in nj_sec_rate: the first `burst` per window go through the
 * ring buffer, the rest are only counted (suppressed_total, read by user space).
 *
 * Process tree and credentials: tp_btf sched_process_fork/exec/exit for
 * processes (thread-group leaders), every one through the ring buffer; fork and
 * exit records (and credential records) are only the event's head (192 bytes, not
 * the 1472 of a record with a path, argv and stacks), so a busy machine's process
 * churn takes little of the ring. The setuid family and capset (on exit, when they
 * succeeded) and setns, unshare, mount, ptrace, bpf, init_module, finit_module (on
 * entry) through syscall tracepoints, each only when a policy in force watches it
 * (nj_sec_config.call_mask: a tracer such as strace calls ptrace for every stop of
 * its tracee, which would flood the ring for nothing), and rate-limited per
 * (process, call) like the opens. Matching those against policies happens in user
 * space. Outbound TCP connects (tp_btf/inet_sock_set_state, SYN_SENT) likewise only
 * while a policy watches them, rate-limited per (process, destination address); the cluster's
 * ranges are matched in user space.
 */
#include "nightjar_common.h"
#include <bpf/bpf_tracing.h>

#define NJ_SEC_PATH 256
#define NJ_SEC_ARGS 512
#define NJ_SEC_STACK 32

/* Keep in step with SecurityRecords.java. */
enum nj_sec_type {
	NJ_SEC_OPEN = 1,
	NJ_SEC_EXEC = 2,
	NJ_SEC_FORK = 3,
	NJ_SEC_EXIT = 4,
	NJ_SEC_CREDS = 5,
	NJ_SEC_SYSCALL = 6,
	NJ_SEC_CONNECT = 7,
};

/* Which syscall a CREDS or SYSCALL record is about (SecurityRecords.CALLS). */
enum nj_sec_call {
	NJ_SEC_CALL_NONE = 0,
	NJ_SEC_CALL_SETUID = 1,
	NJ_SEC_CALL_SETREUID = 2,
	NJ_SEC_CALL_SETRESUID = 3,
	NJ_SEC_CALL_CAPSET = 4,
	NJ_SEC_CALL_SETNS = 5,
	NJ_SEC_CALL_UNSHARE = 6,
	NJ_SEC_CALL_MOUNT = 7,
	NJ_SEC_CALL_PTRACE = 8,
	NJ_SEC_CALL_BPF = 9,
	NJ_SEC_CALL_INIT_MODULE = 10,
	NJ_SEC_CALL_FINIT_MODULE = 11,
	NJ_SEC_CALL_OPENAT = 12,
	NJ_SEC_CALL_OPENAT2 = 13,
	NJ_SEC_CALL_FILE_OPEN = 14,
	NJ_SEC_CALL_CONNECT = 15,
};

struct nj_sec_config {
	__u64 all_opens_mask;   /* rules that need every open (Postfix, NotEqual, no path operator) */
	__u64 kstack_mask;      /* rules that ask for the kernel stack */
	__u64 ustack_mask;      /* rules that ask for the user stack */
	__u64 window_ns;        /* rate-limit window */
	__u32 burst;            /* events per (process, rules) and window; the rest are counted */
	__u32 self_tgid;        /* the sensor itself is never reported */
	__u8 opens_enabled;     /* 0: the open hooks return at once */
	__u8 reserved[3];
	__u32 call_mask;        /* 1 << enum nj_sec_call: the calls a policy watches (others send nothing) */
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct nj_sec_config);
} nj_sec_cfg SEC(".maps");

struct nj_sec_path_key {
	__u32 prefixlen; /* in bits */
	__u8 data[NJ_SEC_PATH];
};

struct nj_sec_prefix {
	__u64 prefix_mask; /* rules with a Prefix value that is a prefix of this key (this one included) */
	__u64 equal_mask;  /* rules with an Equal value of exactly this key */
	__u32 key_len;     /* bytes */
	__u32 reserved;
};

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 1024);
	__type(key, struct nj_sec_path_key);
	__type(value, struct nj_sec_prefix);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} nj_sec_prefixes SEC(".maps");

struct nj_sec_rate_key {
	__u32 tgid;
	__u32 call;  /* 0 for opens (mask: their rules); a syscall's enum nj_sec_call (mask 0, or for
		      * connects the destination address folded to 64 bits) */
	__u64 mask;
};

struct nj_sec_rate {
	__u64 window_start_ns;
	__u64 in_window;
	__u64 suppressed_total; /* only grows; user space reports the difference */
	__u64 matched_total;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 8192);
	__type(key, struct nj_sec_rate_key);
	__type(value, struct nj_sec_rate);
} nj_sec_rate SEC(".maps");

struct nj_sec_event {
	__u32 type;
	__u32 pid;          /* tgid */
	__u32 tid;
	__u32 ppid;         /* real parent's tgid */
	__u64 ktime_ns;
	__u64 cgroup_id;
	__u32 uid;
	__u32 euid;
	__u64 cap_effective;
	__u64 cap_permitted;
	__u32 ns[7];        /* inodes: net, pid (for children), mnt, uts, ipc, cgroup, user */
	__u32 call;         /* enum nj_sec_call */
	char comm[NJ_TASK_COMM_LEN];
	__u64 rule_mask;    /* OPEN: the rules whose path operator matched */
	__s64 ret;          /* CREDS: the return value */
	__u64 sargs[6];     /* SYSCALL: the arguments; FORK: sargs[0] = child tgid; EXIT: exit code;
			     * CONNECT: family, port, then the address (network order) in sargs[2..3] */
	__u32 path_len;     /* bytes in path, without the NUL */
	__u32 args_len;     /* bytes in args (argv, NUL-separated) */
	__s32 kstack_bytes; /* < 0: bpf_get_stack failed */
	__s32 ustack_bytes;
	__u64 start_time_ns; /* the process's start (boot clock) */
	char path[NJ_SEC_PATH];
	char args[NJ_SEC_ARGS];
	__u64 kstack[NJ_SEC_STACK];
	__u64 ustack[NJ_SEC_STACK];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4 * 1024 * 1024);
} nj_sec_events SEC(".maps");

/* One path being looked up, per CPU (too big for the stack). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct nj_sec_path_key);
} nj_sec_scratch SEC(".maps");

static __always_inline const struct nj_sec_config *nj_sec_config(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&nj_sec_cfg, &zero);
}

static __always_inline void nj_sec_fill(struct nj_sec_event *e, __u32 type, struct task_struct *task)
{
	const struct cred *cred = BPF_CORE_READ(task, cred);
	struct nsproxy *ns = BPF_CORE_READ(task, nsproxy);

	e->type = type;
	e->pid = BPF_CORE_READ(task, tgid);
	e->tid = BPF_CORE_READ(task, pid);
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	e->ktime_ns = bpf_ktime_get_ns(); /* the clock KernelClock maps */
	e->cgroup_id = bpf_get_current_cgroup_id();
	e->uid = BPF_CORE_READ(cred, uid.val);
	e->euid = BPF_CORE_READ(cred, euid.val);
	e->cap_effective = BPF_CORE_READ(cred, cap_effective.val);
	e->cap_permitted = BPF_CORE_READ(cred, cap_permitted.val);
	e->ns[0] = BPF_CORE_READ(ns, net_ns, ns.inum);
	e->ns[1] = BPF_CORE_READ(ns, pid_ns_for_children, ns.inum);
	e->ns[2] = BPF_CORE_READ(ns, mnt_ns, ns.inum);
	e->ns[3] = BPF_CORE_READ(ns, uts_ns, ns.inum);
	e->ns[4] = BPF_CORE_READ(ns, ipc_ns, ns.inum);
	e->ns[5] = BPF_CORE_READ(ns, cgroup_ns, ns.inum);
	e->ns[6] = BPF_CORE_READ(cred, user_ns, ns.inum);
	e->start_time_ns = BPF_CORE_READ(task, group_leader, start_boottime);
	BPF_CORE_READ_STR_INTO(&e->comm, task, comm);
	e->call = 0;
	e->rule_mask = 0;
	e->ret = 0;
	e->path_len = 0;
	e->args_len = 0;
	e->kstack_bytes = 0;
	e->ustack_bytes = 0;
}

/* A record of only the head (no path, argv or stacks): fork, exit, credentials. */
#define NJ_SEC_HEAD_SIZE __builtin_offsetof(struct nj_sec_event, path)

/* Records of NJ_SEC_HEAD_SIZE must only have their head written (the verifier holds them to it). */
static __always_inline struct nj_sec_event *nj_sec_reserve_size(__u64 size)
{
	struct nj_sec_event *e = bpf_ringbuf_reserve(&nj_sec_events, size, 0);

	if (!e)
		nj_count(NJ_COUNTER_RINGBUF_FULL);
	return e;
}

static __always_inline struct nj_sec_event *nj_sec_reserve(void)
{
	struct nj_sec_event *e = bpf_ringbuf_reserve(&nj_sec_events, sizeof(*e), 0);

	if (!e)
		nj_count(NJ_COUNTER_RINGBUF_FULL);
	return e;
}

/* True when this match may be sent now; otherwise it is counted as suppressed. */
static __always_inline bool nj_sec_admit(const struct nj_sec_config *cfg, __u32 tgid, __u32 call, __u64 mask)
{
	struct nj_sec_rate_key key = {.tgid = tgid, .call = call, .mask = mask};
	struct nj_sec_rate fresh = {};
	struct nj_sec_rate *rate;
	__u64 now = bpf_ktime_get_ns();

	rate = bpf_map_lookup_elem(&nj_sec_rate, &key);
	if (!rate) {
		fresh.window_start_ns = now;
		bpf_map_update_elem(&nj_sec_rate, &key, &fresh, BPF_NOEXIST);
		rate = bpf_map_lookup_elem(&nj_sec_rate, &key);
		if (!rate) {
			nj_count(NJ_COUNTER_MAP_FULL);
			return true; /* no room to count: send it rather than lose it */
		}
	}
	__sync_fetch_and_add(&rate->matched_total, 1);
	if (now - rate->window_start_ns > cfg->window_ns) {
		rate->window_start_ns = now;
		rate->in_window = 0;
	}
	if (__sync_fetch_and_add(&rate->in_window, 1) < cfg->burst)
		return true;
	__sync_fetch_and_add(&rate->suppressed_total, 1);
	return false;
}

/* The rules whose path operator this path matches (key->prefixlen and data filled). */
static __always_inline __u64 nj_sec_path_rules(const struct nj_sec_config *cfg, struct nj_sec_path_key *key,
					       __u32 len)
{
	struct nj_sec_prefix *hit = bpf_map_lookup_elem(&nj_sec_prefixes, key);
	__u64 mask = cfg->all_opens_mask;

	if (hit) {
		mask |= hit->prefix_mask;
		if (hit->key_len == len)
			mask |= hit->equal_mask;
	}
	return mask;
}

/* Matches the path in the scratch key against the rules and sends or counts it. */
static __always_inline void nj_sec_open(void *ctx, struct nj_sec_path_key *key, long copied, __u32 call)
{
	const struct nj_sec_config *cfg = nj_sec_config();
	struct task_struct *task;
	struct nj_sec_event *e;
	__u32 len;
	__u64 mask;

	if (!cfg || copied <= 0)
		return;
	len = (__u32)copied - 1; /* without the NUL */
	if (len > NJ_SEC_PATH - 1)
		len = NJ_SEC_PATH - 1;
	key->prefixlen = len * 8;
	mask = nj_sec_path_rules(cfg, key, len);
	if (!mask)
		return;
	task = bpf_get_current_task_btf();
	if (!nj_sec_admit(cfg, task->tgid, 0, mask))
		return;
	e = nj_sec_reserve();
	if (!e)
		return;
	nj_sec_fill(e, NJ_SEC_OPEN, task);
	e->call = call;
	e->rule_mask = mask;
	e->path_len = len;
	bpf_probe_read_kernel(e->path, sizeof(e->path), key->data);
	if (mask & cfg->kstack_mask)
		e->kstack_bytes = bpf_get_stack(ctx, e->kstack, sizeof(e->kstack), 0);
	if (mask & cfg->ustack_mask)
		e->ustack_bytes = bpf_get_stack(ctx, e->ustack, sizeof(e->ustack), BPF_F_USER_STACK);
	bpf_ringbuf_submit(e, 0);
}

static __always_inline struct nj_sec_path_key *nj_sec_scratch_key(const struct nj_sec_config **cfg)
{
	__u32 zero = 0;

	*cfg = nj_sec_config();
	if (!*cfg || !(*cfg)->opens_enabled)
		return NULL;
	if ((bpf_get_current_pid_tgid() >> 32) == (*cfg)->self_tgid)
		return NULL;
	return bpf_map_lookup_elem(&nj_sec_scratch, &zero);
}

static __always_inline void nj_sec_user_open(void *ctx, const char *user_path, __u32 call)
{
	const struct nj_sec_config *cfg;
	struct nj_sec_path_key *key = nj_sec_scratch_key(&cfg);
	long copied;

	if (!key)
		return;
	copied = bpf_probe_read_user_str(key->data, sizeof(key->data), user_path);
	nj_sec_open(ctx, key, copied, call);
}

/* The LSM and fentry hooks: the opened file's full path. */
static __always_inline void nj_sec_file_open(void *ctx, struct file *file)
{
	const struct nj_sec_config *cfg;
	struct nj_sec_path_key *key = nj_sec_scratch_key(&cfg);
	long copied;

	if (!key)
		return;
	copied = bpf_d_path((struct path *)&file->f_path, (char *)key->data, sizeof(key->data));
	nj_sec_open(ctx, key, copied, NJ_SEC_CALL_FILE_OPEN);
}

SEC("lsm/file_open")
int BPF_PROG(nj_sec_lsm_file_open, struct file *file)
{
	nj_sec_file_open(ctx, file);
	return 0;
}

SEC("fentry/security_file_open")
int BPF_PROG(nj_sec_fentry_file_open, struct file *file)
{
	nj_sec_file_open(ctx, file);
	return 0;
}

SEC("tp/syscalls/sys_enter_openat")
int nj_sec_tp_openat(struct trace_event_raw_sys_enter *ctx)
{
	nj_sec_user_open(ctx, (const char *)ctx->args[1], NJ_SEC_CALL_OPENAT);
	return 0;
}

SEC("tp/syscalls/sys_enter_openat2")
int nj_sec_tp_openat2(struct trace_event_raw_sys_enter *ctx)
{
	nj_sec_user_open(ctx, (const char *)ctx->args[1], NJ_SEC_CALL_OPENAT2);
	return 0;
}

/* ------------------------------------------------------------ process tree */

SEC("tp_btf/sched_process_fork")
int BPF_PROG(nj_sec_fork, struct task_struct *parent, struct task_struct *child)
{
	struct nj_sec_event *e;

	if (child->pid != child->tgid)
		return 0; /* a thread, not a process */
	e = nj_sec_reserve_size(NJ_SEC_HEAD_SIZE);
	if (!e)
		return 0;
	nj_sec_fill(e, NJ_SEC_FORK, child);
	e->ppid = parent->tgid;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(nj_sec_exec, struct task_struct *task, pid_t old_pid, struct linux_binprm *bprm)
{
	unsigned long arg_start, arg_end, len;
	struct nj_sec_event *e;
	long copied;

	e = nj_sec_reserve();
	if (!e)
		return 0;
	nj_sec_fill(e, NJ_SEC_EXEC, task);
	copied = bpf_probe_read_kernel_str(e->path, sizeof(e->path), BPF_CORE_READ(bprm, filename));
	e->path_len = copied > 0 ? copied - 1 : 0;
	arg_start = BPF_CORE_READ(task, mm, arg_start);
	arg_end = BPF_CORE_READ(task, mm, arg_end);
	len = arg_end > arg_start ? arg_end - arg_start : 0;
	if (len > NJ_SEC_ARGS)
		len = NJ_SEC_ARGS;
	if (len > 0 && bpf_probe_read_user(e->args, len & (NJ_SEC_ARGS - 1) ? len & (NJ_SEC_ARGS - 1) : NJ_SEC_ARGS,
					   (const void *)arg_start) == 0)
		e->args_len = len;
	e->sargs[0] = arg_end - arg_start; /* the whole argv's size, to tell a cut one */
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(nj_sec_exit, struct task_struct *task)
{
	struct nj_sec_event *e;

	if (task->pid != task->tgid)
		return 0;
	e = nj_sec_reserve_size(NJ_SEC_HEAD_SIZE);
	if (!e)
		return 0;
	nj_sec_fill(e, NJ_SEC_EXIT, task);
	e->sargs[0] = task->exit_code;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

/* ------------------------------------------------------------ outbound connects */

/*
 * A TCP connect (the socket entering SYN_SENT, in the connecting task's context), while a policy
 * watches connects. Head-only records. Whether the address is outside the cluster's ranges is
 * the policy's to say, in the sensor; here connects are rate-limited per (process, destination
 * address): a retry loop to one address sends `burst` records per window and counts the rest, and
 * the sensor reports those counts with the policies the address matched. Keyed by the destination
 * (not the process alone) so that a process busy connecting inside the cluster cannot crowd out,
 * or have counted under no policy, its connects elsewhere.
 */
SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(nj_sec_connect, const struct sock *sk, const int oldstate, const int newstate)
{
	const struct nj_sec_config *cfg;
	struct task_struct *task;
	struct nj_sec_event *e;
	__u64 daddr[2] = {};
	__u16 family;

	if (newstate != TCP_SYN_SENT)
		return 0;
	cfg = nj_sec_config();
	if (!cfg || !(cfg->call_mask & (1U << NJ_SEC_CALL_CONNECT)))
		return 0;
	task = bpf_get_current_task_btf();
	if (task->tgid == cfg->self_tgid)
		return 0;
	family = sk->__sk_common.skc_family;
	if (family == NJ_AF_INET) {
		*(__u32 *)&daddr[0] = sk->__sk_common.skc_daddr;
	} else if (family == NJ_AF_INET6) {
		__u32 *a = (__u32 *)daddr;

		a[0] = sk->__sk_common.skc_v6_daddr.in6_u.u6_addr32[0];
		a[1] = sk->__sk_common.skc_v6_daddr.in6_u.u6_addr32[1];
		a[2] = sk->__sk_common.skc_v6_daddr.in6_u.u6_addr32[2];
		a[3] = sk->__sk_common.skc_v6_daddr.in6_u.u6_addr32[3];
	} else {
		return 0;
	}
	/* The rate key's mask: the address's bytes as two words, folded (SecurityRecords.connectRateMask). */
	if (!nj_sec_admit(cfg, task->tgid, NJ_SEC_CALL_CONNECT, daddr[0] ^ daddr[1]))
		return 0;
	e = nj_sec_reserve_size(NJ_SEC_HEAD_SIZE);
	if (!e)
		return 0;
	nj_sec_fill(e, NJ_SEC_CONNECT, task);
	e->call = NJ_SEC_CALL_CONNECT;
	e->sargs[0] = family;
	e->sargs[1] = bpf_ntohs(sk->__sk_common.skc_dport);
	e->sargs[2] = daddr[0];
	e->sargs[3] = daddr[1];
	bpf_ringbuf_submit(e, 0);
	return 0;
}

/* ------------------------------------------------------------ credentials and sensitive syscalls */

/*
 * After a setuid-family call or capset that succeeded, whatever it changed to: user space keeps
 * every process's credentials, so it can tell a later raise (a setuid-root exec) from none. Only
 * while a privilege policy is in force (call_mask), and never rate-limited: a process's creds
 * change rarely, and a lost one would hide the raise that follows.
 */
static __always_inline void nj_sec_creds(struct trace_event_raw_sys_exit *ctx, __u32 call)
{
	const struct nj_sec_config *cfg = nj_sec_config();
	struct task_struct *task = bpf_get_current_task_btf();
	struct nj_sec_event *e;

	if (!cfg || ctx->ret != 0 || task->tgid == cfg->self_tgid || !(cfg->call_mask & (1U << call)))
		return;
	e = nj_sec_reserve_size(NJ_SEC_HEAD_SIZE);
	if (!e)
		return;
	nj_sec_fill(e, NJ_SEC_CREDS, task);
	e->call = call;
	e->ret = ctx->ret;
	bpf_ringbuf_submit(e, 0);
}

/*
 * nargs: how many arguments the syscall has. The kernel refuses to attach a program that reads
 * past the tracepoint's record (EACCES), and setns's record holds 2 arguments, not 6.
 */
static __always_inline void nj_sec_syscall(struct trace_event_raw_sys_enter *ctx, __u32 call, int nargs)
{
	const struct nj_sec_config *cfg = nj_sec_config();
	struct task_struct *task = bpf_get_current_task_btf();
	struct nj_sec_event *e;

	if (!cfg || task->tgid == cfg->self_tgid || !(cfg->call_mask & (1U << call)))
		return;
	if (!nj_sec_admit(cfg, task->tgid, call, 0))
		return;
	e = nj_sec_reserve();
	if (!e)
		return;
	nj_sec_fill(e, NJ_SEC_SYSCALL, task);
	e->call = call;
	/* one by one: the verifier refuses a context read at a variable offset */
	e->sargs[0] = nargs > 0 ? ctx->args[0] : 0;
	e->sargs[1] = nargs > 1 ? ctx->args[1] : 0;
	e->sargs[2] = nargs > 2 ? ctx->args[2] : 0;
	e->sargs[3] = nargs > 3 ? ctx->args[3] : 0;
	e->sargs[4] = nargs > 4 ? ctx->args[4] : 0;
	e->sargs[5] = 0;
	if (call == NJ_SEC_CALL_MOUNT) {
		long copied = bpf_probe_read_user_str(e->path, sizeof(e->path), (const char *)e->sargs[1]);

		e->path_len = copied > 0 ? copied - 1 : 0;
	}
	if (cfg->kstack_mask)
		e->kstack_bytes = bpf_get_stack(ctx, e->kstack, sizeof(e->kstack), 0);
	if (cfg->ustack_mask)
		e->ustack_bytes = bpf_get_stack(ctx, e->ustack, sizeof(e->ustack), BPF_F_USER_STACK);
	bpf_ringbuf_submit(e, 0);
}

#define NJ_SEC_CREDS_PROG(name, call)                                           \
	SEC("tp/syscalls/sys_exit_" #name)                                      \
	int nj_sec_exit_##name(struct trace_event_raw_sys_exit *ctx)            \
	{                                                                       \
		nj_sec_creds(ctx, call);                                        \
		return 0;                                                       \
	}

#define NJ_SEC_SYSCALL_PROG(name, call, nargs)                                  \
	SEC("tp/syscalls/sys_enter_" #name)                                     \
	int nj_sec_enter_##name(struct trace_event_raw_sys_enter *ctx)          \
	{                                                                       \
		nj_sec_syscall(ctx, call, nargs);                               \
		return 0;                                                       \
	}

NJ_SEC_CREDS_PROG(setuid, NJ_SEC_CALL_SETUID)
NJ_SEC_CREDS_PROG(setreuid, NJ_SEC_CALL_SETREUID)
NJ_SEC_CREDS_PROG(setresuid, NJ_SEC_CALL_SETRESUID)
NJ_SEC_CREDS_PROG(capset, NJ_SEC_CALL_CAPSET)
NJ_SEC_SYSCALL_PROG(setns, NJ_SEC_CALL_SETNS, 2)
NJ_SEC_SYSCALL_PROG(unshare, NJ_SEC_CALL_UNSHARE, 1)
NJ_SEC_SYSCALL_PROG(mount, NJ_SEC_CALL_MOUNT, 5)
NJ_SEC_SYSCALL_PROG(ptrace, NJ_SEC_CALL_PTRACE, 4)
NJ_SEC_SYSCALL_PROG(bpf, NJ_SEC_CALL_BPF, 3)
NJ_SEC_SYSCALL_PROG(init_module, NJ_SEC_CALL_INIT_MODULE, 3)
NJ_SEC_SYSCALL_PROG(finit_module, NJ_SEC_CALL_FINIT_MODULE, 3)

char LICENSE[] SEC("license") = "GPL";
