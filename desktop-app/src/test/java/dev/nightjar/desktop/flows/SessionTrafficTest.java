package dev.nightjar.desktop.flows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.naming.FlowEndpoint;
import org.junit.jupiter.api.Test;

class SessionTrafficTest {

    private static FlowRow flow(String src, int sport, String dst, int dport) {
        return new FlowRow(1, "n", FlowEndpoint.ofAddress(src, sport), FlowEndpoint.ofAddress(dst, dport), "tcp", "out",
                "ESTABLISHED", 1, 1, 0, 0, 0, 0, 1, "java", false);
    }

    @Test
    void theLoopbackConnectionToTheSensorsPortIsTheSessions() {
        SessionTraffic own = new SessionTraffic(7700);
        assertThat(own.test(flow("127.0.0.1", 51000, "127.0.0.1", 7700))).isTrue();
        assertThat(own.test(flow("127.0.0.1", 7700, "127.0.0.1", 51000))).as("seen from the accepting side").isTrue();
        assertThat(own.test(flow("10.0.0.1", 51000, "10.0.0.2", 7700))).as("another host's 7700").isFalse();
        assertThat(own.test(flow("127.0.0.1", 51000, "127.0.0.1", 8080))).isFalse();
        assertThat(SessionTraffic.NONE.test(flow("127.0.0.1", 51000, "127.0.0.1", 7700))).isFalse();
    }
}
