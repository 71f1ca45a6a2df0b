package dev.nightjar.sensor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SessionTokenTest {

    private final SessionToken token = SessionToken.of("s3cr3t-token");

    @Test
    void matchesOnlyTheSameToken() {
        assertThat(token.matches("s3cr3t-token")).isTrue();
        assertThat(token.matches("s3cr3t-tokeN")).as("same length, last byte differs").isFalse();
        assertThat(token.matches("x3cr3t-token")).as("same length, first byte differs").isFalse();
        assertThat(token.matches("s3cr3t-token2")).as("longer").isFalse();
        assertThat(token.matches("s3cr3t")).as("prefix").isFalse();
        assertThat(token.matches("")).isFalse();
        assertThat(token.matches(null)).isFalse();
    }

    @Test
    void anEmptyTokenIsRefusedAndTheTokenIsNeverPrinted() {
        assertThatThrownBy(() -> SessionToken.of("")).hasMessageContaining("empty");
        assertThat(token.toString()).doesNotContain("s3cr3t");
    }
}
