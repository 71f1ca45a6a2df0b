package dev.nightjar.desktop.requests;

import dev.nightjar.desktop.flows.FilterSyntaxException;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A parsed Requests filter: the Flows filter's language (endpoint terms such as
 * {@code ns=}, {@code from-pod=}, {@code to-port=}, {@code node=}, {@code comm=},
 * {@code role=}, free text) plus the layer-7 terms of {@code hubble observe}:
 * <pre>
 *   protocol=http,grpc            http, http2, grpc, dns, postgres, redis
 *   http-status=500 | 5xx         a status code or class (HTTP, HTTP/2, gRPC's :status)
 *   http-method=POST              GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH
 *   http-path=/api/*              a glob on the path (case-sensitive)
 *   dns-query=*.svc.cluster.local a glob on the query name (case-insensitive)
 *   dns-rcode=NXDOMAIN            a response code name (or number)
 *   grpc-status=UNAVAILABLE       a gRPC status name (or number 0-16)
 *   min-latency=100ms             at least this slow (ns, us, ms, s)
 * </pre>
 * Free text also matches the method, the path or query and the status. A value that
 * names nothing that exists ({@code protocol=mysql}, {@code http-status=6xx}) is an
 * error naming the valid ones, as in the Flows filter.
 */
public final class RequestFilter implements Predicate<RequestRow> {

    /** One AND-ed term and how it is typed. */
    record Term(String text, Predicate<RequestRow> test) {
    }

    private static final RequestFilter EVERYTHING = new RequestFilter(List.of());

    private final List<Term> terms;

    RequestFilter(List<Term> terms) {
        this.terms = List.copyOf(terms);
    }

    public static RequestFilter everything() {
        return EVERYTHING;
    }

    public static RequestFilter parse(String expression) throws FilterSyntaxException {
        return RequestFilterParser.parse(expression);
    }

    @Override
    public boolean test(RequestRow row) {
        for (Term term : terms) {
            if (!term.test().test(row)) {
                return false;
            }
        }
        return true;
    }

    public boolean isEmpty() {
        return terms.isEmpty();
    }

    /** The canonical expression: parsing it again gives the same filter. */
    public String text() {
        return terms.stream().map(Term::text).collect(Collectors.joining(" "));
    }

    @Override
    public String toString() {
        return text();
    }
}
