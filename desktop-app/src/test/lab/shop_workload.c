/*
 * The "shop" of Nightjar's lab: three tiny services that behave like a real
 * microservice chain and speak real protocols, so the sensor has something
 * worth showing:
 *
 *   frontend --HTTP/1.1--> cart:8080 --gRPC (h2c)--> payments:9090 --SQL--> orders-db:5432
 *       \--DNS--> kube-dns:53
 *
 * frontend asks cart for GET /cart, POST /checkout and now and then the slow
 * GET /recommendations, and resolves names at kube-dns (one of them a retired
 * service, reviews: NXDOMAIN). cart calls payments' gRPC methods GetWallet and Authorize;
 * Authorize answers UNAVAILABLE every fourth time, and cart then answers its
 * checkout with a 500. payments keeps one PostgreSQL connection (simple query
 * protocol) and records each authorized payment; a retried checkout reuses its
 * idempotency key, which the table refuses (SQLSTATE 23505). kube-dns and
 * orders-db are Debian's dnsmasq and PostgreSQL, started by shop-lab.sh.
 *
 * frontend also tries payments:9090 directly (its egress "policy", an nft rule
 * in its namespace, drops that) and cart:8081 (nothing listens: NO_SOCKET).
 * cart opens a missing file on every request (ENOENT) and backs off 5 ms now
 * and then (a slow nanosleep); payments burns CPU in a named call chain and
 * waits on a pipe (a slow read). Every role exits after SECONDS.
 *
 * Built with frame pointers and symbols so the profiler can name the chain:
 *   cc -O1 -g -fno-omit-frame-pointer -o shop_workload shop_workload.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile unsigned long sink;
static double deadline;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

/* Spin for about `ms` of CPU so the profiler sees this frame. */
__attribute__((noinline)) static void spin_ms(double ms)
{
	double until = now() + ms / 1000.0;
	unsigned long x = sink;
	while (now() < until)
		for (int i = 0; i < 2000; i++)
			x = x * 6364136223846793005UL + 1442695040888963407UL;
	sink = x;
}

/* ------------------------------------------------------------ networking */

static int listen_on(int port)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	int one = 1;
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 64)) {
		perror("listen");
		exit(2);
	}
	return s;
}

/* Connects with a timeout; -1 when refused, dropped or timed out. */
static int connect_to(const char *ip, int port, int timeout_ms)
{
	int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	inet_pton(AF_INET, ip, &a.sin_addr);
	if (connect(s, (struct sockaddr *)&a, sizeof a) && errno != EINPROGRESS) {
		close(s);
		return -1;
	}
	struct pollfd p = { .fd = s, .events = POLLOUT };
	int err = 0;
	socklen_t len = sizeof err;
	if (poll(&p, 1, timeout_ms) != 1 || getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len) || err) {
		close(s);
		return -1;
	}
	fcntl(s, F_SETFL, 0);
	struct timeval tv = { 2, 0 };
	setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	return s;
}

/* One request/response over a fresh connection; returns bytes received. */
static long call(const char *ip, int port, const char *request, int timeout_ms)
{
	int s = connect_to(ip, port, timeout_ms);
	if (s < 0)
		return -1;
	write(s, request, strlen(request));
	shutdown(s, SHUT_WR);
	char buf[8192];
	long total = 0, n;
	while ((n = read(s, buf, sizeof buf)) > 0)
		total += n;
	close(s);
	return total;
}

static int accept_one(int listener)
{
	struct pollfd p = { .fd = listener, .events = POLLIN };
	if (poll(&p, 1, 200) != 1)
		return -1;
	return accept(listener, NULL, NULL);
}

/*
 * Reads a request, NUL-terminated: an HTTP/1.1 one up to the end of its body (Content-Length),
 * anything else until the client half-closes; at most `cap` - 1 bytes, 2 s per read.
 */
static size_t read_request(int c, char *buf, size_t cap, int http)
{
	struct timeval tv = { 2, 0 };
	setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	size_t have = 0;
	ssize_t n;
	while (have < cap - 1 && (n = read(c, buf + have, cap - 1 - have)) > 0) {
		have += n;
		buf[have] = 0;
		char *end = http ? strstr(buf, "\r\n\r\n") : NULL;
		if (end) {
			char *cl = strcasestr(buf, "\r\nContent-Length:");
			size_t body = cl && cl < end ? strtoul(cl + 17, NULL, 10) : 0;
			if (have >= (size_t)(end + 4 - buf) + body)
				break;
		}
	}
	buf[have] = 0;
	return have;
}

