package dev.nightjar.sensor.requests.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HttpPathsTest {

    @Test
    void queryValuesAreMaskedAndNamesKept() {
        assertThat(HttpPaths.maskQuery("/search?q=shoes")).isEqualTo("/search?q=?");
        assertThat(HttpPaths.maskQuery("/search?q=shoes&page=2&debug")).isEqualTo("/search?q=?&page=?&?");
        assertThat(HttpPaths.maskQuery("/a?token=abc#frag")).isEqualTo("/a?token=?");
        assertThat(HttpPaths.maskQuery("/plain")).isEqualTo("/plain");
        assertThat(HttpPaths.maskQuery("/empty?")).isEqualTo("/empty?");
        assertThat(HttpPaths.maskQuery("/x?a=1&&b=2")).isEqualTo("/x?a=?&&b=?");
    }

    @Test
    void maskingIsIdempotent() {
        String once = HttpPaths.maskQuery("/search?q=shoes&page=2");
        assertThat(HttpPaths.maskQuery(once)).isEqualTo(once);
    }

    @Test
    void routesCollapseNumbersUuidsAndHexIds() {
        assertThat(HttpPaths.route("/orders/8123")).isEqualTo("/orders/{id}");
        assertThat(HttpPaths.route("/orders/8123/items/4?x=1")).isEqualTo("/orders/{id}/items/{id}");
        assertThat(HttpPaths.route("/users/3f2b8c1e-9d4a-4b7e-8f00-1a2b3c4d5e6f/profile")).isEqualTo("/users/{id}/profile");
        assertThat(HttpPaths.route("/blobs/9f86d081884c7d65")).isEqualTo("/blobs/{id}");
        assertThat(HttpPaths.route("/api/v2/health")).isEqualTo("/api/v2/health");
        assertThat(HttpPaths.route("/feed/deadbeef")).as("all letters: a word, not a hash").isEqualTo("/feed/deadbeef");
        assertThat(HttpPaths.route("/abc1234")).as("shorter than 8 hex digits").isEqualTo("/abc1234");
        assertThat(HttpPaths.route("/")).isEqualTo("/");
        assertThat(HttpPaths.route("*")).isEqualTo("*");
        assertThat(HttpPaths.route("/a//12/")).isEqualTo("/a//{id}/");
        assertThat(HttpPaths.route("12/a/34")).as("ids first and last").isEqualTo("{id}/a/{id}");
        assertThat(HttpPaths.route("/a/12#/34")).as("no id after the fragment mark").isEqualTo("/a/{id}");
        assertThat(HttpPaths.route("/a/b?c=1")).isEqualTo("/a/b");
        assertThat(HttpPaths.route("/a/١٢")).as("only ASCII digits make a number").isEqualTo("/a/١٢");
        assertThat(HttpPaths.route("")).isEqualTo("");
    }

    @Test
    void longPathsAreCut() {
        String path = "/" + "a".repeat(2000);
        assertThat(HttpPaths.truncate(path)).hasSize(HttpPaths.MAX_PATH_CHARS).endsWith("…");
        assertThat(HttpPaths.route(path)).hasSize(HttpPaths.MAX_PATH_CHARS);
    }
}
