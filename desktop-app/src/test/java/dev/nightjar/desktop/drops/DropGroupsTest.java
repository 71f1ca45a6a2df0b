package dev.nightjar.desktop.drops;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.protocol.v1.DropEvent;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DropGroupsTest {

    private static SensorEvent drop(long ts, String reason, int dstPort, long count, String location) {
        FiveTuple tuple = FiveTuple.newBuilder()
                .setSrcAddr(ByteString.copyFrom(new byte[] {10, 0, 0, 1})).setSrcPort(5555)
                .setDstAddr(ByteString.copyFrom(new byte[] {10, 0, 0, 2})).setDstPort(dstPort)
                .setProtocol(L4Protocol.L4_PROTOCOL_TCP).build();
        return SensorEvent.newBuilder().setNode("worker-1").setTimestampNs(ts).setDrop(DropEvent.newBuilder()
                .setReasonName(reason).setTuple(tuple).setCount(count).setLocation(location)).build();
    }

    @Test
    void groupsByReasonActionableFirstWithTuplesAndARateSeries() {
        List<SensorEvent> drops = new ArrayList<>();
        drops.add(drop(0, "TCP_OLD_DATA", 443, 500, "tcp_validate_incoming+0x1"));     // benign, many packets
        for (int i = 0; i < 10; i++) {
            drops.add(drop(1_000L * i, "NETFILTER_DROP", 8080, 3, "nf_hook_slow+0x9c"));
        }
        drops.add(drop(9_000, "NETFILTER_DROP", 9090, 1, "nf_hook_slow+0x9c"));
        drops.add(drop(9_500, "SOMETHING_FROM_A_NEWER_KERNEL", 1, 2, "x+0x1"));

        List<DropGroup> groups = DropGroups.of(drops, DropReasonCatalog.builtIn(), EndpointNamer.ADDRESSES_ONLY);

        assertThat(groups).extracting(g -> g.reason().name())
                .containsExactly("NETFILTER_DROP", "SOMETHING_FROM_A_NEWER_KERNEL", "TCP_OLD_DATA");
        DropGroup netfilter = groups.getFirst();
        assertThat(netfilter.packets()).isEqualTo(31);
        assertThat(netfilter.reason().catalogued()).isTrue();
        assertThat(netfilter.tuples()).hasSize(2);
        assertThat(netfilter.tuples().getFirst().destination().label()).isEqualTo("10.0.0.2:8080");
        assertThat(netfilter.tuples().getFirst().packets()).isEqualTo(30);
        assertThat(netfilter.tuples().getFirst().location()).isEqualTo("nf_hook_slow+0x9c");
        assertThat(netfilter.rate()).hasSize(DropGroups.RATE_BUCKETS);
        assertThat(netfilter.rate().stream().mapToLong(Long::longValue).sum()).isEqualTo(31);
        assertThat(netfilter.firstSeenNs()).isZero();
        assertThat(netfilter.lastSeenNs()).isEqualTo(9_000);
        assertThat(groups.get(1).reason().catalogued()).isFalse();
    }

    @Test
    void noDropsNoGroups() {
        assertThat(DropGroups.of(List.of(), DropReasonCatalog.builtIn(), EndpointNamer.ADDRESSES_ONLY)).isEmpty();
    }

    @Test
    void aClientRetryingFromManyEphemeralPortsIsOneRowThatCountsThem() {
        List<SensorEvent> drops = new ArrayList<>();
        for (int i = 0; i < 37; i++) {
            FiveTuple tuple = FiveTuple.newBuilder()
                    .setSrcAddr(ByteString.copyFrom(new byte[] {10, 0, 0, 1})).setSrcPort(40_000 + i)
                    .setDstAddr(ByteString.copyFrom(new byte[] {10, 0, 0, 2})).setDstPort(9090)
                    .setProtocol(L4Protocol.L4_PROTOCOL_TCP).build();
            drops.add(SensorEvent.newBuilder().setNode("worker-1").setTimestampNs(i).setDrop(DropEvent.newBuilder()
                    .setReasonName("NO_SOCKET").setTuple(tuple).setCount(1).setLocation("tcp_v4_rcv")).build());
        }
        drops.add(drop(100, "NO_SOCKET", 9091, 2, "tcp_v4_rcv"));

        DropGroup group = DropGroups.of(drops, DropReasonCatalog.builtIn(), EndpointNamer.ADDRESSES_ONLY).getFirst();

        assertThat(group.tuples()).hasSize(2);
        DropTuple folded = group.tuples().getFirst();
        assertThat(folded.packets()).isEqualTo(37);
        assertThat(folded.sourcePorts()).isEqualTo(37);
        assertThat(folded.sourceLabel()).isEqualTo("10.0.0.1 (37 ephemeral ports)");
        assertThat(folded.destinationLabel()).isEqualTo("10.0.0.2:9090");
        DropTuple single = group.tuples().get(1);
        assertThat(single.sourceLabel()).as("a port below 32768 is not folded").isEqualTo("10.0.0.1:5555");
        assertThat(group.rateBucketNs()).isPositive();
    }
}
