package dev.nightjar.sensor.bench;

import dev.nightjar.sensor.requests.RequestAssembler;
import dev.nightjar.sensor.requests.SocketChunk;
import dev.nightjar.sensor.requests.SocketChunk.ChunkDirection;
import dev.nightjar.sensor.requests.SocketChunk.SocketRole;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Parse throughput of the request assembler for HTTP/1.1 keep-alive traffic: CONNECTIONS server
 * sockets, each answering curl-like GETs one at a time (one read for the request, one write for
 * the response head and body), every 100th answered 500, 1 µs apart. The chunks are built before
 * timing; each round feeds them all to a fresh assembler (default settings: fast successes only
 * counted, errors sent whole) with a tick every 1,000 chunks, and counts exchanges per second.
 * Not a test; pin it to one core:
 *
 * <pre>
 * taskset -c 1 java -cp TEST_CLASSPATH dev.nightjar.sensor.bench.RequestParseBench [requests] [rounds]
 * </pre>
 */
public final class RequestParseBench {

    private static final int CONNECTIONS = 64;

    private RequestParseBench() {
    }

    public static void main(String[] args) {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int warmup = 5;
        List<SocketChunk> chunks = traffic(requests);
        List<Double> rates = new ArrayList<>();
        for (int round = 0; round < warmup + rounds; round++) {
            AtomicLong published = new AtomicLong();
            RequestAssembler assembler = new RequestAssembler(event -> published.incrementAndGet());
            long start = System.nanoTime();
            int n = 0;
            for (SocketChunk c : chunks) {
                assembler.chunk(c);
                if (++n % 1000 == 0) {
                    assembler.tick(c.timestampNs());
                }
            }
            long elapsed = System.nanoTime() - start;
            if (round >= warmup) {
                rates.add(requests / (elapsed / 1e9));
            }
            if (published.get() == 0) {
                throw new IllegalStateException("nothing was published: the traffic did not parse");
            }
        }
        Collections.sort(rates);
        System.out.printf("HTTP/1.1 keep-alive, %d connections, %d requests per round, %d rounds after %d warm-up%n",
                CONNECTIONS, requests, rounds, warmup);
        System.out.printf("median %.0f requests/s (min %.0f, max %.0f)%n", rates.get(rates.size() / 2), rates.getFirst(),
                rates.getLast());
    }

    private static List<SocketChunk> traffic(int requests) {
        byte[] local = {10, 0, 0, 2};
        byte[] remote = {10, 0, 0, 1};
        List<SocketChunk> chunks = new ArrayList<>(2 * requests);
        long t = 1_700_000_000_000_000_000L;
        for (int i = 0; i < requests; i++) {
            int connection = i % CONNECTIONS;
            String request = "GET /api/orders/" + (1000 + i % 5000) + "?page=" + (i % 7) + " HTTP/1.1\r\nHost: shop.svc:8080\r\n"
                    + "User-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n";
            int status = i % 100 == 99 ? 500 : 200;
            String response = "HTTP/1.1 " + status + (status == 200 ? " OK" : " Internal Server Error")
                    + "\r\nContent-Type: application/json\r\nDate: Thu, 03 Dec 2026 17:00:00 GMT\r\nContent-Length: 27\r\n\r\n"
                    + "{\"id\":1234,\"state\":\"open\"}\n";
            t += 1_000;
            chunks.add(chunk(connection, t, local, remote, ChunkDirection.RECEIVED, request));
            t += 1_000;
            chunks.add(chunk(connection, t, local, remote, ChunkDirection.SENT, response));
        }
        return chunks;
    }

    private static SocketChunk chunk(int connection, long t, byte[] local, byte[] remote, ChunkDirection direction, String text) {
        byte[] data = text.getBytes(StandardCharsets.US_ASCII);
        return new SocketChunk(connection + 1, t, 77, 77, "api", 5, 1, 9, local, 8080, remote, 40000 + connection, 6,
                SocketRole.SERVER, direction, false, data.length, data);
    }
}
