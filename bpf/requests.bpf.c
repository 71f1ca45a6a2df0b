// SPDX-License-Identifier: GPL-2.0
/*
 * Socket payload for the request parsers (RequestCollector): a copy of the
 * first max_bytes of every read/write/recvfrom/sendto/readv/writev/recvmsg/
 * sendmsg on a socket by a selected task, and a count (no copy) of what
 * sendfile/splice sent. One ring buffer record per call (nj_req_chunks).
 *
 * Three stages per call:
 *   enter  the syscall's entry tracepoint: a selected task's arguments are
 *          kept in task-local storage (nj_req_calls).
 *   sock   tp_btf/sock_send_length and sock_recv_length, which the kernel runs
 *          inside sock_sendmsg/sock_recvmsg with the socket: the call learns
 *          its socket (cookie, addresses, role). A call on anything else never
 *          gets here and is forgotten at exit.
 *   exit   the syscall's exit tracepoint: the bytes the call moved are copied
 *          from the user's buffers (they are in place by then, the received
 *          ones too) through a per-CPU scratch buffer into the ring; for an
 *          unconnected UDP socket the datagram's peer is read from the user's
 *          sockaddr (recvfrom and recvmsg write it only after sock_recvmsg).
 *
 * Entry points, chosen by user space at start (RequestCollector):
 *   tracepoint  syscalls:sys_enter_<call> / sys_exit_<call>: only these calls run a
 *               program (every syscall takes the kernel's traced entry path while
 *               one syscall tracepoint is on).
 *   raw         tp_btf raw_syscalls sys_enter / sys_exit, when the syscall
 *               tracepoints cannot attach (no tracefs): every syscall of every
 *               task then runs a program.
 *
 * TLS (OpenSSL): uprobes on SSL_write/SSL_read(_ex) keep the call's buffer per
 * thread (nj_req_tls); the socket call made inside it is ciphertext and is not
 * sent, but gives the plaintext its connection; the uretprobe copies the
 * plaintext (tls = 1). A socket whose first bytes are a TLS handshake record is
 * marked in its storage and none of its socket-level chunks is sent again, so
 * ciphertext (from OpenSSL or any other library) never reaches a parser.
 *
 * Connection ids are the kernel's socket cookies (bpf_get_socket_cookie):
 * unique for the boot, never reused.
 */
#include "nightjar_net.h"
#include <bpf/bpf_tracing.h>

#define NJ_REQ_MAX_BYTES 8192      /* the kernel's cap per call (power of two) */
#define NJ_REQ_MAX_IOV 16          /* iovecs copied per call at most */
#define NJ_REQ_MSG_PEEK 2

enum nj_req_op {
	NJ_OP_NONE = 0,
	NJ_OP_READ = 1,
	NJ_OP_WRITE = 2,
	NJ_OP_READV = 3,
	NJ_OP_WRITEV = 4,
	NJ_OP_RECVFROM = 5,
	NJ_OP_SENDTO = 6,
	NJ_OP_RECVMSG = 7,
	NJ_OP_SENDMSG = 8,
	NJ_OP_SENDFILE = 9,
	NJ_OP_SPLICE = 10,
};

enum nj_req_record {
	NJ_REQ_DATA = 1,
	NJ_REQ_CLOSE = 2,
	NJ_REQ_PROCESS = 3,   /* a selected process seen for the first time */
};

enum nj_req_role { NJ_REQ_ROLE_UNKNOWN = 0, NJ_REQ_ROLE_CLIENT = 1, NJ_REQ_ROLE_SERVER = 2 };

/* Indexes into nj_req_errors. Keep in step with RequestRecords.java. */
enum nj_req_error {
	NJ_REQ_CALL_UNTRACKED = 0,  /* no task storage for a call: its chunk is lost */
	NJ_REQ_TLS_NO_CONN = 1,     /* TLS plaintext whose socket was never seen: lost */
	NJ_REQ_COPY_FAILED = 2,     /* the user's buffer could not be read: lost */
	NJ_REQ_ERROR_MAX = 4,
};