static void write_all(int c, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(c, data, len);
		if (n <= 0)
			return;
		data += n;
		len -= n;
	}
}

/* An HTTP/1.1 response with a JSON body padded to about `bytes`, then close. */
static void http_reply(int c, int status, const char *reason, const char *json, size_t bytes)
{
	static char body[16384];
	size_t len = (size_t)snprintf(body, sizeof body, "{%s,\"pad\":\"", json);
	while (len < bytes && len < sizeof body - 3)
		body[len++] = 'x';
	body[len++] = '"';
	body[len++] = '}';
	char head[256];
	int h = snprintf(head, sizeof head, "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\n"
			 "Content-Length: %zu\r\nConnection: close\r\n\r\n", status, reason, len);
	write_all(c, head, h);
	write_all(c, body, len);
	close(c);
}

/* ------------------------------------------------- gRPC over h2c, by hand */

/*
 * Just enough HTTP/2 for one unary call per connection: the preface, an empty
 * SETTINGS, a HEADERS frame whose HPACK block uses only static-table indexes and
 * literals without indexing (so neither side keeps a dynamic table), and one DATA
 * frame with a length-prefixed message.
 */
static size_t h2_frame(char *out, int type, int flags, int stream, const char *payload, size_t len)
{
	unsigned char *o = (unsigned char *)out;
	o[0] = len >> 16; o[1] = len >> 8; o[2] = len;
	o[3] = type; o[4] = flags;
	o[5] = stream >> 24; o[6] = stream >> 16; o[7] = stream >> 8; o[8] = stream;
	memcpy(out + 9, payload, len);
	return 9 + len;
}

/* A literal header field without indexing, new name (RFC 7541 6.2.2); short strings only. */
static size_t hpack_literal(char *out, const char *name, const char *value)
{
	size_t n = strlen(name), v = strlen(value), at = 0;
	out[at++] = 0;
	out[at++] = n;
	memcpy(out + at, name, n);
	at += n;
	out[at++] = v;
	memcpy(out + at, value, v);
	return at + v;
}

/* A gRPC message: the 5-byte prefix, then protobuf field 1 as a string. */
static size_t grpc_message(char *out, const char *text)
{
	size_t t = strlen(text);
	out[0] = 0;
	out[1] = 0; out[2] = 0; out[3] = 0; out[4] = 2 + t;
	out[5] = 0x0a;
	out[6] = t;
	memcpy(out + 7, text, t);
	return 7 + t;
}

/* Calls `method` on ip:port; returns the grpc-status, or -1 when the call failed on the way. */
static int grpc_call(const char *ip, int port, const char *method, const char *arg)
{
	int s = connect_to(ip, port, 1000);
	if (s < 0)
		return -1;
	char out[1024], block[512], msg[128];
	size_t at = 0, b = 0;
	static const char preface[] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
	memcpy(out, preface, sizeof preface - 1);
	at += sizeof preface - 1;
	at += h2_frame(out + at, 4, 0, 0, "", 0); /* SETTINGS */
	block[b++] = (char)0x83; /* :method POST */
	block[b++] = (char)0x86; /* :scheme http */
	b += hpack_literal(block + b, ":path", method);
	b += hpack_literal(block + b, ":authority", "payments.shop.svc.cluster.local:9090");
	b += hpack_literal(block + b, "content-type", "application/grpc");
	b += hpack_literal(block + b, "te", "trailers");
	b += hpack_literal(block + b, "user-agent", "grpc-c/1.62 shop-cart");
	at += h2_frame(out + at, 1, 0x4, 1, block, b); /* HEADERS, END_HEADERS */
	at += h2_frame(out + at, 0, 0x1, 1, msg, grpc_message(msg, arg)); /* DATA, END_STREAM */
	write_all(s, out, at);
	shutdown(s, SHUT_WR);
	char in[4096];
	size_t have = 0;
	ssize_t n;
	while (have < sizeof in - 1 && (n = read(s, in + have, sizeof in - 1 - have)) > 0)
		have += n;
	close(s);
	/* Our server sends grpc-status as a literal: the name, its value's length, the value's digits. */
	char *found = memmem(in, have, "grpc-status", 11);
	if (!found || found + 12 > in + have)
		return -1;
	int len = (unsigned char)found[11], status = 0;
	if (len < 1 || found + 12 + len > in + have)
		return -1;
	for (int i = 0; i < len; i++)
		status = status * 10 + (found[12 + i] - '0');
	return status;
}

