// SPDX-License-Identifier: Apache-2.0
// A syscall-bound workload for the syscall tracing overhead benchmark.
//
//   getppid_loop N   waits for one line on stdin (so a subscriber can put its
//                    pid into the filter first), then calls getppid() N times
//
// Prints one line: "getppid <N> calls in <seconds> s, cpu <ns> ns/call".
// The figure is the process's own CPU time (user + system) per call: on a
// shared machine wall time also counts the time other work held the CPU.
// Bounded by N and by a 60 s deadline.
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double clock_s(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double now(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

int main(int argc, char **argv)
{
	char line[16];
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	long i;
	double start, elapsed, cpu_start, cpu;

	if (!fgets(line, sizeof(line), stdin))
		return 2;
	start = now();
	cpu_start = clock_s(CLOCK_PROCESS_CPUTIME_ID);
	for (i = 0; i < n; i++) {
		syscall(SYS_getppid); /* never cached by libc */
		if ((i & 0xffff) == 0 && now() - start > 60.0)
			break;
	}
	cpu = clock_s(CLOCK_PROCESS_CPUTIME_ID) - cpu_start;
	elapsed = now() - start;
	printf("getppid %ld calls in %.3f s, cpu %.1f ns/call\n", i, elapsed, cpu * 1e9 / i);
	return 0;
}
