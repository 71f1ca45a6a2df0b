// SPDX-License-Identifier: Apache-2.0
// A loopback network workload for the sensor overhead benchmark.
//
//   loopback_load rr N   N request/response round trips (64-byte messages) on one TCP connection
//   loopback_load cc N   N TCP connect/accept/close cycles
//
// Traffic goes to 127.0.0.1 only. Every loop is bounded by N and by a 60 s
// deadline. Prints one line: "<mode> <ops> ops in <seconds> s = <ops/s> ops/s".
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MSG 64
#define DEADLINE_S 60.0

static long iterations;
static int listen_fd;
static volatile int client_done;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	fprintf(stderr, "loopback_load: %s: %s\n", what, strerror(errno));
	exit(2);
}

static int read_full(int fd, char *buf, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, buf + got, n - got);
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

static void *rr_server(void *arg)
{
	(void)arg;
	char buf[MSG];
	int fd = accept(listen_fd, NULL, NULL);
	if (fd < 0)
		die("accept");
	while (read_full(fd, buf, MSG) == 0)
		if (write(fd, buf, MSG) != MSG)
			break;
	close(fd);
	return NULL;
}

static void *cc_server(void *arg)
{
	(void)arg;
	while (!client_done) {
		int fd = accept(listen_fd, NULL, NULL);
		if (fd < 0)
			die("accept");
		close(fd);
	}
	return NULL;
}

static struct sockaddr_in listen_loopback(void)
{
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(addr);
	int one = 1;
	listen_fd = socket(AF_INET, SOCK_STREAM, 0);
	if (listen_fd < 0)
		die("socket");
	setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(listen_fd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
		die("bind 127.0.0.1:0");
	if (listen(listen_fd, 4096) < 0)
		die("listen");
	if (getsockname(listen_fd, (struct sockaddr *)&addr, &len) < 0)
		die("getsockname");
	return addr;
}

static int connect_to(struct sockaddr_in *addr)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		die("socket");
	if (connect(fd, (struct sockaddr *)addr, sizeof(*addr)) < 0)
		die("connect");
	return fd;
}

int main(int argc, char **argv)
{
	if (argc != 3 || (strcmp(argv[1], "rr") && strcmp(argv[1], "cc"))) {
		fprintf(stderr, "usage: loopback_load rr|cc N\n");
		return 2;
	}
	iterations = atol(argv[2]);
	if (iterations <= 0 || iterations > 100000000L) {
		fprintf(stderr, "loopback_load: N must be in 1..100000000\n");
		return 2;
	}
	int rr = strcmp(argv[1], "rr") == 0;
	struct sockaddr_in addr = listen_loopback();
	pthread_t server;
	pthread_create(&server, NULL, rr ? rr_server : cc_server, NULL);

	long done = 0;
	double start = now(), deadline = start + DEADLINE_S;
	if (rr) {
		char buf[MSG];
		memset(buf, 'x', sizeof(buf));
		int fd = connect_to(&addr);
		int one = 1;
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		for (; done < iterations && (done & 1023 || now() < deadline); done++) {
			if (write(fd, buf, MSG) != MSG || read_full(fd, buf, MSG) != 0)
				die("round trip");
		}
		close(fd);
	} else {
		for (; done < iterations && (done & 1023 || now() < deadline); done++) {
			struct linger lg = { .l_onoff = 1, .l_linger = 0 };
			int fd = connect_to(&addr);
			// RST instead of FIN: no TIME_WAIT pile-up exhausting ephemeral ports.
			setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
			close(fd);
		}
		// One last connection wakes the server's accept so it sees the flag.
		client_done = 1;
		close(connect_to(&addr));
	}
	double elapsed = now() - start;
	pthread_join(server, NULL);
	close(listen_fd);
	printf("%s %ld ops in %.3f s = %.0f ops/s\n", argv[1], done, elapsed, done / elapsed);
	return 0;
}