/* The server's side: SETTINGS, then either headers + message + OK trailers, or trailers only. */
static void grpc_reply(int c, int status, const char *message, const char *reply)
{
	char out[1024], block[256], msg[128];
	size_t at = h2_frame(out, 4, 0, 0, "", 0), b = 0;
	char code[4];
	snprintf(code, sizeof code, "%d", status);
	block[b++] = (char)0x88; /* :status 200 */
	b += hpack_literal(block + b, "content-type", "application/grpc");
	if (status != 0) {
		b += hpack_literal(block + b, "grpc-status", code);
		b += hpack_literal(block + b, "grpc-message", message);
		at += h2_frame(out + at, 1, 0x5, 1, block, b); /* trailers-only: END_STREAM, END_HEADERS */
	} else {
		at += h2_frame(out + at, 1, 0x4, 1, block, b);
		at += h2_frame(out + at, 0, 0, 1, msg, grpc_message(msg, reply));
		b = hpack_literal(block, "grpc-status", code);
		at += h2_frame(out + at, 1, 0x5, 1, block, b);
	}
	write_all(c, out, at);
	close(c);
}

/* ---------------------------------------------- PostgreSQL, simple query */

static int pg = -1;
static double pg_retry_at;

static int read_full(int s, char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = read(s, buf, len);
		if (n <= 0)
			return -1;
		buf += n;
		len -= n;
	}
	return 0;
}

/* Reads messages up to ReadyForQuery; 1 when an ErrorResponse came, -1 when the connection broke. */
static int pg_until_ready(void)
{
	int error = 0;
	for (;;) {
		char head[5], skip[4096];
		if (read_full(pg, head, 5))
			return -1;
		unsigned long len = ((unsigned char)head[1] << 24 | (unsigned char)head[2] << 16
				     | (unsigned char)head[3] << 8 | (unsigned char)head[4]) - 4;
		if (head[0] == 'E')
			error = 1;
		if (head[0] == 'R' && len >= 4) {
			if (read_full(pg, skip, 4) || skip[3] != 0) /* only trust (AuthenticationOk) */
				return -1;
			len -= 4;
		}
		while (len > 0) {
			size_t n = len < sizeof skip ? len : sizeof skip;
			if (read_full(pg, skip, n))
				return -1;
			len -= n;
		}
		if (head[0] == 'Z')
			return error;
	}
}

static void pg_close(void)
{
	if (pg >= 0)
		close(pg);
	pg = -1;
	pg_retry_at = now() + 1;
}

/* One connection for the whole run, as a pool would keep it; retried at most once a second. */
static void pg_connect(const char *ip)
{
	if (pg >= 0 || now() < pg_retry_at)
		return;
	pg = connect_to(ip, 5432, 1000);
	if (pg < 0) {
		pg_retry_at = now() + 1;
		return;
	}
	static const char params[] = "user\0postgres\0database\0shop\0application_name\0payments\0";
	char startup[128];
	size_t len = 8 + sizeof params; /* the last NUL ends the list */
	unsigned char *u = (unsigned char *)startup;
	u[0] = 0; u[1] = 0; u[2] = 0; u[3] = len;
	u[4] = 0; u[5] = 3; u[6] = 0; u[7] = 0; /* protocol 3.0 */
	memcpy(startup + 8, params, sizeof params);
	write_all(pg, startup, len);
	if (pg_until_ready() != 0)
		pg_close();
}

/* Runs one statement; 1 when the server refused it, -1 when there is no connection. */
static int pg_query(const char *ip, const char *sql)
{
	pg_connect(ip);
	if (pg < 0)
		return -1;
	char q[512];
	size_t n = strlen(sql) + 1;
	unsigned long len = 4 + n;
	q[0] = 'Q';
	q[1] = len >> 24; q[2] = len >> 16; q[3] = len >> 8; q[4] = len;
	memcpy(q + 5, sql, n);
	write_all(pg, q, 5 + n);
	int r = pg_until_ready();
	if (r < 0)
		pg_close();
	return r;
}

