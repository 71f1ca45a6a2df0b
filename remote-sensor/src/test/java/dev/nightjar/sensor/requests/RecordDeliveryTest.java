package dev.nightjar.sensor.requests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.sensor.collect.KernelClock;
import dev.nightjar.sensor.lab.RecordingChunks;
import dev.nightjar.sensor.requests.SocketChunk.ChunkDirection;
import dev.nightjar.sensor.requests.SocketChunk.SocketRole;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Ring records in the kernel's layout (written field by field at RequestRecords' offsets)
 * read back through RecordDelivery: every field of a chunk, closes, process announcements,
 * and the values it reuses from one record to the next.
 */
class RecordDeliveryTest {

    private static final KernelClock CLOCK = KernelClock.calibrate();
    private static final byte[] V6_LOCAL = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    private static final byte[] V6_REMOTE = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};

    private final Arena arena = Arena.ofConfined();
    private final RecordingChunks sink = RecordingChunks.recording();
    private final List<Integer> announced = new ArrayList<>();
    private final RecordDelivery delivery = new RecordDelivery(sink, announced::add);

    @AfterEach
    void free() {
        arena.close();
    }

    @Test
    void aDataRecordBecomesAChunkWithEveryFieldOfItsHeader() {
        byte[] payload = "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        long ts = 5_000_000_000L;
        MemorySegment record = RecordBytes.data(arena, payload)
                .u64(RequestRecords.COOKIE, 0x1122334455667788L).u64(RequestRecords.TIMESTAMP, ts)
                .u64(RequestRecords.CALL_BYTES, 70_000).u64(RequestRecords.CGROUP, 0x8000000000000123L)
                .u32(RequestRecords.PID, 4242).u32(RequestRecords.TID, 4243).u32(RequestRecords.FD, 9)
                .u32(RequestRecords.NETNS, 4026531840L).u8(RequestRecords.SENT, 1).u8(RequestRecords.ROLE, 1)
                .u8(RequestRecords.TLS, 1).u8(RequestRecords.FAMILY, 10).u8(RequestRecords.PROTOCOL, 17)
                .u16(RequestRecords.LOCAL_PORT, 65000).u16(RequestRecords.REMOTE_PORT, 443)
                .bytes(RequestRecords.LOCAL_ADDR, V6_LOCAL).bytes(RequestRecords.REMOTE_ADDR, V6_REMOTE)
                .comm("curl-7.88").segment();

        delivery.deliver(record, CLOCK);

        SocketChunk c = only();
        assertThat(c.connectionId()).isEqualTo(0x1122334455667788L);
        assertThat(c.timestampNs()).isEqualTo(CLOCK.toWallNanos(ts));
        assertThat(c.callBytes()).isEqualTo(70_000);
        assertThat(c.cgroupId()).isEqualTo(0x8000000000000123L);
        assertThat(c.pid()).isEqualTo(4242);
        assertThat(c.tid()).isEqualTo(4243);
        assertThat(c.fd()).isEqualTo(9);
        assertThat(c.netnsInode()).isEqualTo(4026531840L); // unsigned
        assertThat(c.direction()).isEqualTo(ChunkDirection.SENT);
        assertThat(c.role()).isEqualTo(SocketRole.CLIENT);
        assertThat(c.tls()).isTrue();
        assertThat(c.l4Protocol()).isEqualTo(17);
        assertThat(c.localPort()).isEqualTo(65000); // unsigned
        assertThat(c.remotePort()).isEqualTo(443);
        assertThat(c.localAddr()).containsExactly(V6_LOCAL);
        assertThat(c.remoteAddr()).containsExactly(V6_REMOTE);
        assertThat(c.comm()).isEqualTo("curl-7.88");
        assertThat(c.data()).containsExactly(payload);
        assertThat(delivery.chunks()).isEqualTo(1);
    }

    @Test
    void aServerReadOfIpv4WithAFullLengthNameAndNoPayload() {
        MemorySegment record = RecordBytes.data(arena, new byte[0]).u8(RequestRecords.ROLE, 2)
                .u64(RequestRecords.CALL_BYTES, 0)
                .bytes(RequestRecords.LOCAL_ADDR, new byte[] {10, 0, 0, 1, 9, 9, 9, 9}) // bytes past 4 are not the address
                .bytes(RequestRecords.REMOTE_ADDR, new byte[] {10, 0, 0, 2})
                .comm("sixteen-chars-ab").segment();

        delivery.deliver(record, CLOCK);

        SocketChunk c = only();
        assertThat(c.direction()).isEqualTo(ChunkDirection.RECEIVED);
        assertThat(c.role()).isEqualTo(SocketRole.SERVER);
        assertThat(c.tls()).isFalse();
        assertThat(c.localAddr()).containsExactly(10, 0, 0, 1);
        assertThat(c.remoteAddr()).containsExactly(10, 0, 0, 2);
        assertThat(c.comm()).isEqualTo("sixteen-chars-ab"); // no NUL: all 16 bytes
        assertThat(c.data()).isEmpty();
    }

    @Test
    void aDataLengthBeyondTheRecordReadsOnlyWhatTheRecordHolds() {
        MemorySegment record = RecordBytes.data(arena, new byte[] {1, 2, 3}).u32(RequestRecords.DATA_LEN, 9000)
                .u64(RequestRecords.CALL_BYTES, 2).segment();

        delivery.deliver(record, CLOCK);

        SocketChunk c = only();
        assertThat(c.data()).containsExactly(1, 2, 3);
        assertThat(c.callBytes()).as("never less than what was copied").isEqualTo(3);
    }

    @Test
    void anUnknownFamilyHasNoAddresses() {
        delivery.deliver(RecordBytes.data(arena, new byte[] {1}).u8(RequestRecords.FAMILY, 1)
                .bytes(RequestRecords.LOCAL_ADDR, new byte[] {1, 2, 3, 4}).segment(), CLOCK);

        assertThat(only().localAddr()).isEmpty();
        assertThat(only().remoteAddr()).isEmpty();
    }

    @Test
    void recordsOfTheSameTaskAndPeersShareNamesAndAddressesAndOthersDoNot() {
        delivery.deliver(ipv4(new byte[] {10, 0, 0, 1}, "nginx"), CLOCK);
        delivery.deliver(ipv4(new byte[] {10, 0, 0, 1}, "nginx"), CLOCK);
        delivery.deliver(ipv4(new byte[] {10, 0, 0, 3}, "wrk"), CLOCK);

        List<SocketChunk> all = sink.matching(c -> true);
        assertThat(all).hasSize(3);
        assertThat(all.get(1).comm()).isSameAs(all.get(0).comm());
        assertThat(all.get(1).localAddr()).isSameAs(all.get(0).localAddr());
        assertThat(all.get(2).comm()).isEqualTo("wrk");
        assertThat(all.get(2).localAddr()).containsExactly(10, 0, 0, 3);
        assertThat(all.get(1).data()).as("payload is never shared").isNotSameAs(all.get(0).data());
    }

    @Test
    void anIpv4AddressIsNotMistakenForTheIpv6AddressStartingWithItsBytes() {
        byte[] v6 = {10, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        delivery.deliver(ipv4(new byte[] {10, 0, 0, 1}, "a"), CLOCK);
        delivery.deliver(RecordBytes.data(arena, new byte[] {1}).u8(RequestRecords.FAMILY, 10)
                .bytes(RequestRecords.LOCAL_ADDR, v6).segment(), CLOCK);

        List<SocketChunk> all = sink.matching(c -> true);
        assertThat(all.get(0).localAddr()).containsExactly(10, 0, 0, 1);
        assertThat(all.get(1).localAddr()).containsExactly(v6);
    }

    @Test
    void closesAndProcessAnnouncementsGoWhereTheyBelong() {
        delivery.deliver(RecordBytes.header(arena, RequestRecords.KIND_CLOSE).u64(RequestRecords.COOKIE, 77)
                .u64(RequestRecords.TIMESTAMP, 1_000).segment(), CLOCK);
        delivery.deliver(RecordBytes.header(arena, RequestRecords.KIND_PROCESS).u32(RequestRecords.PID, 31337)
                .segment(), CLOCK);
        delivery.deliver(RecordBytes.header(arena, 99).segment(), CLOCK); // a kind this build does not know

        assertThat(sink.wasClosed(77)).isTrue();
        assertThat(delivery.closes()).isEqualTo(1);
        assertThat(announced).containsExactly(31337);
        assertThat(sink.matching(c -> true)).isEmpty();
        assertThat(delivery.chunks()).isZero();
    }

    @Test
    void aRecordShorterThanAHeaderIsSkipped() {
        MemorySegment whole = RecordBytes.data(arena, new byte[] {1, 2}).segment();

        delivery.deliver(whole.asSlice(0, RequestRecords.HEADER_SIZE - 1), CLOCK);

        assertThat(sink.matching(c -> true)).isEmpty();
        assertThat(delivery.chunks()).isZero();
    }

    private MemorySegment ipv4(byte[] local, String comm) {
        return RecordBytes.data(arena, new byte[] {1}).bytes(RequestRecords.LOCAL_ADDR, local).comm(comm).segment();
    }

    private SocketChunk only() {
        List<SocketChunk> all = sink.matching(c -> true);
        assertThat(all).hasSize(1);
        return all.getFirst();
    }
}