/* Keep in step with RequestRecords.java (config). */
struct nj_req_config {
	__u32 self_tgid;
	__u32 max_bytes;      /* copied per call, at most NJ_REQ_MAX_BYTES */
	__u32 cgroup_depths;  /* bit n: a selected cgroup sits at depth n */
	__u8 enabled;
	__u8 whole_node;
	__u8 reserved[2];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct nj_req_config);
} nj_req_cfg SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, NJ_REQ_ERROR_MAX);
	__type(key, __u32);
	__type(value, __u64);
} nj_req_errors SEC(".maps");

/* The socket a call or a TLS session used. */
struct nj_req_conn {
	__u64 cookie;         /* 0: no socket seen */
	__u8 laddr[16];
	__u8 raddr[16];
	__u16 lport;
	__u16 rport;
	__u8 family;
	__u8 protocol;
	__u8 role;
	__u8 connected;       /* UDP: connect()ed, the socket's peer is the datagram's */
	__u32 netns;
	__s32 fd;
};

/* The syscall in progress, per task. op NJ_OP_NONE: none. */
struct nj_req_call {
	__u64 buf;            /* buffer, iovec array or user_msghdr */
	__u64 addr;           /* sendto/recvfrom: the user's sockaddr */
	__u64 count;          /* readv/writev: iovec count */
	struct nj_req_conn conn;
	__u8 op;
	__u8 skip;            /* MSG_PEEK, or a TLS socket's ciphertext */
	__u8 reserved[6];
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct nj_req_call);
} nj_req_calls SEC(".maps");

/* Per socket: its role, and whether its payload is TLS ciphertext. */
#define NJ_REQ_SOCK_SEEN 1     /* a chunk was sent: its close is reported */
#define NJ_REQ_SOCK_CIPHER 2   /* began with a TLS handshake record */
#define NJ_REQ_SOCK_FIRST 4    /* its first bytes were looked at */

struct nj_req_sock {
	__u8 role;
	__u8 flags;
	__u8 reserved[6];
};

struct {
	__uint(type, BPF_MAP_TYPE_SK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct nj_req_sock);
} nj_req_socks SEC(".maps");

/* A TLS library call in progress, per thread. */
struct nj_req_tls_call {
	__u64 ssl;
	__u64 buf;
	__u64 size_out;       /* SSL_*_ex: where the library writes the byte count */
	struct nj_req_conn conn;
	__u8 sent;            /* SSL_write */
	__u8 reserved[7];
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 8192);
	__type(key, __u32);
	__type(value, struct nj_req_tls_call);
} nj_req_tls SEC(".maps");

/* The socket of each TLS session (by process and SSL pointer): SSL_read served
 * from the library's buffer makes no socket call of its own. */
struct nj_req_tls_key {
	__u64 ssl;
	__u32 tgid;
	__u32 reserved;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, struct nj_req_tls_key);
	__type(value, struct nj_req_conn);
} nj_req_tls_conns SEC(".maps");

/* Processes already announced (NJ_REQ_PROCESS), by thread group id, with the
 * address of their memory map: an exec replaces it (new libraries to probe),
 * and so announces the process again. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 8192);
	__type(key, __u32);
	__type(value, __u64);
} nj_req_procs SEC(".maps");

/* One record. Keep in step with RequestRecords.java. */
struct nj_req_chunk {
	__u64 cookie;
	__u64 ts_ns;          /* bpf_ktime_get_ns() at the call's return */
	__u64 call_bytes;     /* what the call moved */
	__u64 cgroup_id;
	__u32 pid;
	__u32 tid;
	__s32 fd;
	__u32 netns;
	__u32 data_len;       /* bytes of data that follow */
	__u8 kind;            /* enum nj_req_record */
	__u8 sent;            /* 1: the process sent it, 0: received */
	__u8 role;            /* enum nj_req_role */
	__u8 tls;
	__u8 family;
	__u8 protocol;
	__u8 op;              /* enum nj_req_op */
	__u8 reserved;
	__u16 lport;
	__u16 rport;
	__u8 laddr[16];
	__u8 raddr[16];
	char comm[NJ_TASK_COMM_LEN];
};

/* The record under construction: header, then room for the copy (twice the
 * cap, so the verifier can bound "offset + length" of an iovec's copy). */
struct nj_req_scratch {
	struct nj_req_chunk hdr;
	__u8 data[2 * NJ_REQ_MAX_BYTES];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct nj_req_scratch);
} nj_req_scratch SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4 << 20);
} nj_req_chunks SEC(".maps");