/* ------------------------------------------------------------------- DNS */

/* One A query over UDP with recursion desired; waits at most 300 ms for the answer. */
static void resolve(const char *dns_ip, const char *name)
{
	static unsigned short id = 0x2a00;
	unsigned char q[300] = { 0 };
	size_t at = 12;
	id++;
	q[0] = id >> 8; q[1] = id; q[2] = 0x01; q[5] = 1;
	for (const char *label = name; *label;) {
		const char *dot = strchr(label, '.');
		size_t n = dot ? (size_t)(dot - label) : strlen(label);
		q[at++] = n;
		memcpy(q + at, label, n);
		at += n;
		label += n + (dot ? 1 : 0);
	}
	q[at++] = 0;
	q[at++] = 0; q[at++] = 1; /* A */
	q[at++] = 0; q[at++] = 1; /* IN */
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(53) };
	inet_pton(AF_INET, dns_ip, &a.sin_addr);
	if (connect(s, (struct sockaddr *)&a, sizeof a) == 0 && write(s, q, at) == (ssize_t)at) {
		struct pollfd p = { .fd = s, .events = POLLIN };
		char answer[512];
		if (poll(&p, 1, 300) == 1)
			read(s, answer, sizeof answer);
	}
	close(s);
}

/* -------------------------------------------------------------- payments */

__attribute__((noinline)) static void risk_model_eval(void) { spin_ms(4); }
__attribute__((noinline)) static void fraud_score_transaction(void) { risk_model_eval(); spin_ms(1); }

/* The ledger's "disk" answers on a pipe after 8 ms: a slow read(2). */
__attribute__((noinline)) static void ledger_write(void)
{
	int fds[2];
	if (pipe(fds))
		return;
	pid_t child = fork();
	if (child == 0) {
		sleep_ms(8);
		write(fds[1], "ok", 2);
		_exit(0);
	}
	char ok[2];
	read(fds[0], ok, sizeof ok);
	close(fds[0]);
	close(fds[1]);
	while (waitpid(child, NULL, 0) < 0 && errno == EINTR)
		;
}

/*
 * Every call scores the transaction and writes the ledger (the profile's hot chain and the
 * slow read). Authorize then answers UNAVAILABLE every fourth time; otherwise it records the
 * payment under the checkout's idempotency key, and every fifth recorded one is a retry of the
 * one before (the unique key refuses it: 23505). GetWallet reads the balance.
 */
__attribute__((noinline)) static void payments_authorize(int c, const char *db_ip)
{
	static unsigned long authorized, recorded;
	char req[2048], sql[256];
	size_t have = read_request(c, req, sizeof req, 0);
	int authorize = memmem(req, have, "/Authorize", 10) != NULL;
	fraud_score_transaction();
	ledger_write();
	if (!authorize) {
		pg_query(db_ip, "SELECT balance_cents FROM wallets WHERE account_id = 1042");
		grpc_reply(c, 0, "", "balance_cents=48200");
		return;
	}
	if (++authorized % 4 == 0) {
		grpc_reply(c, 14, "ledger replica lagging; retry later", "");
		return;
	}
	recorded++;
	snprintf(sql, sizeof sql, "INSERT INTO payments (idempotency_key, account_id, amount_cents) "
		 "VALUES ('chk-%lu', 1042, 1999)", recorded % 5 == 0 ? recorded - 1 : recorded);
	pg_query(db_ip, sql);
	grpc_reply(c, 0, "", "authorized");
}

static void payments(const char *db_ip)
{
	int l = listen_on(9090);
	pg_connect(db_ip);
	while (now() < deadline) {
		int c = accept_one(l);
		if (c >= 0)
			payments_authorize(c, db_ip);
	}
	if (pg >= 0)
		write_all(pg, "X\0\0\0\4", 5); /* Terminate */
}

/* ------------------------------------------------------------------ cart */

__attribute__((noinline)) static void cart_price_items(void)
{
	/* Discounts would live here; the file is missing in this "release". */
	int fd = open("/etc/shop/discounts.json", O_RDONLY);
	if (fd >= 0)
		close(fd);
	spin_ms(1.5);
}

