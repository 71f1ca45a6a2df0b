package dev.nightjar.desktop.profile;

import dev.nightjar.protocol.v1.FoldedStack;
import dev.nightjar.protocol.v1.Frame;
import dev.nightjar.protocol.v1.FrameKind;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.StackSamples;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Made-up profiles for tests, the draw bench and screenshots: a large random
 * call tree of a chosen size with a skewed (Zipf-like) sample distribution, and
 * a small realistic one of a few services on two nodes.
 */
public final class SyntheticProfile {

    private static final String[] VERBS = {"handle", "process", "read", "write", "encode", "decode", "parse", "lookup",
        "commit", "flush", "hash", "copy", "compare", "resolve", "render", "dispatch"};
    private static final String[] NOUNS = {"Request", "Order", "Cart", "Buffer", "Header", "Row", "Index", "Page",
        "Token", "Frame", "Batch", "Session", "Entry", "Segment", "Payload", "Span"};
    private static final String[] KERNEL = {"__x64_sys_write", "__x64_sys_read", "tcp_sendmsg", "tcp_recvmsg",
        "vfs_read", "vfs_write", "do_syscall_64", "entry_SYSCALL_64", "copy_user_enhanced_fast_string", "ksys_write",
        "__schedule", "futex_wait", "ep_poll", "ip_finish_output2", "__dev_queue_xmit", "memcpy_erms"};

    private SyntheticProfile() {
    }

    /** One message holding a random tree with at least {@code frames} distinct call-path nodes. */
    public static StackSamples largeMessage(int frames, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = frames + 1;
        int[] parent = new int[n];
        int[] depth = new int[n];
        FrameKind[] kind = new FrameKind[n];
        StackSamples.Builder message = StackSamples.newBuilder().setPid(4242).setComm("java").setFrequencyHz(99);
        parent[0] = -1;
        for (int i = 1; i < n; i++) {
            // Mostly extend a recent path (deep stacks), sometimes branch anywhere (wide trees).
            int p = random.nextInt(10) < 7 ? Math.max(0, i - 1 - random.nextInt(Math.min(i, 6))) : random.nextInt(i);
            if (depth[p] >= 48) {
                p = random.nextInt(Math.min(i, 64));
            }
            parent[i] = p;
            depth[i] = depth[p] + 1;
            kind[i] = kindFor(random, depth[i], p == 0 ? null : kind[p]);
            String base = kind[i] == FrameKind.FRAME_KIND_KERNEL ? KERNEL[random.nextInt(KERNEL.length)]
                    : kind[i] == FrameKind.FRAME_KIND_UNKNOWN ? "libfoo.so+0x" + Integer.toHexString(random.nextInt(1 << 20))
                    : "com.shop." + NOUNS[random.nextInt(NOUNS.length)] + "Service." + VERBS[random.nextInt(VERBS.length)]
                    + NOUNS[random.nextInt(NOUNS.length)];
            // Index in the name: every node is its own frame, so the tree has exactly `frames` nodes.
            message.addFrames(Frame.newBuilder().setName(base + "#" + i).setKind(kind[i]));
        }
        int[] path = new int[64];
        for (int i = 1; i < n; i++) {
            long count = Math.max(1, (long) (2_000_000 / Math.pow(1 + random.nextInt(n), 1.1)));
            int len = 0;
            for (int at = i; at > 0; at = parent[at]) {
                path[len++] = at;
            }
            FoldedStack.Builder stack = FoldedStack.newBuilder().setCount(count);
            for (int k = len - 1; k >= 0; k--) {
                stack.addFrames(path[k] - 1);
            }
            message.addStacks(stack);
        }
        return message.build();
    }

    private static FrameKind kindFor(SplittableRandom random, int depth, FrameKind parentKind) {
        if (parentKind == FrameKind.FRAME_KIND_KERNEL) {
            return FrameKind.FRAME_KIND_KERNEL;
        }
        if (depth <= 2) {
            return FrameKind.FRAME_KIND_NATIVE;
        }
        int roll = random.nextInt(100);
        return roll < 8 ? FrameKind.FRAME_KIND_KERNEL : roll < 12 ? FrameKind.FRAME_KIND_UNKNOWN
                : roll < 20 ? FrameKind.FRAME_KIND_INTERPRETED : roll < 30 ? FrameKind.FRAME_KIND_NATIVE
                : FrameKind.FRAME_KIND_JIT;
    }

    public static FlameTree tree(int frames, long seed) {
        FlameTreeBuilder builder = new FlameTreeBuilder(FlameScope.ALL);
        builder.add("bench", 1, largeMessage(frames, seed));
        return builder.build();
    }