const struct nj_req_chunk *nj_req_chunk_layout __attribute__((unused));
const struct nj_req_config *nj_req_config_layout __attribute__((unused));

static __always_inline const struct nj_req_config *nj_req_config(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&nj_req_cfg, &zero);
}

static __always_inline void nj_req_error(__u32 which)
{
	nj_count_at(&nj_req_errors, which);
}

/* A selected task that is not the sensor. */
static __always_inline bool nj_req_task_selected(void)
{
	const struct nj_req_config *cfg = nj_req_config();
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;

	return cfg && cfg->enabled && tgid != cfg->self_tgid
		&& nj_task_selected(cfg->whole_node, cfg->cgroup_depths, tgid);
}

/*
 * Announces the current process to user space (which probes the TLS library it
 * maps) at its first call on an inet socket, and again after an exec: by then
 * its libraries are loaded, which they may not be at its first read (the
 * dynamic loader reads them one by one).
 */
static __always_inline void nj_req_announce(void)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	struct nj_req_chunk *rec;
	__u64 mm, *known;

	mm = (__u64)bpf_get_current_task_btf()->mm;
	known = bpf_map_lookup_elem(&nj_req_procs, &tgid);
	if (known && *known == mm)
		return;
	bpf_map_update_elem(&nj_req_procs, &tgid, &mm, BPF_ANY);
	rec = bpf_ringbuf_reserve(&nj_req_chunks, sizeof(*rec), 0);
	if (!rec) {
		nj_count(NJ_COUNTER_RINGBUF_FULL);
		return;
	}
	__builtin_memset(rec, 0, sizeof(*rec));
	rec->kind = NJ_REQ_PROCESS;
	rec->pid = tgid;
	rec->ts_ns = bpf_ktime_get_ns();
	bpf_get_current_comm(&rec->comm, sizeof(rec->comm));
	bpf_ringbuf_submit(rec, 0);
}

/* ------------------------------------------------------------ enter */

static __always_inline void nj_req_enter(__u8 op, long fd, __u64 buf, __u64 count, __u64 addr)
{
	struct nj_req_call *call;

	if (!nj_req_task_selected())
		return;
	call = bpf_task_storage_get(&nj_req_calls, bpf_get_current_task_btf(), 0,
				    BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!call) {
		nj_req_error(NJ_REQ_CALL_UNTRACKED);
		return;
	}
	call->buf = buf;
	call->addr = addr;
	call->count = count;
	call->conn.cookie = 0;
	call->conn.fd = (__s32)fd;
	call->skip = 0;
	call->op = op;
}

static __always_inline bool nj_req_op_sends(__u8 op)
{
	return op == NJ_OP_WRITE || op == NJ_OP_WRITEV || op == NJ_OP_SENDTO || op == NJ_OP_SENDMSG
		|| op == NJ_OP_SENDFILE || op == NJ_OP_SPLICE;
}

/* ------------------------------------------------------------ sock */

static __always_inline struct nj_req_call *nj_req_current_call(void)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct nj_req_call *call;

	/* Every socket send and receive of the node gets here: a task that never had
	 * local storage costs one load. */
	if (!task->bpf_storage)
		return NULL;
	call = bpf_task_storage_get(&nj_req_calls, task, 0, 0);
	return call && call->op != NJ_OP_NONE ? call : NULL;
}

/* The first user buffer of the call (for the TLS handshake check). */
static __always_inline __u64 nj_req_first_buf(const struct nj_req_call *call)
{
	struct user_msghdr msg;
	struct iovec iov;
	__u64 iovs = call->buf;

	switch (call->op) {
	case NJ_OP_READ: case NJ_OP_WRITE: case NJ_OP_RECVFROM: case NJ_OP_SENDTO:
		return call->buf;
	case NJ_OP_RECVMSG: case NJ_OP_SENDMSG:
		if (bpf_probe_read_user(&msg, sizeof(msg), (void *)call->buf))
			return 0;
		iovs = (__u64)msg.msg_iov;
		/* fall through */
	case NJ_OP_READV: case NJ_OP_WRITEV:
		if (bpf_probe_read_user(&iov, sizeof(iov), (void *)iovs))
			return 0;
		return (__u64)iov.iov_base;
	}
	return 0;
}

