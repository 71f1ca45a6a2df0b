// SPDX-License-Identifier: Apache-2.0
// A UDP flood to closed ports, for the sensor's flood test and memory benchmark.
//
//   udp_flood SECONDS PORTS RATE [FIRST_PORT] [ADDRESS]
//
// Sends 16-byte datagrams round robin to PORTS consecutive ports starting at
// FIRST_PORT (default 10000) of ADDRESS (default 127.0.0.1), at most RATE
// datagrams per second, for SECONDS. Meant to run inside a network namespace
// of its own, where nothing listens: every datagram is a new or updated UDP
// flow for the sensor, and a NO_SOCKET drop. Bounded by SECONDS (at most 60).
// Prints one line: "udp_flood <sent> datagrams to <ports> ports in <s> s = <rate>/s".
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	double seconds, rate, start, elapsed;
	long ports, first, sent = 0, i = 0;
	struct sockaddr_in to = { .sin_family = AF_INET };
	char payload[16] = "nightjar-flood";
	int fd;

	if (argc < 4) {
		fprintf(stderr, "usage: udp_flood SECONDS PORTS RATE [FIRST_PORT] [ADDRESS]\n");
		return 2;
	}
	seconds = atof(argv[1]);
	ports = atol(argv[2]);
	rate = atof(argv[3]);
	first = argc > 4 ? atol(argv[4]) : 10000;
	if (seconds <= 0 || seconds > 60 || ports < 1 || first < 1 || first + ports > 65536 || rate <= 0) {
		fprintf(stderr, "udp_flood: SECONDS in (0, 60], PORTS >= 1 with FIRST_PORT + PORTS <= 65536, RATE > 0\n");
		return 2;
	}
	if (inet_pton(AF_INET, argc > 5 ? argv[5] : "127.0.0.1", &to.sin_addr) != 1) {
		fprintf(stderr, "udp_flood: not an IPv4 address: %s\n", argv[5]);
		return 2;
	}
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("udp_flood: socket");
		return 1;
	}
	start = now();
	for (;;) {
		elapsed = now() - start;
		if (elapsed >= seconds)
			break;
		/* Pace in batches: sleep only when ahead of the rate by more than 2 ms. */
		if (i % 256 == 0 && i / rate > elapsed + 0.002)
			usleep((useconds_t) ((i / rate - elapsed) * 1e6));
		to.sin_port = htons((unsigned short) (first + i % ports));
		if (sendto(fd, payload, sizeof(payload), 0, (struct sockaddr *) &to, sizeof(to)) >= 0)
			sent++;
		else if (errno != ECONNREFUSED && errno != EAGAIN && errno != ENOBUFS) {
			perror("udp_flood: sendto");
			return 1;
		}
		i++;
	}
	elapsed = now() - start;
	printf("udp_flood %ld datagrams to %ld ports in %.3f s = %.0f/s\n", sent, ports, elapsed, sent / elapsed);
	return 0;
}
