/*
 * The C side of the ring buffer drain benchmark: the same BPF producer as the
 * Java harness (bench_ringbuf.bpf.o), consumed with libbpf's ring_buffer__poll.
 * Usage: ringbuf_drain_bench OBJECT RECORDS ROUNDS
 * Prints one line per round: "c <records> <nanoseconds>".
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>

struct bench_record {
	unsigned long long sequence, timestamp_ns;
	unsigned int tid, reserved;
	unsigned long long payload;
};

static unsigned long long consumed, checksum;

static int on_record(void *ctx, void *data, size_t size)
{
	const struct bench_record *r = data;

	checksum += r->sequence;
	consumed++;
	return 0;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: %s OBJECT RECORDS ROUNDS\n", argv[0]);
		return 2;
	}
	long records = atol(argv[2]), rounds = atol(argv[3]);
	struct bpf_object *obj = bpf_object__open_file(argv[1], NULL);
	if (!obj || bpf_object__load(obj)) {
		perror("load");
		return 1;
	}
	unsigned int zero = 0, tgid = getpid();
	bpf_map_update_elem(bpf_map__fd(bpf_object__find_map_by_name(obj, "bench_tgid")), &zero, &tgid, 0);
	struct ring_buffer *rb = ring_buffer__new(bpf_map__fd(bpf_object__find_map_by_name(obj, "bench_ring")),
						  on_record, NULL, NULL);
	if (!rb || !bpf_program__attach(bpf_object__find_program_by_name(obj, "bench_producer"))) {
		perror("attach");
		return 1;
	}
	for (long round = 0; round < rounds; round++) {
		for (long i = 0; i < records; i++)
			syscall(SYS_getppid);
		consumed = 0;
		long long start = now_ns();
		int idle_polls = 0;
		while (consumed < (unsigned long long)records) {
			int n = ring_buffer__poll(rb, 100);
			if (n < 0) {
				perror("ring_buffer__poll");
				return 1;
			}
			if (n == 0 && ++idle_polls > 50) {
				fprintf(stderr, "no records for 5 s after %llu of %ld\n", consumed, records);
				return 1;
			}
		}
		long long elapsed = now_ns() - start;
		printf("c %llu %lld\n", consumed, elapsed);
	}
	fprintf(stderr, "checksum %llu\n", checksum);
	ring_buffer__free(rb);
	bpf_object__close(obj);
	return 0;
}
