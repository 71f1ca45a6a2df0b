// SPDX-License-Identifier: Apache-2.0
// Runs a command and prints the CPU time it and its threads used, user + system,
// in microseconds (wait4's rusage), on stderr as "cpu_us <n>". The command's own
// output passes through. Used by connection_cpu.sh: CPU time, not wall time.
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: cputime COMMAND [ARG...]\n");
		return 2;
	}
	pid_t child = fork();
	if (child < 0) {
		perror("fork");
		return 2;
	}
	if (child == 0) {
		execvp(argv[1], argv + 1);
		perror("exec");
		_exit(127);
	}
	int status;
	struct rusage usage;
	if (wait4(child, &status, 0, &usage) < 0) {
		perror("wait4");
		return 2;
	}
	long us = usage.ru_utime.tv_sec * 1000000L + usage.ru_utime.tv_usec
		+ usage.ru_stime.tv_sec * 1000000L + usage.ru_stime.tv_usec;
	fprintf(stderr, "cpu_us %ld\n", us);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
