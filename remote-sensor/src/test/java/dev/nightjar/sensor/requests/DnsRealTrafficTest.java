package dev.nightjar.sensor.requests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.protocol.v1.AppProtocol;
import dev.nightjar.protocol.v1.Request;
import dev.nightjar.sensor.requests.SocketChunk.ChunkDirection;
import dev.nightjar.sensor.requests.SocketChunk.SocketRole;
import dev.nightjar.testing.Requires;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's dnsmasq on a loopback port answering known.test and NXDOMAIN for anything else under
 * test., queried over UDP and TCP by a JDK-written client (no DNS client is in the CI package
 * list); the client's own sends and receives are recorded as its socket would see them.
 */
class DnsRealTrafficTest {

    @Test
    void namesTypesRcodesAndLatencyOverUdpAndTcp(@TempDir Path dir) throws Exception {
        Requires.root("run dnsmasq");
        Requires.toolsFrom("dnsmasq-base", "dnsmasq");
        int port = LoopbackPrograms.freePort();
        CollectedEvents events = new CollectedEvents();
        RequestAssembler assembler = CollectedEvents.everyExchange(events);
        try (var dnsmasq = LoopbackPrograms.start(dir.resolve("dnsmasq.log"), port, "dnsmasq", "--keep-in-foreground",
                "--port=" + port, "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts",
                "--conf-file=/dev/null", "--pid-file=", "--user=root", "--local=/test/",
                "--address=/known.test/10.1.2.3")) {
            try (DatagramChannel udp = DatagramChannel.open()) {
                udp.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                int localPort = ((InetSocketAddress) udp.getLocalAddress()).getPort();
                exchangeUdp(udp, 1, query(0x1111, "known.test", 1), assembler, localPort, port);
                exchangeUdp(udp, 1, query(0x2222, "missing.test", 1), assembler, localPort, port);
            }
            try (Socket tcp = new Socket(InetAddress.getLoopbackAddress(), port)) {
                byte[] q = query(0x3333, "known.test", 1);
                byte[] framed = ByteBuffer.allocate(2 + q.length).putShort((short) q.length).put(q).array();
                assembler.chunk(chunk(2, tcp.getLocalPort(), port, 6, ChunkDirection.SENT, framed));
                tcp.getOutputStream().write(framed);
                DataInputStream in = new DataInputStream(tcp.getInputStream());
                int length = in.readUnsignedShort();
                byte[] answer = in.readNBytes(length);
                // as two reads, the way a resolver reads the length and then the message
                assembler.chunk(chunk(2, tcp.getLocalPort(), port, 6, ChunkDirection.RECEIVED, new byte[] {(byte) (length >> 8), (byte) length}));
                assembler.chunk(chunk(2, tcp.getLocalPort(), port, 6, ChunkDirection.RECEIVED, answer));
            }
        }
        assembler.tick(RecordingRelay.now() + 2 * RequestAssembler.INTERVAL_NS);
        List<Request> requests = events.requests();
        assertThat(requests).extracting(r -> r.getDns().getQueryName() + " " + r.getDns().getQueryTypeName() + " "
                        + r.getDns().getRcodeName() + " " + r.getDns().getAnswers() + " " + r.getDns().getOverTcp() + " " + r.getError())
                .containsExactly("known.test A NOERROR 1 false false", "missing.test A NXDOMAIN 0 false true",
                        "known.test A NOERROR 1 true false");
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.getProtocol()).isEqualTo(AppProtocol.APP_PROTOCOL_DNS);
            assertThat(r.getLatencyNs()).isPositive();
            assertThat(r.getTuple().getDstPort()).isEqualTo(port);
        });
        assertThat(requests).extracting(r -> r.getDns().getId()).containsExactly(0x1111, 0x2222, 0x3333);
        assertThat(events.stats()).filteredOn(s -> s.getRoute().equals("missing.test")).singleElement()
                .satisfies(s -> assertThat(s.getStatusClass() + " " + s.getErrors()).isEqualTo("NXDOMAIN 1"));
    }

    private static void exchangeUdp(DatagramChannel udp, long id, byte[] query, RequestAssembler assembler, int localPort,
                                    int serverPort) throws IOException {
        assembler.chunk(chunk(id, localPort, serverPort, 17, ChunkDirection.SENT, query));
        udp.write(ByteBuffer.wrap(query));
        ByteBuffer answer = ByteBuffer.allocate(1500);
        udp.read(answer);
        assembler.chunk(chunk(id, localPort, serverPort, 17, ChunkDirection.RECEIVED,
                Arrays.copyOf(answer.array(), answer.position())));
    }

    static SocketChunk chunk(long id, int localPort, int remotePort, int l4, ChunkDirection direction, byte[] data) {
        byte[] loopback = {127, 0, 0, 1};
        return new SocketChunk(id, RecordingRelay.now(), 555, 555, "resolver", 88, 1, 5, loopback, localPort, loopback,
                remotePort, l4, SocketRole.CLIENT, direction, false, data.length, data);
    }

    /** A standard query with recursion desired for one name. */
    static byte[] query(int id, String name, int type) {
        ByteBuffer b = ByteBuffer.allocate(512);
        b.putShort((short) id).putShort((short) 0x0100).putShort((short) 1).putShort((short) 0).putShort((short) 0)
                .putShort((short) 0);
        for (String label : name.split("\\.")) {
            b.put((byte) label.length()).put(label.getBytes(StandardCharsets.US_ASCII));
        }
        b.put((byte) 0).putShort((short) type).putShort((short) 1);
        return Arrays.copyOf(b.array(), b.position());
    }
}