    /**
     * A realistic small capture: a JVM checkout service, nginx and postgres on
     * two nodes, {@code intervals} one-second intervals each, counts varying.
     */
    public static List<SensorEvent> services(int intervals, long startNs, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<SensorEvent> events = new ArrayList<>();
        // Sequence numbers count per node's stream: a gap would show as lost events.
        long first = 1;
        long second = 1;
        for (int t = 0; t < intervals; t++) {
            long ts = startNs + t * 1_000_000_000L;
            events.add(checkout(random).event("ip-10-0-1-17", first++, ts));
            events.add(nginx(random).event("ip-10-0-1-17", first++, ts));
            events.add(postgres(random).event("ip-10-0-2-41", second++, ts));
        }
        return events;
    }

    private static long jitter(SplittableRandom random, long count) {
        return Math.max(1, count + random.nextLong(-count / 4 - 1, count / 4 + 1));
    }

    private static SampleStacks checkout(SplittableRandom r) {
        String[] thread = {"[libc.so.6] start_thread", "libjvm.so JavaThread::run", "java.lang.Thread.run",
            "java.util.concurrent.ThreadPoolExecutor$Worker.run", "io.netty.channel.nio.NioEventLoop.run"};
        SampleStacks s = SampleStacks.process(3120, "java").container("7f3a9c0e12b4d5e6f7a8b9c0")
                .kind("java.lang.Thread.run", FrameKind.FRAME_KIND_JIT)
                .kind("java.util.concurrent.ThreadPoolExecutor$Worker.run", FrameKind.FRAME_KIND_JIT)
                .kind("io.netty.channel.nio.NioEventLoop.run", FrameKind.FRAME_KIND_INTERPRETED);
        for (String f : List.of("shop.checkout.CheckoutHandler.handle", "shop.checkout.PriceCalculator.total",
                "shop.checkout.PriceCalculator.applyDiscounts", "shop.checkout.DiscountRules.match",
                "java.util.regex.Pattern$Curly.match", "com.fasterxml.jackson.databind.ObjectMapper.writeValueAsBytes",
                "com.fasterxml.jackson.core.json.UTF8JsonGenerator.writeString", "shop.checkout.CartRepository.load",
                "org.postgresql.jdbc.PgStatement.executeQuery", "org.postgresql.core.PGStream.receiveChar",
                "java.net.SocketInputStream.read", "io.netty.channel.nio.NioEventLoop.processSelectedKeys",
                "io.netty.handler.codec.http.HttpObjectDecoder.decode")) {
            s.kind(f, f.startsWith("java.util.regex") ? FrameKind.FRAME_KIND_INTERPRETED : FrameKind.FRAME_KIND_JIT);
        }
        for (String f : List.of("entry_SYSCALL_64", "do_syscall_64", "__x64_sys_recvfrom", "tcp_recvmsg",
                "__x64_sys_epoll_wait", "ep_poll", "schedule_hrtimeout_range", "__x64_sys_write", "tcp_sendmsg",
                "tcp_write_xmit", "__ip_queue_xmit", "copy_user_enhanced_fast_string")) {
            s.kind(f, FrameKind.FRAME_KIND_KERNEL);
        }
        s.kind("[unknown] libfoo.so+0x1a2f0", FrameKind.FRAME_KIND_UNKNOWN);
        String[] worker = java.util.Arrays.copyOf(thread, 4);
        s.stack(jitter(r, 420), concat(worker, "shop.checkout.CheckoutHandler.handle", "shop.checkout.PriceCalculator.total",
                "shop.checkout.PriceCalculator.applyDiscounts", "shop.checkout.DiscountRules.match", "java.util.regex.Pattern$Curly.match"));
        s.stack(jitter(r, 160), concat(worker, "shop.checkout.CheckoutHandler.handle", "shop.checkout.PriceCalculator.total",
                "shop.checkout.PriceCalculator.applyDiscounts"));
        s.stack(jitter(r, 220), concat(worker, "shop.checkout.CheckoutHandler.handle",
                "com.fasterxml.jackson.databind.ObjectMapper.writeValueAsBytes", "com.fasterxml.jackson.core.json.UTF8JsonGenerator.writeString"));
        s.stack(jitter(r, 90), concat(worker, "shop.checkout.CheckoutHandler.handle", "shop.checkout.CartRepository.load",
                "org.postgresql.jdbc.PgStatement.executeQuery", "org.postgresql.core.PGStream.receiveChar",
                "java.net.SocketInputStream.read", "entry_SYSCALL_64", "do_syscall_64", "__x64_sys_recvfrom", "tcp_recvmsg",
                "copy_user_enhanced_fast_string"));
        s.stack(jitter(r, 40), concat(worker, "shop.checkout.CheckoutHandler.handle", "shop.checkout.CartRepository.load",
                "org.postgresql.jdbc.PgStatement.executeQuery"));
        s.stack(jitter(r, 130), concat(thread, "io.netty.channel.nio.NioEventLoop.processSelectedKeys",
                "io.netty.handler.codec.http.HttpObjectDecoder.decode"));
        s.stack(jitter(r, 110), concat(thread, "entry_SYSCALL_64", "do_syscall_64", "__x64_sys_epoll_wait", "ep_poll",
                "schedule_hrtimeout_range"));
        s.stack(jitter(r, 70), concat(thread, "io.netty.channel.nio.NioEventLoop.processSelectedKeys", "entry_SYSCALL_64",
                "do_syscall_64", "__x64_sys_write", "tcp_sendmsg", "tcp_write_xmit", "__ip_queue_xmit"));
        s.stack(jitter(r, 25), "[libc.so.6] start_thread", "libjvm.so GangWorker::loop", "libjvm.so G1ParTask::work",
                "libjvm.so G1ParScanThreadState::trim_queue");
        s.stack(jitter(r, 12), "[libc.so.6] start_thread", "[unknown] libfoo.so+0x1a2f0");
        return s;
    }

