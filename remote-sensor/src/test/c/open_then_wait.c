/*
 * Opens PATH twice: through libc's open, then with the openat syscall made by a function of its
 * own (open_raw, called by main); prints "opened", then waits for its standard input to end (at
 * most 30 s), so the process is still there when the sensor names the frames of its opens.
 * Compiled with frame pointers, the second open's user stack is open_raw, then main through
 * open_raw's frame. (libc's open may use the frame-pointer register for data, so what follows it
 * in the first open's stack is not reliable.) Used by SecurityStacksTest.
 *   open_then_wait PATH
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

__attribute__((noinline)) static long open_raw(const char *path)
{
#if defined(__x86_64__)
	register long flags asm("rdx") = O_RDONLY;
	register long mode asm("r10") = 0;
	long ret;

	asm volatile("syscall" : "=a"(ret) : "a"((long)SYS_openat), "D"((long)AT_FDCWD), "S"(path), "r"(flags),
		     "r"(mode) : "rcx", "r11", "memory");
	return ret;
#elif defined(__aarch64__)
	register long nr asm("x8") = SYS_openat;
	register long x0 asm("x0") = AT_FDCWD;
	register long x1 asm("x1") = (long)path;
	register long x2 asm("x2") = O_RDONLY;
	register long x3 asm("x3") = 0;

	asm volatile("svc 0" : "+r"(x0) : "r"(nr), "r"(x1), "r"(x2), "r"(x3) : "memory");
	return x0;
#else
#error "open_raw: only x86_64 and aarch64"
#endif
}

int main(int argc, char **argv)
{
	char buf[64];
	long fd;

	if (argc != 2)
		return 2;
	alarm(30); /* ends it even if the test never closes its input */
	fd = open(argv[1], O_RDONLY);
	if (fd < 0)
		return 1;
	close(fd);
	fd = open_raw(argv[1]);
	if (fd < 0)
		return 1;
	close(fd);
	printf("opened\n");
	fflush(stdout);
	while (read(0, buf, sizeof(buf)) > 0)
		;
	return 0;
}
