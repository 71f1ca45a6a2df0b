/*
 * The "shop" of Nightjar's lab: three tiny services that behave like a real
 * microservice chain, so the sensor has something worth showing.
 *
 *   frontend  --GET /cart-->  cart:8080  --authorize-->  payments:9090
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

static void reply(int c, size_t bytes)
{
	static char body[16384];
	memset(body, 'x', sizeof body);
	char req[512];
	read(c, req, sizeof req);
	while (bytes > 0) {
		size_t n = bytes < sizeof body ? bytes : sizeof body;
		if (write(c, body, n) <= 0)
			break;
		bytes -= n;
	}
	close(c);
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

__attribute__((noinline)) static void payments_authorize(int c)
{
	fraud_score_transaction();
	ledger_write();
	reply(c, 300);
}

static void payments(void)
{
	int l = listen_on(9090);
	while (now() < deadline) {
		int c = accept_one(l);
		if (c >= 0)
			payments_authorize(c);
	}
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

static void cart(const char *payments_ip)
{
	int l = listen_on(8080);
	unsigned long served = 0;
	while (now() < deadline) {
		int c = accept_one(l);
		if (c < 0)
			continue;
		cart_price_items();
		if (++served % 10 == 0)
			sleep_ms(5); /* back off from the payments service */
		call(payments_ip, 9090, "POST /authorize", 1000);
		reply(c, 2048 + (served % 7) * 1024);
	}
}

/* -------------------------------------------------------------- frontend */

__attribute__((noinline)) static void frontend_render_page(void) { spin_ms(0.5); }

static void frontend(const char *cart_ip, const char *payments_ip)
{
	unsigned long round = 0;
	while (now() < deadline) {
		call(cart_ip, 8080, "GET /cart", 1000);
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
		fprintf(stderr, "usage: %s frontend|cart|payments SECONDS [CART_IP PAYMENTS_IP]\n", argv[0]);
		return 2;
	}
	const char *role = argv[1];
	prctl(PR_SET_NAME, role);
	deadline = now() + atof(argv[2]);
	if (!strcmp(role, "payments"))
		payments();
	else if (!strcmp(role, "cart") && argc >= 5)
		cart(argv[4]);
	else if (!strcmp(role, "frontend") && argc >= 5)
		frontend(argv[3], argv[4]);
	else {
		fprintf(stderr, "unknown role or missing addresses: %s\n", role);
		return 2;
	}
	return 0;
}
