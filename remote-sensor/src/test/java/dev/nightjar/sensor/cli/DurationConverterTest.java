package dev.nightjar.sensor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationConverterTest {

    @ParameterizedTest
    @CsvSource({"30s, PT30S", "5m, PT5M", "500ms, PT0.5S", "1h30m, PT1H30M", "2h, PT2H", "1d, PT24H",
            "250us, PT0.00025S", "100ns, PT0.0000001S", "0, PT0S", " 10s , PT10S"})
    void parsesWhatPeopleType(String text, Duration expected) {
        assertThat(DurationConverter.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10", "s", "5 m", "1.5s", "10x", "-5s", "5m3", "PT5M"})
    void refusesAnythingElseSayingWhatWorks(String text) {
        assertThatThrownBy(() -> DurationConverter.parse(text))
                .hasMessageContaining("invalid duration '" + text + "'")
                .hasMessageContaining("30s");
    }
}
