package dev.nightjar.desktop.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nightjar.desktop.flows.FilterSyntaxException;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.desktop.testing.RequestFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestFilterTest {

    private final List<RequestRow> rows = RequestRows.of(RequestFixtures.requests(), EndpointNamer.ADDRESSES_ONLY);

    /** The statuses of the rows the filter lets through, in order. */
    private List<String> statuses(String expression) throws FilterSyntaxException {
        RequestFilter filter = RequestFilter.parse(expression);
        return rows.stream().filter(filter).map(RequestRow::status).toList();
    }

    @Test
    void theRowsCarryWhatEachProtocolCallsItsMethodTargetAndStatus() {
        assertThat(rows).extracting(RequestRow::protocol, RequestRow::method, RequestRow::target, RequestRow::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("http", "GET", "/api/orders/8123", "200"),
                        org.assertj.core.groups.Tuple.tuple("http", "GET", "/api/orders/0", "404"),
                        org.assertj.core.groups.Tuple.tuple("http", "POST", "/api/checkout?cart=?", "500"),
                        org.assertj.core.groups.Tuple.tuple("grpc", "POST", "/shop.Payments/Charge", "UNAVAILABLE"),
                        org.assertj.core.groups.Tuple.tuple("dns", "AAAA", "cart.shop.svc.cluster.local", "NXDOMAIN"),
                        org.assertj.core.groups.Tuple.tuple("postgres", "SELECT", "SELECT pg_sleep(?)", "SELECT 1"));
        assertThat(rows.getFirst().source().label()).isEqualTo("10.0.1.10:40001");
        assertThat(rows.getFirst().destination().label()).isEqualTo("10.0.2.20:8080");
    }

    @Test
    void httpStatusTakesACodeOrAClass() throws Exception {
        assertThat(statuses("http-status=5xx")).containsExactly("500");
        assertThat(statuses("http-status=404")).containsExactly("404");
        assertThat(statuses("http-status=2xx")).as("gRPC's :status is 200 whatever its grpc-status")
                .containsExactly("200", "UNAVAILABLE");
        assertThat(statuses("!http-status=2xx")).containsExactly("404", "500", "NXDOMAIN", "SELECT 1");
    }

    @Test
    void protocolMethodPathAndLatency() throws Exception {
        assertThat(statuses("protocol=http")).containsExactly("200", "404", "500");
        assertThat(statuses("proto=grpc,dns")).containsExactly("UNAVAILABLE", "NXDOMAIN");
        assertThat(statuses("http-method=POST")).containsExactly("500", "UNAVAILABLE");
        assertThat(statuses("http-path=/api/*")).containsExactly("200", "404", "500");
        assertThat(statuses("http-path=/api/orders/*")).containsExactly("200", "404");
        assertThat(statuses("http-path=/API/*")).as("paths are case-sensitive").isEmpty();
        assertThat(statuses("min-latency=100ms")).containsExactly("SELECT 1");
        assertThat(statuses("min-latency=5ms")).containsExactly("500", "UNAVAILABLE", "SELECT 1");
        assertThat(statuses("min-latency=0.9ms")).containsExactly("200", "404", "500", "UNAVAILABLE", "SELECT 1");
    }

    @Test
    void dnsAndGrpcTerms() throws Exception {
        assertThat(statuses("dns-query=*.svc.cluster.local")).containsExactly("NXDOMAIN");
        assertThat(statuses("dns-query=CART.shop.svc.cluster.local.")).as("DNS names: any case, trailing dot")
                .containsExactly("NXDOMAIN");
        assertThat(statuses("dns-rcode=NXDOMAIN")).containsExactly("NXDOMAIN");
        assertThat(statuses("dns-rcode=3")).containsExactly("NXDOMAIN");
        assertThat(statuses("dns-rcode=NOERROR")).isEmpty();
        assertThat(statuses("grpc-status=UNAVAILABLE")).containsExactly("UNAVAILABLE");
        assertThat(statuses("grpc-status=14")).containsExactly("UNAVAILABLE");
        assertThat(statuses("grpc-status=OK")).isEmpty();
    }

    @Test
    void flowTermsAndFreeTextApplyToTheRequestsEndpointsAndTexts() throws Exception {
        assertThat(statuses("ip=10.0.4.40")).containsExactly("SELECT 1");
        assertThat(statuses("to-port=8080 http-status=5xx protocol=http")).containsExactly("500");
        assertThat(statuses("comm=frontend")).hasSize(6);
        assertThat(statuses("from-ip=10.0.2.0/24")).isEmpty();
        assertThat(statuses("NXDOMAIN")).containsExactly("NXDOMAIN");
        assertThat(statuses("!checkout")).hasSize(5);
        assertThat(statuses("\"pg_sleep\"")).containsExactly("SELECT 1");
    }

    @Test
    void theCanonicalTextParsesToTheSameFilter() throws Exception {
        String typed = "proto=http  HTTP-STATUS=5xx !ns=kube-system to-port=8080 min-latency=1ms \"slow query\"";
        RequestFilter filter = RequestFilter.parse(typed);
        assertThat(filter.text()).isEqualTo(
                "protocol=http http-status=5xx !ns=kube-system to-port=8080 min-latency=1ms \"slow query\"");
        assertThat(RequestFilter.parse(filter.text()).text()).isEqualTo(filter.text());
        assertThat(RequestFilter.parse("  ").isEmpty()).isTrue();
    }

    @Test
    void unknownValuesAreRefusedWithWhatIsValidAndWhere() {
        assertThatThrownBy(() -> RequestFilter.parse("protocol=mysql")).isInstanceOf(FilterSyntaxException.class)
                .hasMessage("unknown protocol 'mysql'; use one of: http, http2, grpc, dns, postgres, redis")
                .extracting(e -> ((FilterSyntaxException) e).position()).isEqualTo(9);
        assertThatThrownBy(() -> RequestFilter.parse("ns=a http-status=6xx")).hasMessage(
                "'6xx' is not an HTTP status: a code from 100 to 599 (500) or a class from 1xx to 5xx (5xx)")
                .extracting(e -> ((FilterSyntaxException) e).position()).isEqualTo(17);
        assertThatThrownBy(() -> RequestFilter.parse("min-latency=100")).hasMessageStartingWith(
                "'100' is not a duration: a number and a unit (ns, us, ms, s)");
        assertThatThrownBy(() -> RequestFilter.parse("min-latency=1ms,2ms"))
                .hasMessage("min-latency takes one duration, e.g. min-latency=100ms");
        assertThatThrownBy(() -> RequestFilter.parse("dns-rcode=NOPE")).hasMessageStartingWith(
                "unknown dns-rcode 'NOPE'; use one of: NOERROR, FORMERR, SERVFAIL, NXDOMAIN");
        assertThatThrownBy(() -> RequestFilter.parse("grpc-status=17"))
                .hasMessageStartingWith("unknown grpc-status 17; codes go from 0 to 16: OK, CANCELLED");
        assertThatThrownBy(() -> RequestFilter.parse("http-method=FETCH"))
                .hasMessageStartingWith("unknown http-method 'FETCH'; use one of: GET, HEAD, POST");
        assertThatThrownBy(() -> RequestFilter.parse("state=ESTABLISHED"))
                .hasMessageStartingWith("'state' describes a connection, not a request");
        assertThatThrownBy(() -> RequestFilter.parse("status=500")).hasMessageStartingWith("unknown field 'status'")
                .hasMessageEndingWith("http-status, http-method, http-path, dns-query, dns-rcode, grpc-status, min-latency");
        assertThatThrownBy(() -> RequestFilter.parse("http-path=")).hasMessage("'http-path=' needs a value");
    }
}
