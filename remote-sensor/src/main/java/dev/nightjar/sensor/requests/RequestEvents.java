package dev.nightjar.sensor.requests;

import dev.nightjar.protocol.v1.DnsRequest;
import dev.nightjar.protocol.v1.HttpRequest;
import dev.nightjar.protocol.v1.PostgresRequest;
import dev.nightjar.protocol.v1.RedisRequest;
import dev.nightjar.protocol.v1.Request;
import dev.nightjar.sensor.requests.parse.Exchange;
import dev.nightjar.sensor.requests.privacy.HttpPaths;
import dev.nightjar.sensor.requests.privacy.RequestMasking;

/** The Request event for one exchange on a connection, masked unless literals are asked for. */
final class RequestEvents {

    private RequestEvents() {
    }

    static Request request(Endpoints ends, Exchange e, boolean unmaskLiterals) {
        Request.Builder r = Request.newBuilder()
                .setProtocol(e.protocol()).setTuple(ends.tuple()).setRole(ends.role())
                .setPid(ends.pid()).setTid(ends.tid()).setComm(ends.comm()).setCgroupId(ends.cgroupId())
                .setNetnsInode(ends.netnsInode()).setStartNs(e.startNs()).setLatencyNs(e.latencyNs())
                .setRequestBytes(e.requestBytes()).setResponseBytes(e.responseBytes()).setTls(ends.tls())
                .setError(e.error()).setNoResponse(e.noResponse()).setIncomplete(e.incomplete())
                .setLiteralsUnmasked(unmaskLiterals);
        switch (e.detail()) {
            case HttpRequest http -> r.setHttp(http.toBuilder().setRoute(HttpPaths.route(http.getPath())));
            case DnsRequest dns -> r.setDns(dns);
            case PostgresRequest pg -> r.setPostgres(pg);
            case RedisRequest redis -> r.setRedis(redis);
            default -> throw new IllegalArgumentException("not a request detail: " + e.detail().getClass());
        }
        Request request = r.build();
        return unmaskLiterals ? request : RequestMasking.mask(request);
    }
}