/* A TLS record header of a handshake: content type 22, version 3.x. */
static __always_inline bool nj_req_starts_tls(const struct nj_req_call *call)
{
	__u64 buf = nj_req_first_buf(call);
	__u8 head[3];

	if (!buf || bpf_probe_read_user(head, sizeof(head), (void *)buf))
		return false;
	return head[0] == 22 && head[1] == 3 && head[2] <= 4;
}

static __always_inline void nj_req_on_sock(struct sock *sk, int ret, bool sent)
{
	struct nj_req_call *call = nj_req_current_call();
	struct nj_req_sock *s;
	struct nj_tuple t;
	__u16 family;
	__u8 protocol;

	if (!call || call->conn.cookie || nj_req_op_sends(call->op) != sent)
		return;
	family = sk->__sk_common.skc_family;
	if (family != NJ_AF_INET && family != NJ_AF_INET6)
		return;  /* unix sockets and the rest: not requests we parse */
	protocol = sk->sk_protocol;
	if (protocol != NJ_IPPROTO_TCP && protocol != NJ_IPPROTO_UDP)
		return;
	nj_req_announce();
	s = bpf_sk_storage_get(&nj_req_socks, sk, 0, BPF_SK_STORAGE_GET_F_CREATE);
	if (!s) {
		nj_count(NJ_COUNTER_MAP_FULL);
		return;
	}
	if (!(s->flags & NJ_REQ_SOCK_FIRST) && ret > 0) {
		s->flags |= NJ_REQ_SOCK_FIRST;
		if (nj_req_starts_tls(call))
			s->flags |= NJ_REQ_SOCK_CIPHER;
	}
	__builtin_memset(&t, 0, sizeof(t));
	nj_tuple_from_sock(&t, sk);
	__builtin_memcpy(call->conn.laddr, t.saddr, 16);
	__builtin_memcpy(call->conn.raddr, t.daddr, 16);
	call->conn.lport = t.sport;
	call->conn.rport = t.dport;
	call->conn.family = t.family;
	call->conn.protocol = protocol;
	call->conn.connected = sk->__sk_common.skc_state == TCP_ESTABLISHED;
	call->conn.role = s->role;
	if (protocol == NJ_IPPROTO_UDP && call->conn.connected)
		call->conn.role = NJ_REQ_ROLE_CLIENT;
	call->conn.netns = nj_sock_netns(sk);
	call->conn.cookie = bpf_get_socket_cookie(sk);
	if (s->flags & NJ_REQ_SOCK_CIPHER)
		call->skip = 1;
	else if (ret > 0)
		s->flags |= NJ_REQ_SOCK_SEEN;
}

SEC("tp_btf/sock_send_length")
int BPF_PROG(nj_req_send_length, struct sock *sk, int ret, int flags)
{
	nj_req_on_sock(sk, ret, true);
	return 0;
}

SEC("tp_btf/sock_recv_length")
int BPF_PROG(nj_req_recv_length, struct sock *sk, int ret, int flags)
{
	struct nj_req_call *call;

	if (flags & NJ_REQ_MSG_PEEK) {
		/* A peek is read again by the real receive: not a chunk of its own. */
		call = nj_req_current_call();
		if (call)
			call->skip = 1;
		return 0;
	}
	nj_req_on_sock(sk, ret, false);
	return 0;
}

