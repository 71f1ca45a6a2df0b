package dev.nightjar.sensor.requests;

import dev.nightjar.sensor.collect.KernelClock;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CPU per request of the requests thread's whole path for node-wide HTTP/1.1 keep-alive
 * capture: records laid out as bpf/requests.bpf.c writes them (nj_req_chunk, then payload)
 * in shared native memory like the ring's mapping, each handed out as a read-only slice (as
 * RingBuffer.drain does), decoded and fed to the assembler as RequestCollector's poller
 * does. Both ends of every connection are on the node, as in l7_cpu.sh's node mode: four
 * records per request (the client's write, the server's read and write, the client's
 * read). Paths carry ids and query strings (route templating); every 100th answer is a 500
 * (sent whole). Each round feeds all records to a fresh assembler with a tick every 1,000;
 * its cost is the process's CPU time (so its garbage collections count, and time waiting
 * for a core on a busy machine does not) per request. Not a test; run it the way the sensor runs (C1 only, serial GC), pinned to one core:
 *
 * <pre>
 * taskset -c 1 java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx64m -cp TEST_CLASSPATH \
 *     dev.nightjar.sensor.requests.RequestDrainBench [requests] [rounds]
 * </pre>
 */
public final class RequestDrainBench {

    private static final int CONNECTIONS = 12;
    private static final int WARMUP = 5;

    private RequestDrainBench() {
    }

    public static void main(String[] args) {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        KernelClock clock = KernelClock.calibrate();
        var cpu = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (Arena arena = Arena.ofShared()) {
            Records records = records(requests, arena);
            List<Double> costs = new ArrayList<>();
            for (int round = 0; round < WARMUP + rounds; round++) {
                AtomicLong published = new AtomicLong();
                RequestAssembler assembler = new RequestAssembler(event -> published.incrementAndGet());
                RecordDelivery delivery = new RecordDelivery(assembler, pid -> { });
                long start = cpu.getProcessCpuTime();
                for (int i = 0; i < records.count; i++) {
                    delivery.deliver(records.ring.asSlice(records.offsets[i], records.lengths[i]).asReadOnly(), clock);
                    if (i % 1000 == 999) {
                        assembler.tick(clock.toWallNanos(records.lastTimestamp));
                    }
                }
                long elapsed = cpu.getProcessCpuTime() - start;
                if (round >= WARMUP) {
                    costs.add(elapsed / 1000.0 / requests);
                }
                if (published.get() == 0) {
                    throw new IllegalStateException("nothing was published: the records did not parse");
                }
            }
            Collections.sort(costs);
            System.out.printf("node-wide HTTP/1.1 keep-alive, %d connections, %d requests (%d records) per round,"
                    + " %d rounds after %d warm-up%n", CONNECTIONS, requests, records.count, rounds, WARMUP);
            System.out.printf("median %.2f us of CPU per request (min %.2f, max %.2f)%n", costs.get(costs.size() / 2),
                    costs.getFirst(), costs.getLast());
        }
    }

    /** The records back to back in one segment, with where each starts and how long it is. */
    private record Records(MemorySegment ring, long[] offsets, int[] lengths, int count, long lastTimestamp) {
    }

    private static Records records(int requests, Arena arena) {
        List<byte[]> all = new ArrayList<>(4 * requests);
        long t = KernelClock.nowMonotonicNanos();
        for (int i = 0; i < requests; i++) {
            int c = i % CONNECTIONS;
            String request = "GET /api/orders/" + (1000 + i % 5000) + "?page=" + (i % 7) + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:8080\r\nUser-Agent: wrk\r\n\r\n";
            int status = i % 100 == 99 ? 500 : 200;
            String response = "HTTP/1.1 " + status + (status == 200 ? " OK" : " Internal Server Error")
                    + "\r\nServer: nginx/1.22.1\r\nDate: Thu, 03 Dec 2026 20:00:00 GMT\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: 3\r\nConnection: keep-alive\r\n\r\nok\n";
            long clientCookie = 1000 + c;
            long serverCookie = 2000 + c;
            int clientPort = 40000 + c;
            all.add(record(clientCookie, t += 500, 100, "wrk", true, 1, clientPort, 8080, request));
            all.add(record(serverCookie, t += 500, 200, "nginx", false, 2, 8080, clientPort, request));
            all.add(record(serverCookie, t += 500, 200, "nginx", true, 2, 8080, clientPort, response));
            all.add(record(clientCookie, t += 500, 100, "wrk", false, 1, clientPort, 8080, response));
        }
        long[] offsets = new long[all.size()];
        int[] lengths = new int[all.size()];
        long size = 0;
        for (int i = 0; i < all.size(); i++) {
            offsets[i] = size;
            lengths[i] = all.get(i).length;
            size += (all.get(i).length + 8 + 7) & ~7L; // each after its 8-byte ring header, 8-aligned
        }
        MemorySegment ring = arena.allocate(size + 8, 8);
        for (int i = 0; i < all.size(); i++) {
            offsets[i] += 8;
            MemorySegment.copy(all.get(i), 0, ring, ValueLayout.JAVA_BYTE, offsets[i], lengths[i]);
        }
        return new Records(ring, offsets, lengths, all.size(), t);
    }

    private static byte[] record(long cookie, long ts, int pid, String comm, boolean sent, int role, int localPort,
                                 int remotePort, String text) {
        byte[] loopback = {127, 0, 0, 1};
        try (Arena arena = Arena.ofConfined()) {
            return RecordBytes.data(arena, text.getBytes(StandardCharsets.US_ASCII))
                    .u64(RequestRecords.COOKIE, cookie).u64(RequestRecords.TIMESTAMP, ts)
                    .u64(RequestRecords.CGROUP, 5000 + pid).u32(RequestRecords.PID, pid).u32(RequestRecords.TID, pid)
                    .u32(RequestRecords.FD, 7).u32(RequestRecords.NETNS, 4026531840L)
                    .u8(RequestRecords.SENT, sent ? 1 : 0).u8(RequestRecords.ROLE, role).u8(RequestRecords.OP, sent ? 2 : 1)
                    .u16(RequestRecords.LOCAL_PORT, localPort).u16(RequestRecords.REMOTE_PORT, remotePort)
                    .bytes(RequestRecords.LOCAL_ADDR, loopback).bytes(RequestRecords.REMOTE_ADDR, loopback).comm(comm)
                    .toArray();
        }
    }
}
