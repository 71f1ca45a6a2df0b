package dev.nightjar.desktop.bundle;

import dev.nightjar.protocol.text.ErrorTexts;
import dev.nightjar.protocol.v1.DnsRequest;
import dev.nightjar.protocol.v1.HttpRequest;
import dev.nightjar.protocol.v1.PostgresRequest;
import dev.nightjar.protocol.v1.RedisRequest;
import dev.nightjar.protocol.v1.Request;
import dev.nightjar.protocol.v1.RequestStats;
import java.util.function.UnaryOperator;

/**
 * The request half of {@link EventRedactor}: every field of a {@link Request} or
 * {@link RequestStats} that can hold an address or user data, by redaction.
 *
 * <ul>
 *   <li>addresses: the tuple's and the stats' client and server addresses; IP literals in
 *       the HTTP path, route, host and messages, DNS names, SQL statements and error texts;</li>
 *   <li>literals: query-string values in paths, SQL literals, Redis keys (see {@link RequestLiterals}),
 *       and the values servers quote in their error texts (PostgreSQL's message, Redis's error
 *       reply, grpc-message; masked as the sensor masks them, {@link ErrorTexts}); a request so
 *       masked has {@code literals_unmasked} cleared.</li>
 * </ul>
 * Methods, statuses, command tags, user agents and DNS names themselves are kept, as
 * node names and process names are.
 */
final class RequestRedactor {

    private final Redaction redaction;
    private final AddressRedactor addresses;

    RequestRedactor(Redaction redaction, AddressRedactor addresses) {
        this.redaction = redaction;
        this.addresses = addresses;
    }

    Request request(Request request) {
        Request.Builder b = request.toBuilder();
        if (redaction.hashAddresses()) {
            b.setTuple(b.getTuple().toBuilder().setSrcAddr(addresses.address(b.getTuple().getSrcAddr()))
                    .setDstAddr(addresses.address(b.getTuple().getDstAddr())));
        }
        if (redaction.maskRequestLiterals()) {
            b.setLiteralsUnmasked(false);
        }
        switch (request.getDetailCase()) {
            case HTTP -> b.setHttp(http(request.getHttp()));
            case DNS -> b.setDns(dns(request.getDns()));
            case POSTGRES -> b.setPostgres(postgres(request.getPostgres()));
            case REDIS -> b.setRedis(redis(request.getRedis()));
            default -> { }
        }
        return b.build();
    }

    RequestStats stats(RequestStats stats) {
        RequestStats.Builder b = stats.toBuilder();
        if (redaction.hashAddresses()) {
            b.setClientAddr(addresses.address(stats.getClientAddr()))
                    .setServerAddr(addresses.address(stats.getServerAddr()));
        }
        // The route is a template (ids collapsed) or a DNS name: only addresses in it.
        return b.setRoute(addresses(stats.getRoute())).build();
    }

    private HttpRequest http(HttpRequest http) {
        UnaryOperator<String> path = redaction.maskRequestLiterals() ? RequestLiterals::path : UnaryOperator.identity();
        return http.toBuilder().setPath(addresses(path.apply(http.getPath()))).setRoute(addresses(http.getRoute()))
                .setHost(addresses(http.getHost())).setGrpcMessage(errorText(http.getGrpcMessage())).build();
    }

    private DnsRequest dns(DnsRequest dns) {
        return dns.toBuilder().setQueryName(addresses(dns.getQueryName())).build();
    }

    private PostgresRequest postgres(PostgresRequest pg) {
        String statement = redaction.maskRequestLiterals() ? RequestLiterals.sql(pg.getStatement()) : pg.getStatement();
        return pg.toBuilder().setStatement(addresses(statement))
                .setErrorMessage(errorText(pg.getErrorMessage())).build();
    }

    private RedisRequest redis(RedisRequest redis) {
        String key = redaction.maskRequestLiterals() ? RequestLiterals.key(redis.getFirstKey()) : redis.getFirstKey();
        return redis.toBuilder().setFirstKey(addresses(key)).setError(errorText(redis.getError())).build();
    }

    /** Addresses first: the masker would cut an address into numbers, which hashing must see whole. */
    private String errorText(String text) {
        String hashed = addresses(text);
        return redaction.maskRequestLiterals() ? ErrorTexts.mask(hashed) : hashed;
    }

    private String addresses(String text) {
        return redaction.hashAddresses() ? addresses.text(text) : text;
    }
}