/* TCP roles from the connection's birth; a socket older than the capture stays UNKNOWN. */
SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(nj_req_state, const struct sock *sk, int oldstate, int newstate)
{
	const struct nj_req_config *cfg;
	struct nj_req_sock *s;
	struct nj_req_chunk *rec;

	if (sk->sk_protocol != NJ_IPPROTO_TCP)
		return 0;
	if (newstate == TCP_SYN_SENT || newstate == TCP_SYN_RECV) {
		cfg = nj_req_config();
		if (!cfg || !cfg->enabled)
			return 0;
		/* connect() runs in the connecting task: only selected ones. An
		 * accepted child is born in softirq, where no task says whose it is. */
		if (newstate == TCP_SYN_SENT && !nj_req_task_selected())
			return 0;
		s = bpf_sk_storage_get(&nj_req_socks, (void *)sk, 0, BPF_SK_STORAGE_GET_F_CREATE);
		if (s)
			s->role = newstate == TCP_SYN_SENT ? NJ_REQ_ROLE_CLIENT : NJ_REQ_ROLE_SERVER;
		return 0;
	}
	if (newstate != TCP_CLOSE)
		return 0;
	s = bpf_sk_storage_get(&nj_req_socks, (void *)sk, 0, 0);
	if (!s || !(s->flags & NJ_REQ_SOCK_SEEN))
		return 0;
	s->flags &= ~NJ_REQ_SOCK_SEEN;
	rec = bpf_ringbuf_reserve(&nj_req_chunks, sizeof(*rec), 0);
	if (!rec) {
		nj_count(NJ_COUNTER_RINGBUF_FULL);
		return 0;
	}
	__builtin_memset(rec, 0, sizeof(*rec));
	rec->kind = NJ_REQ_CLOSE;
	rec->cookie = bpf_get_socket_cookie((void *)sk);
	rec->ts_ns = bpf_ktime_get_ns();
	rec->protocol = NJ_IPPROTO_TCP;
	bpf_ringbuf_submit(rec, 0);
	return 0;
}

/* ------------------------------------------------------------ exit: copy */

/* Reads a sockaddr_in/in6 from user memory into addr/port; false when there is none. */
static __always_inline bool nj_req_user_peer(__u64 uaddr, __u8 *addr, __u16 *port, __u8 *family)
{
	struct sockaddr_in6 sa;

	if (!uaddr || bpf_probe_read_user(&sa, sizeof(sa), (void *)uaddr))
		return false;
	if (sa.sin6_family == NJ_AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)&sa;

		__builtin_memset(addr, 0, 16);
		*(__u32 *)addr = in->sin_addr.s_addr;
		*port = bpf_ntohs(in->sin_port);
	} else if (sa.sin6_family == NJ_AF_INET6) {
		__builtin_memcpy(addr, &sa.sin6_addr, 16);
		*port = bpf_ntohs(sa.sin6_port);
	} else {
		return false;
	}
	*family = (__u8)sa.sin6_family;
	return true;
}

/* Copies up to `limit` bytes from the iovecs into data; returns the bytes copied. */
static __always_inline __u32 nj_req_copy_iov(__u8 *data, __u64 iovs, __u64 count, __u32 limit)
{
	struct iovec iov;
	__u32 off = 0, at;
	__u64 n;

	for (int i = 0; i < NJ_REQ_MAX_IOV; i++) {
		if (i >= count || off >= limit || off >= NJ_REQ_MAX_BYTES)
			break;
		if (bpf_probe_read_user(&iov, sizeof(iov), (void *)(iovs + i * sizeof(iov))))
			break;
		n = iov.iov_len;
		if (n > limit - off)
			n = limit - off;
		if (n > NJ_REQ_MAX_BYTES)
			n = NJ_REQ_MAX_BYTES;
		if (n == 0)
			continue;
		at = off;
		/* Keep clang from dropping the mask: the verifier needs it to bound at + n. */
		asm volatile("" : "+r"(at));
		at &= NJ_REQ_MAX_BYTES - 1;
		if (bpf_probe_read_user(data + at, n, iov.iov_base))
			break;
		off += n;
	}
	return off;
}

static __always_inline void nj_req_fill_conn(struct nj_req_chunk *hdr, const struct nj_req_conn *conn)
{
	hdr->cookie = conn->cookie;
	hdr->fd = conn->fd;
	hdr->netns = conn->netns;
	hdr->role = conn->role;
	hdr->family = conn->family;
	hdr->protocol = conn->protocol;
	hdr->lport = conn->lport;
	hdr->rport = conn->rport;
	__builtin_memcpy(hdr->laddr, conn->laddr, 16);
	__builtin_memcpy(hdr->raddr, conn->raddr, 16);
}

static __always_inline struct nj_req_scratch *nj_req_begin(const struct nj_req_conn *conn, __u64 bytes,
							    __u8 op, bool sent, bool tls)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct nj_req_scratch *rec;
	__u32 zero = 0;

	rec = bpf_map_lookup_elem(&nj_req_scratch, &zero);
	if (!rec)
		return NULL;
	__builtin_memset(&rec->hdr, 0, sizeof(rec->hdr));
	nj_req_fill_conn(&rec->hdr, conn);
	rec->hdr.kind = NJ_REQ_DATA;
	rec->hdr.ts_ns = bpf_ktime_get_ns();
	rec->hdr.call_bytes = bytes;
	rec->hdr.cgroup_id = bpf_get_current_cgroup_id();
	rec->hdr.pid = pid_tgid >> 32;
	rec->hdr.tid = (__u32)pid_tgid;
	rec->hdr.sent = sent;
	rec->hdr.tls = tls;
	rec->hdr.op = op;
	bpf_get_current_comm(&rec->hdr.comm, sizeof(rec->hdr.comm));
	return rec;
}

