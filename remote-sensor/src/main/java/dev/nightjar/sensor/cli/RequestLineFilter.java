package dev.nightjar.sensor.cli;

import dev.nightjar.protocol.v1.AppProtocol;
import dev.nightjar.protocol.v1.Request;
import dev.nightjar.protocol.v1.RequestStats;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code observe}'s hubble-like request filters, applied to the Request and RequestStats events
 * received (other events pass). A filter about HTTP (status, method, path) or DNS (query, rcode)
 * drops requests of other protocols. An exact status code and a minimum latency are questions
 * about single requests: with either set, the per-second counts are not shown.
 *
 * @param protocols  empty: any
 * @param httpStatus "500" (exact) or "5xx" (class); null: any
 * @param httpMethod null: any (compared ignoring case)
 * @param httpPath   a glob over the path without its query (requests) or the route (counts)
 * @param dnsQuery   a glob over the query name
 * @param dnsRcode   a name (NXDOMAIN) or number; null: any
 * @param minLatencyNs 0: any
 */
record RequestLineFilter(Set<AppProtocol> protocols, String httpStatus, String httpMethod, Pattern httpPath,
                         Pattern dnsQuery, String dnsRcode, long minLatencyNs) {

    static final RequestLineFilter NONE = new RequestLineFilter(Set.of(), null, null, null, null, null, 0);

    private boolean httpFiltered() {
        return httpStatus != null || httpMethod != null || httpPath != null;
    }

    private boolean dnsFiltered() {
        return dnsQuery != null || dnsRcode != null;
    }

    boolean accepts(SensorEvent event) {
        return switch (event.getPayloadCase()) {
            case REQUEST -> accepts(event.getRequest());
            case REQUEST_STATS -> accepts(event.getRequestStats());
            default -> true;
        };
    }

    private boolean accepts(Request r) {
        if (!protocols.isEmpty() && !protocols.contains(r.getProtocol())) {
            return false;
        }
        if (r.getLatencyNs() < minLatencyNs) {
            return false;
        }
        if (httpFiltered()) {
            if (!r.hasHttp()) {
                return false;
            }
            String path = r.getHttp().getPath();
            int query = path.indexOf('?');
            if (!statusMatches(r.getHttp().getStatus()) || !methodMatches(r.getHttp().getMethod())
                    || (httpPath != null && !httpPath.matcher(query < 0 ? path : path.substring(0, query)).matches())) {
                return false;
            }
        }
        if (dnsFiltered()) {
            return r.hasDns() && nameMatches(r.getDns().getQueryName())
                    && rcodeMatches(r.getDns().getRcodeName(), r.getDns().getRcode());
        }
        return true;
    }

    private boolean accepts(RequestStats s) {
        if (minLatencyNs > 0 || (httpStatus != null && !isClass(httpStatus))) {
            return false;
        }
        if (!protocols.isEmpty() && !protocols.contains(s.getProtocol())) {
            return false;
        }
        boolean http = s.getProtocol() == AppProtocol.APP_PROTOCOL_HTTP1 || s.getProtocol() == AppProtocol.APP_PROTOCOL_HTTP2;
        if (httpFiltered() && (!http || (httpStatus != null && !httpStatus.equalsIgnoreCase(s.getStatusClass()))
                || !methodMatches(s.getMethod()) || (httpPath != null && !httpPath.matcher(s.getRoute()).matches()))) {
            return false;
        }
        if (dnsFiltered()) {
            return s.getProtocol() == AppProtocol.APP_PROTOCOL_DNS && nameMatches(s.getRoute())
                    && (dnsRcode == null || dnsRcode.equalsIgnoreCase(s.getStatusClass()));
        }
        return true;
    }

    private static boolean isClass(String status) {
        return status.length() == 3 && status.substring(1).equalsIgnoreCase("xx");
    }

    private boolean statusMatches(int status) {
        if (httpStatus == null) {
            return true;
        }
        if (isClass(httpStatus)) {
            return status / 100 == httpStatus.charAt(0) - '0';
        }
        return String.valueOf(status).equals(httpStatus);
    }

    private boolean methodMatches(String method) {
        return httpMethod == null || httpMethod.equalsIgnoreCase(method);
    }

    private boolean nameMatches(String name) {
        return dnsQuery == null || dnsQuery.matcher(name).matches();
    }

    private boolean rcodeMatches(String name, int code) {
        return dnsRcode == null || dnsRcode.equalsIgnoreCase(name) || dnsRcode.equals(String.valueOf(code));
    }

    /** {@code *} any run of characters, {@code ?} one; everything else literal; case-insensitive. */
    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    }

    /** "500" or "5xx"; anything else is refused with what is accepted. */
    static String status(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.matches("[1-5][0-9][0-9]") || v.matches("[1-5]xx")) {
            return v;
        }
        throw new IllegalArgumentException("--http-status " + value + ": use a code (500) or a class (5xx)");
    }
}
