package dev.nightjar.sensor.requests.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlLiteralsTest {

    @Test
    void stringsAndNumbersBecomeQuestionMarks() {
        assertThat(SqlLiterals.mask("SELECT * FROM users WHERE name = 'alice' AND age > 42"))
                .isEqualTo("SELECT * FROM users WHERE name = ? AND age > ?");
        assertThat(SqlLiterals.mask("INSERT INTO t VALUES (1.5e3, 'it''s', E'a\\'b', 0xFF, .5)"))
                .isEqualTo("INSERT INTO t VALUES (?, ?, ?, ?, ?)");
        assertThat(SqlLiterals.mask("SELECT $body$ secret $body$, $$x$$")).isEqualTo("SELECT ?, ?");
    }

    @Test
    void identifiersParametersAndQuotedNamesAreKept() {
        assertThat(SqlLiterals.mask("SELECT t1.col2 FROM \"Table 3\" WHERE id = $1 LIMIT 10"))
                .isEqualTo("SELECT t1.col2 FROM \"Table 3\" WHERE id = $1 LIMIT ?");
    }

    @Test
    void aStatementCutInsideALiteralMasksToItsEnd() {
        assertThat(SqlLiterals.mask("SELECT 'unterminated secret")).isEqualTo("SELECT ?");
    }

    @Test
    void maskingIsIdempotent() {
        String once = SqlLiterals.mask("UPDATE a SET b = 'x', c = 3 WHERE d IN (1, 2)");
        assertThat(once).isEqualTo("UPDATE a SET b = ?, c = ? WHERE d IN (?, ?)");
        assertThat(SqlLiterals.mask(once)).isEqualTo(once);
    }

    @Test
    void longStatementsAreCut() {
        assertThat(SqlLiterals.truncate("SELECT " + "x, ".repeat(1000))).hasSize(SqlLiterals.MAX_STATEMENT_CHARS).endsWith("…");
    }
}
