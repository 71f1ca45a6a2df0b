/*
 * open()+close() of one path in a loop; prints the CPU time (user + system) per
 * iteration in nanoseconds. Used by SecurityOpenBench and the flood test
 * (SecurityPrivilegeAndFloodTest).
 *   open_loop_bench PATH ITERATIONS
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec start, end;
	long n, i;

	if (argc != 3)
		return 2;
	n = atol(argv[2]);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &start);
	for (i = 0; i < n; i++) {
		int fd = open(argv[1], O_RDONLY);

		if (fd < 0)
			return 1;
		close(fd);
	}
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &end);
	printf("%.1f\n", ((end.tv_sec - start.tv_sec) * 1e9 + (end.tv_nsec - start.tv_nsec)) / n);
	return 0;
}
