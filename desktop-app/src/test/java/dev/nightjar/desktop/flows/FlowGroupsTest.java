package dev.nightjar.desktop.flows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.naming.FlowEndpoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowGroupsTest {

    private static final FlowEndpoint CART_SERVICE = new FlowEndpoint("10.244.2.9", 8080, "shop", "cart-5f", "cart",
            "cart");
    private static final FlowEndpoint PAYMENTS = new FlowEndpoint("10.244.2.12", 9090, "shop", "payments-5b",
            "payments", "payments");

    private static FlowEndpoint frontend(String pod, int port) {
        return new FlowEndpoint("10.244.1." + pod.length(), port, "shop", pod, "frontend", "");
    }

    private static FlowRow row(long id, FlowEndpoint from, FlowEndpoint to, String verdict, long connections,
                               long sent, long received, long first, long last) {
        return new FlowRow(id, "worker-1", from, to, "TCP", "", "CLOSE", sent, received, first, last, 0, 0, 100,
                "node", true, "both", verdict, "", connections, 200, "cart");
    }

    private final List<FlowRow> rows = List.of(
            // two frontend pods, many ports, to the cart service: one group per verdict
            row(1, frontend("frontend-a", 40001), CART_SERVICE, "CLOSED", 1, 1_000, 5_000, 100, 200),
            row(2, frontend("frontend-b", 40002), CART_SERVICE, "CLOSED", 1, 2_000, 6_000, 150, 300),
            row(3, frontend("frontend-a", 0), CART_SERVICE, "CLOSED", 20, 20_000, 60_000, 50, 400),
            row(4, frontend("frontend-a", 40003), CART_SERVICE, "RESET", 1, 10, 0, 500, 600),
            row(5, frontend("frontend-b", 40004), PAYMENTS, "DROPPED", 3, 0, 0, 700, 800));

    @Test
    void groupsFoldFlowsByClientServerPortProtocolAndVerdictAndAddUpToTheRows() {
        List<FlowGroup> groups = FlowGroups.of(rows);

        assertThat(groups).extracting(FlowGroup::source, FlowGroup::destination, FlowGroup::port, FlowGroup::verdict)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("shop/frontend", "svc shop/cart", 8080, "CLOSED"),
                        org.assertj.core.groups.Tuple.tuple("shop/frontend", "svc shop/cart", 8080, "RESET"),
                        org.assertj.core.groups.Tuple.tuple("shop/frontend", "svc shop/payments", 9090, "DROPPED"));
        FlowGroup closed = groups.getFirst();
        assertThat(closed.flows()).isEqualTo(3);
        assertThat(closed.connections()).isEqualTo(22);
        assertThat(closed.bytesSent()).isEqualTo(23_000);
        assertThat(closed.bytesReceived()).isEqualTo(71_000);
        assertThat(closed.firstSeenNs()).isEqualTo(50);
        assertThat(closed.lastSeenNs()).isEqualTo(400);
        assertThat(closed.failureShare()).as("1 reset of the pair's 23 connections").isEqualTo(1.0 / 23);
        assertThat(groups.get(2).failureShare()).isEqualTo(1.0);

        assertThat(groups.stream().mapToLong(FlowGroup::connections).sum())
                .isEqualTo(rows.stream().mapToLong(FlowRow::connections).sum());
        assertThat(groups.stream().mapToLong(FlowGroup::bytes).sum())
                .isEqualTo(rows.stream().mapToLong(r -> r.bytesSent() + r.bytesReceived()).sum());
        assertThat(groups.stream().mapToLong(FlowGroup::flows).sum()).isEqualTo(rows.size());
    }

    @Test
    void groupsOfManyRowsAddUpToThem() {
        List<FlowRow> many = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            many.add(row(i, frontend("frontend-" + (i % 7), 30_000 + i), i % 3 == 0 ? PAYMENTS : CART_SERVICE,
                    i % 5 == 0 ? "TIMED_OUT" : "CLOSED", 1 + i % 4, i * 10L, i * 3L, i, i + 10));
        }
        List<FlowGroup> groups = FlowGroups.of(many);
        assertThat(groups.stream().mapToLong(FlowGroup::connections).sum())
                .isEqualTo(many.stream().mapToLong(FlowRow::connections).sum());
        assertThat(groups.stream().mapToLong(FlowGroup::bytesSent).sum())
                .isEqualTo(many.stream().mapToLong(FlowRow::bytesSent).sum());
        assertThat(groups.stream().mapToLong(FlowGroup::bytesReceived).sum())
                .isEqualTo(many.stream().mapToLong(FlowRow::bytesReceived).sum());
    }

    @Test
    void topTalkersAreClientToServerPortPairsNeverAnEphemeralPort() {
        List<TopTalkers.Talker> top = TopTalkers.of(rows, 5);
        assertThat(top).containsExactly(
                new TopTalkers.Talker("shop/frontend", "svc shop/cart:8080", 1_000 + 5_000 + 2_000 + 6_000
                        + 20_000 + 60_000 + 10, 23),
                new TopTalkers.Talker("shop/frontend", "svc shop/payments:9090", 0, 3));
    }
}
