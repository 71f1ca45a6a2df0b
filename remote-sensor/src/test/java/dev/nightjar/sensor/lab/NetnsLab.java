package dev.nightjar.sensor.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Two "pods", A and B: network namespaces {@code nj-test-<random>-a/-b} (the
 * prefix can be set with the environment variable NJ_LAB_PREFIX) joined
 * by a veth pair, with IPv4 addresses in 10.200.X.0/24 and IPv6 in
 * fd00:200:X::/64 that exist only inside these namespaces. Code runs inside a
 * pod on a fresh platform thread that entered the namespace with setns.
 * {@link #close()} deletes both namespaces (and with them the veth pair and
 * any nftables rules in them).
 */
public final class NetnsLab implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long TASK_TIMEOUT_SECONDS = 30;
    private static final String PREFIX = System.getenv().getOrDefault("NJ_LAB_PREFIX", "nj-test");

    /** One side of the lab. */
    public record Pod(String namespace, String ifname, InetAddress ipv4, InetAddress ipv6) {
        public InetAddress address(boolean ipv6Wanted) {
            return ipv6Wanted ? ipv6 : ipv4;
        }
    }

    private final Pod a;
    private final Pod b;
    private boolean closed;

    private NetnsLab(Pod a, Pod b) {
        this.a = a;
        this.b = b;
    }

    public static NetnsLab create() {
        String id = HexFormat.of().formatHex(RANDOM.generateSeed(3));
        int subnet = 1 + RANDOM.nextInt(254);
        Pod a = pod(id, "a", subnet, 1);
        Pod b = pod(id, "b", subnet, 2);
        NetnsLab lab = new NetnsLab(a, b);
        try {
            Commands.run(List.of("ip", "netns", "add", a.namespace()));
            Commands.run(List.of("ip", "netns", "add", b.namespace()));
            Commands.run(List.of("ip", "link", "add", a.ifname(), "netns", a.namespace(), "type", "veth",
                    "peer", "name", b.ifname(), "netns", b.namespace()));
            for (Pod p : List.of(a, b)) {
                ip(p, "link", "set", "lo", "up");
                ip(p, "addr", "add", p.ipv4().getHostAddress() + "/24", "dev", p.ifname());
                // nodad: the address is usable at once instead of after duplicate detection.
                ip(p, "-6", "addr", "add", p.ipv6().getHostAddress() + "/64", "dev", p.ifname(), "nodad");
                ip(p, "link", "set", p.ifname(), "up");
            }
            return lab;
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    private static Pod pod(String id, String side, int subnet, int host) {
        try {
            return new Pod(PREFIX + "-" + id + "-" + side, "nj" + side + id,
                    InetAddress.getByName("10.200." + subnet + "." + host),
                    InetAddress.getByName("fd00:200:" + Integer.toHexString(subnet) + "::" + host));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void ip(Pod p, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("ip", "-n", p.namespace()));
        command.addAll(List.of(args));
        Commands.run(command);
    }

    public Pod a() {
        return a;
    }

    public Pod b() {
        return b;
    }

    /** The namespace's inode, as the kernel reports it (ns.inum). */
    public long netnsInode(Pod pod) {
        try {
            return ((Number) Files.getAttribute(Path.of("/run/netns", pod.namespace()), "unix:ino")).longValue();
        } catch (IOException e) {
            throw new IllegalStateException("cannot stat /run/netns/" + pod.namespace(), e);
        }
    }

    /** The ifindex of the pod's veth end inside its namespace. */
    public int ifindex(Pod pod) {
        String line = Commands.run(List.of("ip", "-n", pod.namespace(), "-o", "link", "show", "dev", pod.ifname()));
        return Integer.parseInt(line.substring(0, line.indexOf(':')).strip());
    }

    /** Loads an nftables ruleset into the pod's namespace. */
    public void nft(Pod pod, String ruleset) {
        Commands.run(List.of("ip", "netns", "exec", pod.namespace(), "nft", "-f", "-"), ruleset);
    }

    /** Drops every TCP packet to {@code port} arriving in the pod, as a NetworkPolicy-like filter would. */
    public void dropTcpTo(Pod pod, int port) {
        dropTcp(pod, "nj_test", "input", port);
    }

    /** Drops every TCP packet to {@code port} leaving the pod, before it reaches the wire. */
    public void dropTcpLeaving(Pod pod, int port) {
        dropTcp(pod, "nj_test_out", "output", port);
    }

    /** A table of its own per hook, so a pod can drop on the way in and out at once. */
    private void dropTcp(Pod pod, String table, String hook, int port) {
        nft(pod, """
                table inet %s {
                    chain %s {
                        type filter hook %s priority 0; policy accept;
                        tcp dport %d drop
                    }
                }
                """.formatted(table, hook, hook, port));
    }

    /** Sets a sysctl inside the pod's namespace only (per-namespace keys such as net.ipv4.tcp_syn_retries). */
    public void sysctl(Pod pod, String key, String value) {
        Commands.run(List.of("ip", "netns", "exec", pod.namespace(), "sysctl", "-q", "-w", key + "=" + value));
    }

    /**
     * An address that the pod routes to the other pod, which does not forward and drops
     * it without a word (IP_INADDRERRORS): a destination that never answers.
     */
    public InetAddress blackholedAddress(Pod from) {
        Pod to = from == a ? b : a;
        byte[] prefix = to.ipv4().getAddress();
        String net = "10.201." + Byte.toUnsignedInt(prefix[2]);
        ip(from, "route", "replace", net + ".0/24", "via", to.ipv4().getHostAddress());
        try {
            return InetAddress.getByName(net + ".9");
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts {@code task} on a new platform thread inside the pod's namespace. */
    public <T> CompletableFuture<T> startIn(Pod pod, String threadName, Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().name(threadName).daemon(true).unstarted(() -> {
            try {
                Setns.enterNetworkNamespace(pod.namespace());
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        t.start();
        return result;
    }

    /** Runs {@code task} inside the pod's namespace and waits for its result. */
    public <T> T runIn(Pod pod, String threadName, Callable<T> task) {
        return await(startIn(pod, threadName, task));
    }

    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(TASK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("lab task failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("lab task did not finish in " + TASK_TIMEOUT_SECONDS + " s");
        }
    }

    /** Deletes both namespaces; the veth pair and nftables tables go with them. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Pod p : List.of(a, b)) {
            Commands.runQuietly(List.of("ip", "netns", "exec", p.namespace(), "nft", "flush", "ruleset"));
            Commands.runQuietly(List.of("ip", "netns", "del", p.namespace()));
        }
    }
}
