package dev.nightjar.sensor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nightjar.protocol.v1.AppProtocol;
import dev.nightjar.protocol.v1.DnsRequest;
import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.HttpRequest;
import dev.nightjar.protocol.v1.Request;
import dev.nightjar.protocol.v1.RequestStats;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SubscribeRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** observe's request flags: what they send to the sensor and which received events they show. */
class RequestLineFilterTest {

    static SensorEvent http(String method, String path, int status, long latencyNs) {
        return SensorEvent.newBuilder().setRequest(Request.newBuilder().setProtocol(AppProtocol.APP_PROTOCOL_HTTP1)
                .setLatencyNs(latencyNs).setHttp(HttpRequest.newBuilder().setMethod(method).setPath(path).setStatus(status))).build();
    }

    static SensorEvent dns(String name, String rcode, int code) {
        return SensorEvent.newBuilder().setRequest(Request.newBuilder().setProtocol(AppProtocol.APP_PROTOCOL_DNS)
                .setDns(DnsRequest.newBuilder().setQueryName(name).setRcodeName(rcode).setRcode(code))).build();
    }

    static SensorEvent stats(AppProtocol p, String method, String route, String statusClass) {
        return SensorEvent.newBuilder().setRequestStats(RequestStats.newBuilder().setProtocol(p).setMethod(method)
                .setRoute(route).setStatusClass(statusClass)).build();
    }

    static ObserveCommand parse(String... args) {
        ObserveCommand command = new ObserveCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    static List<SensorEvent> shown(ObserveCommand command, SensorEvent... events) throws CliFailure {
        RequestLineFilter filter = command.requestFilter();
        return List.of(events).stream().filter(filter::accepts).toList();
    }

    static final String[] SENSOR = {"--sensor", "127.0.0.1:1", "--token-file", "/dev/null"};

    static String[] args(String... more) {
        String[] all = java.util.Arrays.copyOf(SENSOR, SENSOR.length + more.length);
        System.arraycopy(more, 0, all, SENSOR.length, more.length);
        return all;
    }

    @Test
    void anExactStatusShowsExactlyThoseRequestsAndNoCounts() throws CliFailure {
        SensorEvent e500 = http("GET", "/a", 500, 1);
        SensorEvent e503 = http("GET", "/a", 503, 1);
        SensorEvent e200 = http("GET", "/a", 200, 1);
        SensorEvent flow = SensorEvent.newBuilder().setFlow(FlowUpdate.getDefaultInstance()).build();
        SensorEvent counts = stats(AppProtocol.APP_PROTOCOL_HTTP1, "GET", "/a", "5xx");
        assertThat(shown(parse(args("--kinds", "requests", "--protocol", "http", "--http-status", "500")),
                e500, e503, e200, flow, counts, dns("a.test", "NOERROR", 0)))
                .containsExactly(e500, flow);
        assertThat(shown(parse(args("--http-status", "5xx")), e500, e503, e200, counts))
                .containsExactly(e500, e503, counts);
    }

    @Test
    void methodPathGlobAndMinimumLatency() throws CliFailure {
        SensorEvent orders = http("POST", "/orders/12?x=?", 200, 5_000_000);
        SensorEvent users = http("GET", "/users/1", 200, 50_000_000);
        assertThat(shown(parse(args("--http-method", "post", "--http-path", "/orders/*")), orders, users,
                stats(AppProtocol.APP_PROTOCOL_HTTP1, "POST", "/orders/{id}", "2xx"),
                stats(AppProtocol.APP_PROTOCOL_HTTP1, "GET", "/orders/{id}", "2xx")))
                .hasSize(2).first().isEqualTo(orders);
        assertThat(shown(parse(args("--min-latency", "10ms")), orders, users, stats(AppProtocol.APP_PROTOCOL_HTTP1, "GET", "/", "2xx")))
                .containsExactly(users);
    }

    @Test
    void dnsQueryGlobAndRcodeByNameOrNumber() throws CliFailure {
        SensorEvent nx = dns("missing.svc.cluster.local", "NXDOMAIN", 3);
        SensorEvent ok = dns("api.svc.cluster.local", "NOERROR", 0);
        assertThat(shown(parse(args("--dns-query", "*.svc.cluster.local", "--dns-rcode", "nxdomain")), nx, ok)).containsExactly(nx);
        assertThat(shown(parse(args("--dns-rcode", "3")), nx, ok, http("GET", "/", 200, 1))).containsExactly(nx);
    }

    @Test
    void requestsAreSubscribedAsATargetOfTheWholeNodeUnlessNarrowed() throws CliFailure {
        SubscribeRequest wholeNode = parse(args("--kinds", "requests,flows", "--protocol", "grpc,redis", "--min-latency", "50ms",
                "--unmask-literals")).request();
        assertThat(wholeNode.getKindsList()).containsExactly(EventKind.EVENT_KIND_REQUESTS, EventKind.EVENT_KIND_FLOWS);
        var target = wholeNode.getTargets().getRequests();
        assertThat(target.getTasks().getWholeNode()).isTrue();
        assertThat(target.getProtocolsList()).containsExactly(AppProtocol.APP_PROTOCOL_GRPC, AppProtocol.APP_PROTOCOL_REDIS);
        assertThat(target.getSlowThresholdNs()).isEqualTo(50_000_000L);
        assertThat(target.getUnmaskLiterals()).isTrue();
        assertThat(wholeNode.getTargets().hasFlows()).isTrue();

        SubscribeRequest narrowed = parse(args("--kinds", "requests", "--pid", "42")).request();
        assertThat(narrowed.getTargets().getRequests().getTasks().getWholeNode()).isFalse();
        assertThat(narrowed.getTargets().getRequests().getTasks().getPidsList()).containsExactly(42);
        assertThat(narrowed.getTargets().hasFlows()).isFalse();

        assertThat(parse(args("--kinds", "flows")).request().hasTargets()).as("without requests: protocol 1 as before").isFalse();
    }

    @Test
    void badValuesAreRefusedWithWhatIsAccepted() {
        assertThatThrownBy(() -> parse(args("--http-status", "50x")).requestFilter()).isInstanceOf(CliFailure.class)
                .hasMessageContaining("use a code (500) or a class (5xx)");
        assertThatThrownBy(() -> parse(args("--protocol", "mysql"))).hasMessageContaining("use http, http2, grpc, dns, postgres, redis");
        assertThatThrownBy(() -> parse(args("--sample-rate", "2")).request()).hasMessageContaining("not a share");
    }
}