    private static SampleStacks nginx(SplittableRandom r) {
        SampleStacks s = SampleStacks.process(911, "nginx").container("0c1d2e3f4a5b6c7d8e9f")
                .kind("entry_SYSCALL_64", FrameKind.FRAME_KIND_KERNEL).kind("do_syscall_64", FrameKind.FRAME_KIND_KERNEL)
                .kind("__x64_sys_sendfile64", FrameKind.FRAME_KIND_KERNEL).kind("do_splice_direct", FrameKind.FRAME_KIND_KERNEL)
                .kind("__x64_sys_epoll_wait", FrameKind.FRAME_KIND_KERNEL).kind("ep_poll", FrameKind.FRAME_KIND_KERNEL);
        s.stack(jitter(r, 140), "nginx main", "ngx_worker_process_cycle", "ngx_process_events_and_timers",
                "ngx_epoll_process_events", "ngx_http_process_request_line", "ngx_http_parse_request_line");
        s.stack(jitter(r, 120), "nginx main", "ngx_worker_process_cycle", "ngx_process_events_and_timers",
                "ngx_epoll_process_events", "ngx_http_writer", "ngx_linux_sendfile_chain", "entry_SYSCALL_64", "do_syscall_64",
                "__x64_sys_sendfile64", "do_splice_direct");
        s.stack(jitter(r, 60), "nginx main", "ngx_worker_process_cycle", "ngx_process_events_and_timers",
                "entry_SYSCALL_64", "do_syscall_64", "__x64_sys_epoll_wait", "ep_poll");
        s.stack(jitter(r, 45), "nginx main", "ngx_worker_process_cycle", "ngx_process_events_and_timers",
                "ngx_epoll_process_events", "ngx_ssl_handshake", "[libssl.so.3] SSL_do_handshake", "[libcrypto.so.3] EVP_PKEY_sign");
        return s;
    }

    private static SampleStacks postgres(SplittableRandom r) {
        SampleStacks s = SampleStacks.process(1502, "postgres").container("9a8b7c6d5e4f3a2b1c0d")
                .kind("entry_SYSCALL_64", FrameKind.FRAME_KIND_KERNEL).kind("do_syscall_64", FrameKind.FRAME_KIND_KERNEL)
                .kind("__x64_sys_pread64", FrameKind.FRAME_KIND_KERNEL).kind("filemap_read", FrameKind.FRAME_KIND_KERNEL);
        s.stack(jitter(r, 260), "postgres main", "PostmasterMain", "BackendStartup", "PostgresMain", "exec_simple_query",
                "PortalRun", "ExecutorRun", "ExecSeqScan", "ExecQual", "texteq");
        s.stack(jitter(r, 150), "postgres main", "PostmasterMain", "BackendStartup", "PostgresMain", "exec_simple_query",
                "PortalRun", "ExecutorRun", "ExecSeqScan", "heapgettup_pagemode", "ReadBufferExtended", "entry_SYSCALL_64",
                "do_syscall_64", "__x64_sys_pread64", "filemap_read");
        s.stack(jitter(r, 80), "postgres main", "PostmasterMain", "BackendStartup", "PostgresMain", "exec_simple_query",
                "pg_plan_queries", "standard_planner", "query_planner");
        s.stack(jitter(r, 30), "postgres main", "PostmasterMain", "ServerLoop", "WaitEventSetWait");
        return s;
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
