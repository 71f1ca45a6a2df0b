package dev.nightjar.sensor.requests;

import dev.nightjar.protocol.v1.AppProtocol;
import dev.nightjar.protocol.v1.Request;
import dev.nightjar.protocol.v1.RequestTarget;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.sensor.requests.privacy.RequestMasking;

/**
 * What one stream receives of the requests made for the union of all streams' RequestTargets:
 * only its protocols; a Request only when it failed, is at least as slow as the stream's own
 * threshold, or falls in the stream's own sample; literals masked again unless the stream asked
 * for them. Pure: no state, safe from any thread.
 *
 * <p>Sampling is {@link RequestSampling}'s stable draw, the one the assembler used: a stream
 * whose rate equals the union's keeps every sampled request, one with a lower rate a subset.
 */
public final class RequestStreamNarrowing {

    private RequestStreamNarrowing() {
    }

    /** The event as the stream should see it, or null when the stream should not get it. */
    public static SensorEvent narrow(RequestTarget target, SensorEvent event) {
        return switch (event.getPayloadCase()) {
            case REQUEST -> {
                Request narrowed = narrow(target, event.getRequest());
                yield narrowed == null ? null
                        : narrowed == event.getRequest() ? event : event.toBuilder().setRequest(narrowed).build();
            }
            case REQUEST_STATS -> wants(target, event.getRequestStats().getProtocol()) ? event : null;
            default -> event;
        };
    }

    static Request narrow(RequestTarget target, Request request) {
        if (!wants(target, request.getProtocol())) {
            return null;
        }
        long slow = target.getSlowThresholdNs() == 0 ? RequestSettings.DEFAULT_SLOW_THRESHOLD_NS : target.getSlowThresholdNs();
        boolean keep = request.getError() || request.getLatencyNs() >= slow || RequestSampling.sampled(request.getStartNs(), request.getTuple().getSrcPort(), target.getSampleRate());
        if (!keep) {
            return null;
        }
        return request.getLiteralsUnmasked() && !target.getUnmaskLiterals() ? RequestMasking.mask(request) : request;
    }

    private static boolean wants(RequestTarget target, AppProtocol protocol) {
        return target.getProtocolsCount() == 0 || target.getProtocolsList().contains(protocol);
    }
}
