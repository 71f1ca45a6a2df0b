package dev.nightjar.sensor.requests.http1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What Http1Head keeps of a message head, and which heads it refuses. */
class Http1HeadTest {

    @Test
    void aRequestHeadKeepsItsStartLineAndAllowListedHeaders() {
        Http1Head h = parse("POST /api/orders/12?x=1 HTTP/1.1\r\nHost:  shop.svc:8080 \r\nUser-Agent: curl/8.0\r\n"
                + "Content-Type: application/json\r\nAuthorization: Bearer secret\r\nContent-Length: 42\r\n\r\n");
        assertThat(h.isResponse()).isFalse();
        assertThat(h.method()).isEqualTo("POST");
        assertThat(h.target()).isEqualTo("/api/orders/12?x=1");
        assertThat(h.version()).isEqualTo("1.1");
        assertThat(h.host()).isEqualTo("shop.svc:8080");
        assertThat(h.userAgent()).isEqualTo("curl/8.0");
        assertThat(h.contentType()).isEqualTo("application/json");
        assertThat(h.contentLength()).isEqualTo(42);
        assertThat(h.chunked()).isFalse();
        assertThat(h.close()).isFalse();
        assertThat(h.toString()).doesNotContain("secret");
    }

    @Test
    void aResponseHeadKeepsItsStatusAndVersion() {
        Http1Head h = parse("HTTP/1.0 503 Service Unavailable\r\ncontent-type: text/plain\r\n\r\n");
        assertThat(h.isResponse()).isTrue();
        assertThat(h.status()).isEqualTo(503);
        assertThat(h.version()).isEqualTo("1.0");
        assertThat(h.method()).isEmpty();
        assertThat(h.contentType()).isEqualTo("text/plain");
        assertThat(h.contentLength()).isEqualTo(-1);
        assertThat(h.close()).as("HTTP/1.0 closes unless kept alive").isTrue();
        assertThat(parse("HTTP/1.1 200\r\n\r\n").status()).as("no reason phrase").isEqualTo(200);
    }

    @Test
    void methodsAreTokensOfCapitalsAndTheTargetMayHoldSpaces() {
        assertThat(parse("GET / HTTP/1.1\r\n\r\n").method()).isEqualTo("GET");
        assertThat(parse("M-SEARCH * HTTP/1.1\r\n\r\n").method()).isEqualTo("M-SEARCH");
        assertThat(parse("PROPFIND /a b HTTP/1.1\r\n\r\n").target()).isEqualTo("/a b");
        assertThat(parse("get / HTTP/1.1\r\n\r\n")).as("lower case").isNull();
        assertThat(parse(" GET / HTTP/1.1\r\n\r\n")).as("no method").isNull();
        assertThat(parse("ABCDEFGHIJKLMNOPQRSTU / HTTP/1.1\r\n\r\n")).as("21 characters").isNull();
        assertThat(parse("ABCDEFGHIJKLMNOPQRST / HTTP/1.1\r\n\r\n").method()).hasSize(20);
        assertThat(parse("GET /\r\n\r\n")).as("HTTP/0.9").isNull();
        assertThat(parse("GET / HTTP/2.0\r\n\r\n")).isNull();
        assertThat(parse("GET / HTTP/1.1x\r\n\r\n")).as("a longer version").isNull();
        assertThat(parse("GET / HTTP/1.9\r\n\r\n").version()).isEqualTo("1.9");
    }

    @Test
    void badStatusLinesAreRefused() {
        assertThat(parse("HTTP/1.1 20\r\n\r\n")).isNull();
        assertThat(parse("HTTP/1.1 2x0 OK\r\n\r\n")).isNull();
        assertThat(parse("HTTP/1.1 099 Low\r\n\r\n")).isNull();
        assertThat(parse("HTTP/1.1-200 OK\r\n\r\n")).isNull();
        assertThat(parse("HTTP/1.1 999 High\r\n\r\n").status()).isEqualTo(999);
    }

    @Test
    void headerLinesWithoutANameRefuseTheHeadAndBadLengthsToo() {
        assertThat(parse("GET / HTTP/1.1\r\nno colon here\r\n\r\n")).isNull();
        assertThat(parse("GET / HTTP/1.1\r\n: empty name\r\n\r\n")).isNull();
        assertThat(parse("GET / HTTP/1.1\r\nContent-Length: 12a\r\n\r\n")).isNull();
        assertThat(parse("GET / HTTP/1.1\r\nContent-Length:\r\n\r\n")).isNull();
        assertThat(parse("GET / HTTP/1.1\r\nContent-Length: 1234567890123456789\r\n\r\n")).as("19 digits").isNull();
        assertThat(parse("GET / HTTP/1.1\r\nContent-Length: 7 \t\r\n\r\n").contentLength()).isEqualTo(7);
        assertThat(parse("GET / HTTP/1.1\nHost: a\n\n").host()).as("bare LF").isEqualTo("a");
    }

    @Test
    void framingHeadersAreReadWhateverTheirCase() {
        assertThat(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked \r\n\r\n").chunked()).isTrue();
        assertThat(parse("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked, gzip\r\n\r\n").chunked()).isFalse();
        assertThat(parse("HTTP/1.1 200 OK\r\nConnection: Close\r\n\r\n").close()).isTrue();
        assertThat(parse("HTTP/1.1 200 OK\r\nCONNECTION: keep-alive\r\n\r\n").close()).isFalse();
        assertThat(parse("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\n\r\n").close()).isFalse();
        assertThat(parse("HTTP/1.0 200 OK\r\nConnection: upgrade\r\n\r\n").close()).isTrue();
        assertThat(parse("HTTP/1.1 200 OK\r\nConnection: keep-alive, close\r\n\r\n").close()).isTrue();
    }

    @Test
    void valuesAreCutAndStripped() {
        String longAgent = "x".repeat(300);
        Http1Head h = parse("GET / HTTP/1.1\r\nUser-Agent: " + longAgent + "\r\nHost:\t\r\n\r\n");
        assertThat(h.userAgent()).hasSize(Http1Head.MAX_VALUE_CHARS);
        assertThat(h.host()).isEmpty();
        assertThat(parse("GET / HTTP/1.1\r\nHost: caf\u00e9\r\n\r\n").host()).as("one char per byte")
                .isEqualTo("caf\u00e9");
    }

    @Test
    void theHeadEndsAtTheEmptyLine() {
        byte[] bytes = "GET /a HTTP/1.1\r\nHost: a\r\n\r\nHost: b\r\n".getBytes(StandardCharsets.ISO_8859_1);
        Http1Head h = Http1Head.parse(bytes, 0, bytes.length);
        assertThat(h.host()).isEqualTo("a");
        assertThat(h.headBytes()).isEqualTo(bytes.length);
        byte[] framed = ("xx" + "GET /b HTTP/1.1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(Http1Head.parse(framed, 2, framed.length - 2).target()).as("from an offset").isEqualTo("/b");
    }

    private static Http1Head parse(String head) {
        byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
        return Http1Head.parse(bytes, 0, bytes.length);
    }
}