/* Recommendations wait on a cold cache: the slow route. */
__attribute__((noinline)) static void cart_recommend(void)
{
	sleep_ms(240);
}

static void cart(const char *payments_ip)
{
	int l = listen_on(8080);
	unsigned long served = 0;
	while (now() < deadline) {
		int c = accept_one(l);
		if (c < 0)
			continue;
		char req[2048];
		read_request(c, req, sizeof req, 1);
		cart_price_items();
		if (++served % 10 == 0)
			sleep_ms(5); /* back off from the payments service */
		size_t bytes = 2048 + (served % 7) * 1024;
		if (!strncmp(req, "GET /recommendations", 20)) {
			cart_recommend();
			http_reply(c, 200, "OK", "\"items\":[7,19,23]", bytes);
		} else if (!strncmp(req, "POST /checkout", 14)) {
			if (grpc_call(payments_ip, 9090, "/shop.payments.v1.Payments/Authorize", "acct-1042") == 0)
				http_reply(c, 200, "OK", "\"order\":\"placed\"", 256);
			else
				http_reply(c, 500, "Internal Server Error", "\"error\":\"payments unavailable\"", 64);
		} else {
			grpc_call(payments_ip, 9090, "/shop.payments.v1.Payments/GetWallet", "acct-1042");
			http_reply(c, 200, "OK", "\"items\":[3,5]", bytes);
		}
	}
}

/* -------------------------------------------------------------- frontend */

__attribute__((noinline)) static void frontend_render_page(void) { spin_ms(0.5); }

/* An HTTP/1.1 request over a fresh connection, as frontend's client sends it. */
static void http_call(const char *cart_ip, const char *method, const char *target, const char *body)
{
	char request[512];
	int n = snprintf(request, sizeof request, "%s %s HTTP/1.1\r\nHost: cart.shop.svc.cluster.local:8080\r\n"
			 "User-Agent: shop-frontend/1.4\r\nAccept: application/json\r\n", method, target);
	if (body)
		n += snprintf(request + n, sizeof request - n, "Content-Type: application/json\r\n"
			      "Content-Length: %zu\r\n", strlen(body));
	snprintf(request + n, sizeof request - n, "Connection: close\r\n\r\n%s", body ? body : "");
	call(cart_ip, 8080, request, 1000);
}

static void frontend(const char *cart_ip, const char *payments_ip, const char *dns_ip)
{
	unsigned long round = 0;
	while (now() < deadline) {
		if (round % 10 == 0)
			resolve(dns_ip, "cart.shop.svc.cluster.local");
		if (round % 10 == 3)
			resolve(dns_ip, "reviews.shop.svc.cluster.local"); /* a retired service: NXDOMAIN */
		if (round % 3 == 2)
			http_call(cart_ip, "POST", "/checkout", "{\"cart\":\"8f3a\",\"items\":2}");
		else if (round % 10 == 7)
			http_call(cart_ip, "GET", "/recommendations?user=8f3a", NULL);
		else
			http_call(cart_ip, "GET", "/cart?session=8f3a", NULL);
		frontend_render_page();
		if (round % 10 == 0)
			call(payments_ip, 9090, "GET /balance", 300); /* dropped by the egress rule */
		if (round % 20 == 5)
			call(cart_ip, 8081, "GET /metrics", 300); /* nothing listens: reset */
		round++;
		sleep_ms(100);
	}
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s payments SECONDS DB_IP | cart SECONDS CART_IP PAYMENTS_IP"
			" | frontend SECONDS CART_IP PAYMENTS_IP DNS_IP\n", argv[0]);
		return 2;
	}
	const char *role = argv[1];
	prctl(PR_SET_NAME, role);
	deadline = now() + atof(argv[2]);
	if (!strcmp(role, "payments") && argc >= 4)
		payments(argv[3]);
	else if (!strcmp(role, "cart") && argc >= 5)
		cart(argv[4]);
	else if (!strcmp(role, "frontend") && argc >= 6)
		frontend(argv[3], argv[4], argv[5]);
	else {
		fprintf(stderr, "unknown role or missing addresses: %s\n", role);
		return 2;
	}
	return 0;
}
