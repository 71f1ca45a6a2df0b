package dev.nightjar.desktop.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nightjar.desktop.naming.FlowEndpoint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlowFilterTest {

    /** frontend (shop) connects to the cart service's pod (shop) on 8080; the server side is "cart-5f". */
    private static final FlowRow FRONTEND_TO_CART = new FlowRow(1, "worker-1",
            new FlowEndpoint("10.244.1.7", 41234, "shop", "frontend-7d9c", "frontend", ""),
            new FlowEndpoint("10.244.2.9", 8080, "shop", "cart-5f", "cart", "cart"),
            "TCP", "out", "ESTABLISHED", 1200, 300, 0, 1_000_000, 0, 0, 4242, "node", false);

    /** a host process talking to an IPv6 address outside the cluster. */
    private static final FlowRow HOST_TO_V6 = new FlowRow(2, "worker-2",
            new FlowEndpoint("fd00::1", 50000, "", "", "", ""),
            FlowEndpoint.ofAddress("2001:db8::53", 53),
            "UDP", "out", "", 80, 120, 0, 1, 0, 0, 900, "systemd-resolve", true);

    @ParameterizedTest(name = "[{index}] \"{0}\" → frontend→cart {1}, host→v6 {2}")
    @CsvSource(delimiter = '|', value = {
        "''                              | true  | true",
        "ns=shop                         | true  | false",
        "!ns=shop                        | false | true",
        "from-pod=frontend-*             | true  | false",
        "to-pod=frontend-*               | false | false",
        "pod=shop/cart-5f                | true  | false",
        "from-workload=frontend          | true  | false",
        "svc=cart                        | true  | false",
        "to-svc=shop/cart                | true  | false",
        "from-svc=cart                   | false | false",
        "to-port=8080                    | true  | false",
        "port=8000-8100                  | true  | false",
        "to-port=53,8080                 | true  | true",
        "ip=10.244.0.0/16                | true  | false",
        "to-ip=2001:db8::/32             | false | true",
        "ip=fd00::1                      | false | true",
        "proto=udp                       | false | true",
        "protocol=TCP state=established  | true  | false",
        "node=worker-*                   | true  | true",
        "comm=systemd*                   | false | true",
        "cart                            | true  | false",
        "\"frontend-7d9c\" !proto=udp      | true  | false",
        "!cart                           | false | true",
        "ns=shop to-port=9090            | false | false",
    })
    void matchesLikeHubbleObserve(String expression, boolean frontendToCart, boolean hostToV6) throws Exception {
        FlowFilter filter = FlowFilter.parse(expression);
        assertThat(filter.test(FRONTEND_TO_CART)).as("frontend→cart").isEqualTo(frontendToCart);
        assertThat(filter.test(HOST_TO_V6)).as("host→v6").isEqualTo(hostToV6);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ns=shop",
        "!from-pod=frontend-*,cart-* to-port=8000-8100",
        "ip=10.0.0.0/8 proto=tcp \"two words\"",
        "!\"quote \\\" inside\"",
    })
    void theTextOfAFilterParsesBackToTheSameFilter(String expression) throws Exception {
        FlowFilter once = FlowFilter.parse(expression);
        FlowFilter twice = FlowFilter.parse(once.text());
        assertThat(twice.text()).isEqualTo(once.text());
        assertThat(twice.test(FRONTEND_TO_CART)).isEqualTo(once.test(FRONTEND_TO_CART));
        assertThat(twice.test(HOST_TO_V6)).isEqualTo(once.test(HOST_TO_V6));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" → {2} at {1}")
    @CsvSource(delimiter = '|', value = {
        "colour=red          | 0  | unknown field 'colour'",
        "ns=shop from-proto=tcp | 8 | from-/to- only go with",
        "port=http           | 5  | not a port",
        "port=9000-8000      | 5  | not a port",
        "ip=10.0.0.0/33      | 3  | out of range",
        "ip=frontend         | 3  | not an IP address",
        "ns=                 | 3  | needs a value",
        "port=80,,443        | 8  | empty value",
        "\"unclosed          | 0  | unclosed quote",
        "ns=a !              | 5  | must be followed by a term",
        "proto=http          | 6  | unknown proto 'http'; use one of: tcp, udp, icmp, icmpv6",
        "verdict=FORWARDED   | 8  | unknown verdict 'FORWARDED'; use one of: ESTABLISHED, CLOSED, CONNECTING",
        "role=peer           | 5  | unknown role 'peer'; use one of: client, server, both",
        "state=OPEN          | 6  | unknown state 'OPEN'; use one of: ESTABLISHED, SYN_SENT",
        "verdict=DROPPED,NOPE | 16 | unknown verdict 'NOPE'",
    })
    void badExpressionsSayWhatAndWhere(String expression, int position, String message) {
        assertThatThrownBy(() -> FlowFilter.parse(expression))
                .isInstanceOfSatisfying(FilterSyntaxException.class, e -> assertThat(e.position()).isEqualTo(position))
                .hasMessageContaining(message);
    }

    /** frontend's connection to payments, dropped by a policy; and cart's to payments, both ends on the node. */
    private static final FlowRow DROPPED_TO_PAYMENTS = new FlowRow(3, "worker-1",
            new FlowEndpoint("10.244.1.7", 41999, "shop", "frontend-7d9c", "frontend", ""),
            new FlowEndpoint("10.244.2.12", 9090, "shop", "payments-5b", "payments", "payments"),
            "TCP", "out", "CLOSE", 0, 0, 0, 1, 1, 0, 4242, "node", true, "client", "TIMED_OUT", "", 1, 0, "")
            .dropped("NETFILTER_DROP");
    private static final FlowRow CART_TO_PAYMENTS = new FlowRow(4, "worker-1",
            new FlowEndpoint("10.244.2.9", 52000, "shop", "cart-5f", "cart", ""),
            new FlowEndpoint("10.244.2.12", 9090, "shop", "payments-5b", "payments", "payments"),
            "TCP", "out", "ESTABLISHED", 500, 900, 0, 1, 0, 0, 77, "cart", false, "both", "ESTABLISHED", "", 1, 88,
            "payments");

    @ParameterizedTest(name = "[{index}] \"{0}\" → dropped {1}, both-ends {2}")
    @CsvSource(delimiter = '|', value = {
        "verdict=DROPPED                | true  | false",
        "verdict=dropped                | true  | false",
        "verdict=DROPPED,REFUSED        | true  | false",
        "!verdict=ESTABLISHED           | true  | false",
        "verdict=ESTAB*                 | false | true",
        "role=both                      | false | true",
        "role=client                    | true  | false",
        "from-workload=frontend         | true  | false",
        "to-workload=payments           | true  | true",
        "from-workload=cart to-port=9090 | false | true",
    })
    void verdictAndRoleAreFilterTerms(String expression, boolean dropped, boolean bothEnds) throws Exception {
        FlowFilter filter = FlowFilter.parse(expression);
        assertThat(filter.test(DROPPED_TO_PAYMENTS)).as("dropped").isEqualTo(dropped);
        assertThat(filter.test(CART_TO_PAYMENTS)).as("both ends").isEqualTo(bothEnds);
    }
}
