package dev.nightjar.desktop.bench;

import com.google.protobuf.ByteString;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.naming.FlowEndpoint;
import dev.nightjar.protocol.v1.AppProtocol;
import dev.nightjar.protocol.v1.DnsRequest;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.FlowRole;
import dev.nightjar.protocol.v1.HttpRequest;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.protocol.v1.PostgresRequest;
import dev.nightjar.protocol.v1.Request;
import dev.nightjar.protocol.v1.RequestStats;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A node's request traffic as the sensor sends it, for the frame bench: {@code rate} exchanges per
 * second among {@link #WORKLOADS} workloads over about 300 client → server edges (HTTP, gRPC, DNS,
 * PostgreSQL). Like {@code RequestAssembler}, every exchange is counted in a second's
 * {@link RequestStats} row per (client, server, protocol, method, route, status class), sent in one
 * batch per second; only the failed and the slow ones (about 1.5 %) are sent whole as
 * {@link Request} events, unless {@code wholeFraction} asks for more (a sample rate the user can set).
 *
 * <p>Workloads live at 10.3.0.1 … 10.3.0.100; {@link #namer()} names them as a cluster snapshot
 * would ("shop/checkout-7", "pay/ledger-12"), so the map's boxes carry names of a real length.
 */
final class SyntheticRequests {

    static final int WORKLOADS = 100;
    /** Failed exchanges among all: HTTP 5xx, gRPC UNAVAILABLE, NXDOMAIN, SQLSTATE. */
    static final double ERROR_FRACTION = 0.01;
    /** Slower than the sensor's default threshold (100 ms), so sent whole. */
    static final double SLOW_FRACTION = 0.005;
    private static final String[] NAMESPACES = {"shop", "pay", "search", "auth", "media"};
    private static final String[] APPS = {"frontend", "checkout", "cart", "catalog", "ledger", "billing", "indexer",
        "session", "thumbnailer", "recommender"};
    private static final String[] ROUTES = {"/api/orders/{id}", "/api/cart", "/api/items", "/healthz", "/api/users/{id}"};
    private static final String[] GRPC_METHODS = {"/shop.Inventory/Reserve", "/pay.Ledger/Post", "/auth.Tokens/Check"};
    private static final String[] STATEMENTS = {"SELECT * FROM orders WHERE id = ?", "UPDATE carts SET total = ? WHERE id = ?",
        "INSERT INTO ledger VALUES (?, ?, ?)"};
    private static final int DNS_SERVER = 0;
    private static final int POSTGRES_SERVER = 1;
    private static final int POOL = 5_000;

    private record Edge(int client, int server, AppProtocol protocol, int port) {
    }

    private final String node;
    private final int rate;
    private final double wholeFraction;
    private final List<Edge> edges = new ArrayList<>();
    private final SensorEvent[] requestPool = new SensorEvent[POOL];
    private final SplittableRandom random = new SplittableRandom(7);
    private int cursor;

    SyntheticRequests(String node, int rate, double wholeFraction) {
        this.node = node;
        this.rate = rate;
        this.wholeFraction = wholeFraction;
        // Every workload looks names up and calls two or three others; a third of them use the database.
        for (int c = 2; c < WORKLOADS; c++) {
            edges.add(new Edge(c, DNS_SERVER, AppProtocol.APP_PROTOCOL_DNS, 53));
            if (c % 3 == 0) {
                edges.add(new Edge(c, POSTGRES_SERVER, AppProtocol.APP_PROTOCOL_POSTGRES, 5432));
            }
            int calls = 1 + c % 2;
            for (int k = 0; k < calls; k++) {
                int server = 2 + (c * 7 + k * 13 + 5) % (WORKLOADS - 2);
                if (server != c) {
                    edges.add(new Edge(c, server, (c + k) % 4 == 0 ? AppProtocol.APP_PROTOCOL_GRPC
                            : AppProtocol.APP_PROTOCOL_HTTP1, (c + k) % 4 == 0 ? 9090 : 8080));
                }
            }
        }
        for (int i = 0; i < POOL; i++) {
            requestPool[i] = request(edges.get(random.nextInt(edges.size())), 0, i);
        }
    }

    int edges() {
        return edges.size();
    }

    /** Request events per second: the whole-sent share of {@code rate}. */
    int requestsPerSecond() {
        return (int) Math.round(rate * Math.max(wholeFraction, ERROR_FRACTION + SLOW_FRACTION));
    }

    /** The next {@code n} whole requests, stamped {@code nowNs}. */
    void requests(int n, long nowNs, long[] sequence, java.util.function.Consumer<SensorEvent> out) {
        for (int i = 0; i < n; i++) {
            SensorEvent e = requestPool[cursor];
            cursor = (cursor + 1) % POOL;
            Request r = e.getRequest();
            out.accept(e.toBuilder().setSequence(++sequence[0]).setTimestampNs(nowNs)
                    .setRequest(r.toBuilder().setStartNs(nowNs - r.getLatencyNs())).build());
        }
    }

    /**
     * One second's stats batch ending at {@code endNs}: per edge, its exchanges spread over its
     * routes, each with an "ok" row and, for some, a failed row, as the sensor's table drains them.
     */
    List<SensorEvent> statsSecond(long endNs, long[] sequence) {
        List<SensorEvent> batch = new ArrayList<>();
        long perEdge = Math.max(1, rate / edges.size());
        for (int i = 0; i < edges.size(); i++) {
            Edge e = edges.get(i);
            String[] routes = routesOf(e);
            for (String route : routes) {
                long count = Math.max(1, perEdge / routes.length);
                long errors = (i % 10 == 0) ? count / 5 : Math.round(count * ERROR_FRACTION * random.nextDouble() * 2);
                batch.add(stats(e, route, Classes.of(e.protocol()).ok(), count - errors, 0, endNs, ++sequence[0]));
                if (errors > 0) {
                    batch.add(stats(e, route, Classes.of(e.protocol()).failed(), errors, errors, endNs, ++sequence[0]));
                }
            }
        }
        return batch;
    }

    private SensorEvent stats(Edge e, String route, String statusClass, long count, long errors, long endNs, long seq) {
        RequestStats.Builder s = RequestStats.newBuilder().setProtocol(e.protocol())
                .setClientAddr(addr(e.client())).setClientPid(1000 + e.client())
                .setServerAddr(addr(e.server())).setServerPort(e.port()).setServerPid(1000 + e.server())
                .setMethod(Classes.of(e.protocol()).method()).setRoute(route).setStatusClass(statusClass).setCount(count).setErrors(errors)
                .setRequestBytes(count * 300).setResponseBytes(count * 1200)
                .setIntervalStartNs(endNs - 1_000_000_000L).setIntervalEndNs(endNs)
                .setSentWhole(errors + Math.round(count * SLOW_FRACTION));
        long total = 0;
        long[] buckets = new long[30];
        for (long k = 0; k < count; k++) {
            // mostly 0.5–8 ms, a tail to 268 ms
            int b = k % 200 == 0 ? 24 + random.nextInt(4) : 19 + random.nextInt(5);
            buckets[b]++;
            total += 1L << b;
            if (k > 64) { // the rest in proportion: building a histogram must not cost the feeder a core
                long rest = count - k - 1;
                buckets[20] += rest;
                total += rest << 20;
                break;
            }
        }
        for (long b : buckets) {
            s.addLog2Buckets(b);
        }
        s.setTotalLatencyNs(total);
        return SensorEvent.newBuilder().setNode(node).setSequence(seq).setTimestampNs(endNs).setRequestStats(s).build();
    }

    private SensorEvent request(Edge e, long nowNs, int i) {
        boolean slow = i % 3 == 0;
        long latency = slow ? 100_000_000L + random.nextLong(400_000_000L) : 1_000_000L + random.nextLong(20_000_000L);
        int clientPort = 30_000 + random.nextInt(30_000);
        Request.Builder r = Request.newBuilder().setProtocol(e.protocol())
                .setTuple(FiveTuple.newBuilder().setSrcAddr(addr(e.client())).setSrcPort(clientPort)
                        .setDstAddr(addr(e.server())).setDstPort(e.port())
                        .setProtocol(e.protocol() == AppProtocol.APP_PROTOCOL_DNS ? L4Protocol.L4_PROTOCOL_UDP
                                : L4Protocol.L4_PROTOCOL_TCP))
                .setRole(FlowRole.FLOW_ROLE_CLIENT).setPid(1000 + e.client()).setTid(1000 + e.client())
                .setComm(APPS[e.client() % APPS.length]).setStartNs(nowNs - latency).setLatencyNs(latency)
                .setRequestBytes(200 + random.nextInt(2_000)).setResponseBytes(500 + random.nextInt(20_000))
                .setError(!slow).setFlowId(1 + random.nextInt(100_000));
        String route = routesOf(e)[random.nextInt(routesOf(e).length)];
        switch (e.protocol()) {
            case APP_PROTOCOL_DNS -> r.setDns(DnsRequest.newBuilder().setId(random.nextInt(65_536))
                    .setQueryName(route).setQueryType(1).setQueryTypeName("A").setRcode(slow ? 0 : 3)
                    .setRcodeName(slow ? "NOERROR" : "NXDOMAIN").setAnswers(slow ? 1 : 0));
            case APP_PROTOCOL_POSTGRES -> r.setPostgres(PostgresRequest.newBuilder().setStatement(route)
                    .setCommandTag(slow ? "SELECT 1" : "").setSqlstate(slow ? "" : "40001")
                    .setErrorMessage(slow ? "" : "could not serialize access due to concurrent update"));
            case APP_PROTOCOL_GRPC -> r.setHttp(HttpRequest.newBuilder().setMethod("POST").setPath(route).setRoute(route)
                    .setHost(name(e.server())).setStatus(200).setHttpVersion("2").setGrpc(true)
                    .setGrpcStatus(slow ? 0 : 14).setGrpcMessage(slow ? "" : "upstream connect error"));
            default -> r.setHttp(HttpRequest.newBuilder().setMethod(i % 4 == 0 ? "POST" : "GET")
                    .setPath(route.replace("{id}", Integer.toString(random.nextInt(100_000)))).setRoute(route)
                    .setHost(name(e.server())).setStatus(slow ? 200 : 500 + i % 4).setHttpVersion("1.1"));
        }
        return SensorEvent.newBuilder().setNode(node).setTimestampNs(nowNs).setRequest(r).build();
    }

    private static String[] routesOf(Edge e) {
        return switch (e.protocol()) {
            case APP_PROTOCOL_DNS -> new String[] {name(e.client() % 20 + 2) + ".svc.cluster.local",
                "api.payments.example.com"};
            case APP_PROTOCOL_POSTGRES -> STATEMENTS;
            case APP_PROTOCOL_GRPC -> new String[] {GRPC_METHODS[e.server() % GRPC_METHODS.length]};
            default -> new String[] {ROUTES[e.server() % ROUTES.length], ROUTES[(e.server() + 1) % ROUTES.length],
                ROUTES[(e.client() + 2) % ROUTES.length]};
        };
    }

    /** What a protocol's stats rows say: the method, the status class of a success and of a failure. */
    private record Classes(String method, String ok, String failed) {
        static Classes of(AppProtocol protocol) {
            return switch (protocol) {
                case APP_PROTOCOL_DNS -> new Classes("A", "NOERROR", "NXDOMAIN");
                case APP_PROTOCOL_POSTGRES -> new Classes("SELECT", "00", "40");
                case APP_PROTOCOL_GRPC -> new Classes("POST", "OK", "UNAVAILABLE");
                default -> new Classes("GET", "2xx", "5xx");
            };
        }
    }

    private static ByteString addr(int workload) {
        return ByteString.copyFrom(new byte[] {10, 3, 0, (byte) (workload + 1)});
    }

    /** "shop/checkout-7": the workload at 10.3.0.(w+1). */
    private static String name(int workload) {
        return switch (workload) {
            case DNS_SERVER -> "kube-system/coredns";
            case POSTGRES_SERVER -> "pay/postgres";
            default -> NAMESPACES[workload % NAMESPACES.length] + "/" + APPS[workload % APPS.length] + "-" + workload;
        };
    }

    /** Names the workloads' addresses as a cluster snapshot would; other addresses stay addresses. */
    static EndpointNamer namer() {
        return (ip, port) -> {
            if (ip.startsWith("10.3.0.")) {
                int w = Integer.parseInt(ip.substring("10.3.0.".length())) - 1;
                if (w >= 0 && w < WORKLOADS) {
                    String[] nsAndName = name(w).split("/", 2);
                    return new FlowEndpoint(ip, port, nsAndName[0], nsAndName[1] + "-5f7c9-x2k4q", nsAndName[1], "");
                }
            }
            return FlowEndpoint.ofAddress(ip, port);
        };
    }
}
