/*
 * CPU burner for the profiler tests: spends its time in a known call chain,
 * nj_outer -> nj_middle -> nj_inner_spin, for the number of seconds given.
 * Built by the tests with -O0 -fno-omit-frame-pointer -g (and -no-pie, so the
 * symbol addresses nm prints are the addresses the samples carry).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double nj_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

__attribute__((noinline)) unsigned long nj_inner_spin(unsigned long rounds)
{
	volatile unsigned long x = 0;

	for (unsigned long i = 0; i < rounds; i++)
		x += i * 2654435761UL;
	return x;
}

__attribute__((noinline)) unsigned long nj_middle(unsigned long rounds)
{
	return nj_inner_spin(rounds) + 1;
}

__attribute__((noinline)) unsigned long nj_outer(double seconds)
{
	double end = nj_now() + seconds;
	unsigned long sum = 0;

	while (nj_now() < end)
		sum += nj_middle(200000);
	return sum;
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 2.0;

	if (seconds <= 0 || seconds > 60) {
		fprintf(stderr, "usage: nj_burner SECONDS (0 < SECONDS <= 60)\n");
		return 2;
	}
	printf("burning\n");
	fflush(stdout);
	return nj_outer(seconds) == 42 ? 1 : 0;
}