static __always_inline void nj_req_submit(struct nj_req_scratch *rec, __u32 len)
{
	__u64 size;

	if (len > NJ_REQ_MAX_BYTES)
		len = NJ_REQ_MAX_BYTES;
	rec->hdr.data_len = len;
	/* An explicit mask clang cannot drop: it bounds the size to the scratch buffer
	 * for the verifier (len is at most NJ_REQ_MAX_BYTES already). */
	size = len;
	asm volatile("%0 &= %1" : "+r"(size) : "i"(2 * NJ_REQ_MAX_BYTES - 1));
	if (bpf_ringbuf_output(&nj_req_chunks, rec, sizeof(rec->hdr) + size, 0))
		nj_count(NJ_COUNTER_RINGBUF_FULL);
}

static __always_inline __u32 nj_req_limit(__u64 bytes)
{
	const struct nj_req_config *cfg = nj_req_config();
	__u32 limit = cfg ? cfg->max_bytes : 0;

	if (limit > NJ_REQ_MAX_BYTES)
		limit = NJ_REQ_MAX_BYTES;
	return bytes < limit ? (__u32)bytes : limit;
}

/* Copies a plain buffer into the record: at most limit bytes. */
static __always_inline __u32 nj_req_copy_buf(__u8 *data, __u64 buf, __u32 limit)
{
	asm volatile("" : "+r"(limit));
	if (limit > NJ_REQ_MAX_BYTES)
		limit = NJ_REQ_MAX_BYTES;
	if (limit == 0)
		return 0;
	if (bpf_probe_read_user(data, limit, (void *)buf)) {
		nj_req_error(NJ_REQ_COPY_FAILED);
		return 0;
	}
	return limit;
}

/* The TLS call in progress on this thread, if any. */
static __always_inline struct nj_req_tls_call *nj_req_tls_frame(void)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();

	return bpf_map_lookup_elem(&nj_req_tls, &tid);
}

static __always_inline void nj_req_exit(__u8 op, long ret)
{
	struct nj_req_call *call = nj_req_current_call();
	struct nj_req_tls_call *tls;
	struct nj_req_scratch *rec;
	struct user_msghdr msg;
	__u32 limit, len = 0;
	__u64 peer = 0;
	bool sent;

	if (!call || call->op != op)
		return;
	call->op = NJ_OP_NONE;
	if (!call->conn.cookie || ret <= 0)
		return;  /* not an inet socket, or nothing moved */
	tls = nj_req_tls_frame();
	if (tls) {
		/* Ciphertext under a TLS call: the plaintext follows from the uretprobe. */
		if (!tls->conn.cookie)
			tls->conn = call->conn;
		return;
	}
	if (call->skip)
		return;
	sent = nj_req_op_sends(op);
	if (op == NJ_OP_RECVMSG || op == NJ_OP_SENDMSG) {
		if (bpf_probe_read_user(&msg, sizeof(msg), (void *)call->buf))
			return;
		peer = (__u64)msg.msg_name;
	} else if (op == NJ_OP_RECVFROM || op == NJ_OP_SENDTO) {
		peer = call->addr;
	}
	rec = nj_req_begin(&call->conn, ret, op, sent, false);
	if (!rec)
		return;
	if (call->conn.protocol == NJ_IPPROTO_UDP && !call->conn.connected)
		nj_req_user_peer(peer, rec->hdr.raddr, &rec->hdr.rport, &rec->hdr.family);
	limit = nj_req_limit(ret);
	switch (op) {
	case NJ_OP_READ: case NJ_OP_WRITE: case NJ_OP_RECVFROM: case NJ_OP_SENDTO:
		len = nj_req_copy_buf(rec->data, call->buf, limit);
		break;
	case NJ_OP_READV: case NJ_OP_WRITEV:
		len = nj_req_copy_iov(rec->data, call->buf, call->count, limit);
		break;
	case NJ_OP_RECVMSG: case NJ_OP_SENDMSG:
		len = nj_req_copy_iov(rec->data, (__u64)msg.msg_iov, msg.msg_iovlen, limit);
		break;
	default:
		break;  /* sendfile, splice: counted, not copied */
	}
	nj_req_submit(rec, len);
}

