/*
 * Busy-machine load for the profiler benchmark: N threads spinning in a short
 * call chain (built with frame pointers, so every sample has a real user
 * stack to walk) for the given number of seconds.
 *
 *   cpu_burner THREADS SECONDS
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double seconds;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

__attribute__((noinline)) static unsigned long bench_spin(unsigned long rounds)
{
	volatile unsigned long x = 0;

	for (unsigned long i = 0; i < rounds; i++)
		x += i * 2654435761UL;
	return x;
}

__attribute__((noinline)) static unsigned long bench_work(unsigned long rounds)
{
	return bench_spin(rounds) + 1;
}

static void *burn(void *unused)
{
	double end = now() + seconds;
	unsigned long sum = 0;

	(void)unused;
	while (now() < end)
		sum += bench_work(100000);
	return (void *)sum;
}

int main(int argc, char **argv)
{
	int threads = argc > 1 ? atoi(argv[1]) : 2;
	pthread_t ids[64];

	seconds = argc > 2 ? atof(argv[2]) : 30;
	if (threads < 1 || threads > 64 || seconds <= 0 || seconds > 600) {
		fprintf(stderr, "usage: cpu_burner THREADS(1-64) SECONDS(0-600]\n");
		return 2;
	}
	for (int i = 0; i < threads; i++)
		pthread_create(&ids[i], NULL, burn, NULL);
	for (int i = 0; i < threads; i++)
		pthread_join(ids[i], NULL);
	return 0;
}
