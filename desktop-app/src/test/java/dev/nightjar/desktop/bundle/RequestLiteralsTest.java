package dev.nightjar.desktop.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestLiteralsTest {

    @Test
    void queryStringValuesAreMaskedAndNamesKept() {
        assertThat(RequestLiterals.path("/search?q=shoes&page=2")).isEqualTo("/search?q=?&page=?");
        assertThat(RequestLiterals.path("/search?flag&q=")).isEqualTo("/search??&q=?");
        assertThat(RequestLiterals.path("/orders/8123")).isEqualTo("/orders/8123");
        assertThat(RequestLiterals.path("/search?q=?")).as("masking twice changes nothing").isEqualTo("/search?q=?");
    }

    @Test
    void sqlStringAndNumberLiteralsAreMaskedButNamesAndPlaceholdersAreNot() {
        assertThat(RequestLiterals.sql("SELECT * FROM t1 WHERE name = 'O''Brien' AND age > 42 AND x = $1"))
                .isEqualTo("SELECT * FROM t1 WHERE name = ? AND age > ? AND x = $1");
        assertThat(RequestLiterals.sql("UPDATE a SET price = -3.5e2 WHERE col2.v = 7"))
                .isEqualTo("UPDATE a SET price = ? WHERE col2.v = ?");
        assertThat(RequestLiterals.sql("SELECT 'cut short")).as("a statement truncated inside a string").isEqualTo("SELECT ?");
        assertThat(RequestLiterals.sql("SELECT pg_sleep(?)")).isEqualTo("SELECT pg_sleep(?)");
    }

    @Test
    void aRedisKeyIsMaskedWhole() {
        assertThat(RequestLiterals.key("session:4f9d")).isEqualTo("?");
        assertThat(RequestLiterals.key("")).isEmpty();
    }
}
