package dev.nightjar.desktop.servicemap;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.protocol.v1.AppProtocol;
import dev.nightjar.protocol.v1.RequestStats;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** ELK's layered layout in a plain unit test (no JavaFX, no Eclipse runtime): 50 workloads stay readable. */
class MapLayouterTest {

    private static final MapLayouter.Sizes SIZES = new MapLayouter.Sizes() {
        @Override
        public MapLayout.Box node(MapNode node) {
            return new MapLayout.Box(0, 0, 40 + 7 * node.id().length(), 40);
        }

        @Override
        public MapLayout.Box label(MapEdge edge) {
            return new MapLayout.Box(0, 0, 220, edge.hasTroubles() ? 32 : 16);
        }
    };

    /** Three tiers: 20 front ends call 20 services, which call 10 back ends; 50 workloads, 120 edges. */
    private static ServiceMap fiftyWorkloads() {
        Random random = new Random(16);
        List<SensorEvent> stats = new ArrayList<>();
        for (int f = 0; f < 20; f++) {
            for (int k = 0; k < 3; k++) {
                stats.add(stats(addr(1, f), addr(2, random.nextInt(20)), 1 + random.nextInt(500)));
            }
        }
        for (int s = 0; s < 20; s++) {
            for (int k = 0; k < 3; k++) {
                stats.add(stats(addr(2, s), addr(3, random.nextInt(10)), 1 + random.nextInt(500)));
            }
        }
        return ServiceMapBuilder.build(List.of(), stats, List.of(), EndpointNamer.ADDRESSES_ONLY, 100);
    }

    @Test
    void fiftyWorkloadsGetBoxesThatDoNotOverlapAndEveryEdgeARoute() {
        ServiceMap map = fiftyWorkloads();
        assertThat(map.nodes()).hasSize(50);

        long start = System.nanoTime();
        MapLayout layout = MapLayouter.layout(map, SIZES);
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(layout.nodes()).hasSize(50);
        List<Map.Entry<String, MapLayout.Box>> boxes = new ArrayList<>(layout.nodes().entrySet());
        for (int i = 0; i < boxes.size(); i++) {
            MapLayout.Box a = boxes.get(i).getValue();
            assertThat(a.width()).as("sized as asked").isEqualTo(SIZES.node(node(map, boxes.get(i).getKey())).width());
            for (int j = i + 1; j < boxes.size(); j++) {
                assertThat(a.overlaps(boxes.get(j).getValue()))
                        .as("%s overlaps %s", boxes.get(i).getKey(), boxes.get(j).getKey()).isFalse();
            }
        }
        assertThat(layout.edges()).hasSize(map.edges().size());
        for (MapEdge e : map.edges()) {
            MapLayout.Route route = layout.edges().get(e.key());
            assertThat(route.points()).as(e.key()).hasSizeGreaterThanOrEqualTo(2);
            // Starts on the client's box and ends on the server's: clients left of servers.
            MapLayout.Box client = layout.nodes().get(e.client());
            MapLayout.Box server = layout.nodes().get(e.server());
            assertThat(route.points().getFirst().x()).as(e.key()).isCloseTo(client.x() + client.width(),
                    org.assertj.core.api.Assertions.within(0.5));
            assertThat(route.points().getLast().x()).as(e.key()).isCloseTo(server.x(),
                    org.assertj.core.api.Assertions.within(0.5));
            for (MapLayout.Box box : layout.nodes().values()) {
                assertThat(route.label().overlaps(box)).as("label of %s on a box", e.key()).isFalse();
            }
        }
        List<Map.Entry<String, MapLayout.Route>> routes = new ArrayList<>(layout.edges().entrySet());
        for (int i = 0; i < routes.size(); i++) {
            for (int j = i + 1; j < routes.size(); j++) {
                assertThat(routes.get(i).getValue().label().overlaps(routes.get(j).getValue().label()))
                        .as("labels of %s and %s", routes.get(i).getKey(), routes.get(j).getKey()).isFalse();
            }
        }
        assertThat(layout.width()).isPositive();
        assertThat(layout.height()).isPositive();
        System.out.printf("layout of 50 workloads, %d edges: %d ms, %.0f × %.0f px%n", map.edges().size(), tookMs,
                layout.width(), layout.height());
    }

    @Test
    void anEmptyMapHasAnEmptyLayout() {
        assertThat(MapLayouter.layout(ServiceMap.EMPTY, SIZES)).isEqualTo(MapLayout.EMPTY);
    }

    private static MapNode node(ServiceMap map, String id) {
        return map.nodes().stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
    }

    private static byte[] addr(int tier, int i) {
        return new byte[] {10, (byte) tier, 0, (byte) i};
    }

    private static SensorEvent stats(byte[] client, byte[] server, long count) {
        return SensorEvent.newBuilder().setNode("worker-1")
                .setRequestStats(RequestStats.newBuilder().setProtocol(AppProtocol.APP_PROTOCOL_HTTP1)
                        .setClientAddr(ByteString.copyFrom(client)).setServerAddr(ByteString.copyFrom(server))
                        .setServerPort(80).setCount(count).addAllLog2Buckets(List.of(0L, count))
                        .setIntervalStartNs(0).setIntervalEndNs(1_000_000_000L))
                .build();
    }
}
