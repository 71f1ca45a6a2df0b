/*
 * Calls ptrace(2) in a loop for SECONDS seconds and prints how many calls it made: each one
 * fails (PTRACE_PEEKDATA on a process it does not trace), but enters the syscall, as a tracer's
 * calls do (strace makes several per stop of its tracee). A stand-in for a tracer that needs no
 * tracee, so it also runs where the test itself is traced (CI's strace). Used by
 * SecurityPrivilegeAndFloodTest.
 *   ptrace_loop SECONDS
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec now, end;
	long calls = 0;

	if (argc != 2)
		return 2;
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += atol(argv[1]);
	do {
		for (int i = 0; i < 1000; i++, calls++)
			ptrace(PTRACE_PEEKDATA, getpid(), NULL, NULL);
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while (now.tv_sec < end.tv_sec || (now.tv_sec == end.tv_sec && now.tv_nsec < end.tv_nsec));
	printf("%ld\n", calls);
	return 0;
}