/* ------------------------------------------------------------ tracepoint path */

#define NJ_REQ_TP(call, op, fd_arg, buf_arg, count_arg, addr_arg)              \
	SEC("tracepoint/syscalls/sys_enter_" #call)                             \
	int nj_req_enter_##call(struct trace_event_raw_sys_enter *ctx)          \
	{                                                                       \
		nj_req_enter(op, ctx->args[fd_arg], buf_arg, count_arg, addr_arg); \
		return 0;                                                       \
	}                                                                       \
	SEC("tracepoint/syscalls/sys_exit_" #call)                              \
	int nj_req_exit_##call(struct trace_event_raw_sys_exit *ctx)            \
	{                                                                       \
		nj_req_exit(op, ctx->ret);                                      \
		return 0;                                                       \
	}

NJ_REQ_TP(read, NJ_OP_READ, 0, ctx->args[1], 0, 0)
NJ_REQ_TP(write, NJ_OP_WRITE, 0, ctx->args[1], 0, 0)
NJ_REQ_TP(readv, NJ_OP_READV, 0, ctx->args[1], ctx->args[2], 0)
NJ_REQ_TP(writev, NJ_OP_WRITEV, 0, ctx->args[1], ctx->args[2], 0)
NJ_REQ_TP(recvfrom, NJ_OP_RECVFROM, 0, ctx->args[1], 0, ctx->args[4])
NJ_REQ_TP(sendto, NJ_OP_SENDTO, 0, ctx->args[1], 0, ctx->args[4])
NJ_REQ_TP(recvmsg, NJ_OP_RECVMSG, 0, ctx->args[1], 0, 0)
NJ_REQ_TP(sendmsg, NJ_OP_SENDMSG, 0, ctx->args[1], 0, 0)
NJ_REQ_TP(sendfile64, NJ_OP_SENDFILE, 0, 0, 0, 0)
NJ_REQ_TP(splice, NJ_OP_SPLICE, 2, 0, 0, 0)

/* ------------------------------------------------------------ raw path */

static __always_inline __u8 nj_req_op_of(long nr)
{
#if defined(__TARGET_ARCH_x86)
	switch (nr) {
	case 0: return NJ_OP_READ;
	case 1: return NJ_OP_WRITE;
	case 19: return NJ_OP_READV;
	case 20: return NJ_OP_WRITEV;
	case 40: return NJ_OP_SENDFILE;
	case 44: return NJ_OP_SENDTO;
	case 45: return NJ_OP_RECVFROM;
	case 46: return NJ_OP_SENDMSG;
	case 47: return NJ_OP_RECVMSG;
	case 275: return NJ_OP_SPLICE;
	}
#elif defined(__TARGET_ARCH_arm64)
	switch (nr) {
	case 63: return NJ_OP_READ;
	case 64: return NJ_OP_WRITE;
	case 65: return NJ_OP_READV;
	case 66: return NJ_OP_WRITEV;
	case 71: return NJ_OP_SENDFILE;
	case 76: return NJ_OP_SPLICE;
	case 206: return NJ_OP_SENDTO;
	case 207: return NJ_OP_RECVFROM;
	case 211: return NJ_OP_SENDMSG;
	case 212: return NJ_OP_RECVMSG;
	}
#endif
	return NJ_OP_NONE;
}

static __always_inline long nj_req_nr(struct pt_regs *regs)
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
int BPF_PROG(nj_req_raw_enter, struct pt_regs *regs, long id)
{
	__u8 op = nj_req_op_of(id);
	__u64 buf, count = 0, addr = 0;
	long fd;

	if (op == NJ_OP_NONE)
		return 0;
	fd = op == NJ_OP_SPLICE ? PT_REGS_PARM3_CORE_SYSCALL(regs) : PT_REGS_PARM1_CORE_SYSCALL(regs);
	buf = PT_REGS_PARM2_CORE_SYSCALL(regs);
	if (op == NJ_OP_READV || op == NJ_OP_WRITEV)
		count = PT_REGS_PARM3_CORE_SYSCALL(regs);
	if (op == NJ_OP_RECVFROM || op == NJ_OP_SENDTO)
		addr = PT_REGS_PARM5_CORE_SYSCALL(regs);
	nj_req_enter(op, fd, buf, count, addr);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(nj_req_raw_exit, struct pt_regs *regs, long ret)
{
	__u8 op = nj_req_op_of(nj_req_nr(regs));

	if (op != NJ_OP_NONE)
		nj_req_exit(op, ret);
	return 0;
}

/* ------------------------------------------------------------ OpenSSL uprobes */

static __always_inline void nj_req_tls_enter(__u64 ssl, __u64 buf, __u64 size_out, bool sent)
{
	struct nj_req_tls_call frame;
	__u32 tid = (__u32)bpf_get_current_pid_tgid();

	if (!nj_req_task_selected())
		return;
	__builtin_memset(&frame, 0, sizeof(frame));
	frame.ssl = ssl;
	frame.buf = buf;
	frame.size_out = size_out;
	frame.sent = sent;
	bpf_map_update_elem(&nj_req_tls, &tid, &frame, BPF_ANY);
}

/* ret: SSL_read/SSL_write's return (bytes), or for _ex 1 with the count at size_out. */
static __always_inline void nj_req_tls_exit(long ret, bool ex)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)pid_tgid;
	struct nj_req_tls_call *frame = bpf_map_lookup_elem(&nj_req_tls, &tid);
	struct nj_req_tls_key key = {};
	struct nj_req_conn *known;
	struct nj_req_scratch *rec;
	__u64 bytes = 0;
	__u32 len;

	if (!frame)
		return;
	if (ex) {
		if (ret == 1 && frame->size_out)
			bpf_probe_read_user(&bytes, sizeof(bytes), (void *)frame->size_out);
	} else if (ret > 0) {
		bytes = ret;
	}
	key.ssl = frame->ssl;
	key.tgid = pid_tgid >> 32;
	if (frame->conn.cookie) {
		bpf_map_update_elem(&nj_req_tls_conns, &key, &frame->conn, BPF_ANY);
		known = &frame->conn;
	} else {
		known = bpf_map_lookup_elem(&nj_req_tls_conns, &key);
	}
	if (bytes == 0)
		goto out;
	if (!known) {
		nj_req_error(NJ_REQ_TLS_NO_CONN);
		goto out;
	}
	rec = nj_req_begin(known, bytes, frame->sent ? NJ_OP_WRITE : NJ_OP_READ, frame->sent, true);
	if (!rec)
		goto out;
	len = nj_req_copy_buf(rec->data, frame->buf, nj_req_limit(bytes));
	nj_req_submit(rec, len);
out:
	bpf_map_delete_elem(&nj_req_tls, &tid);
}

SEC("uprobe")
int BPF_KPROBE(nj_req_ssl_write, void *ssl, const void *buf, int num)
{
	nj_req_tls_enter((__u64)ssl, (__u64)buf, 0, true);
	return 0;
}

SEC("uprobe")
int BPF_KPROBE(nj_req_ssl_write_ex, void *ssl, const void *buf, __u64 num, __u64 *written)
{
	nj_req_tls_enter((__u64)ssl, (__u64)buf, (__u64)written, true);
	return 0;
}

SEC("uprobe")
int BPF_KPROBE(nj_req_ssl_read, void *ssl, void *buf, int num)
{
	nj_req_tls_enter((__u64)ssl, (__u64)buf, 0, false);
	return 0;
}

SEC("uprobe")
int BPF_KPROBE(nj_req_ssl_read_ex, void *ssl, void *buf, __u64 num, __u64 *readbytes)
{
	nj_req_tls_enter((__u64)ssl, (__u64)buf, (__u64)readbytes, false);
	return 0;
}

SEC("uretprobe")
int BPF_KRETPROBE(nj_req_ssl_ret, int ret)
{
	nj_req_tls_exit(ret, false);
	return 0;
}

SEC("uretprobe")
int BPF_KRETPROBE(nj_req_ssl_ret_ex, int ret)
{
	nj_req_tls_exit(ret, true);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
