package dev.nightjar.sensor.requests;

import dev.nightjar.protocol.v1.Request;
import dev.nightjar.protocol.v1.RequestStats;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.sensor.collect.EventSink;
import java.util.ArrayList;
import java.util.List;

/** An EventSink that keeps what the assembler published, for assertions. */
final class CollectedEvents implements EventSink {

    final List<SensorEvent> events = new ArrayList<>();

    @Override
    public void publish(SensorEvent event) {
        events.add(event);
    }

    List<Request> requests() {
        return events.stream().filter(SensorEvent::hasRequest).map(SensorEvent::getRequest).toList();
    }

    List<RequestStats> stats() {
        return events.stream().filter(SensorEvent::hasRequestStats).map(SensorEvent::getRequestStats).toList();
    }

    long counted() {
        return stats().stream().mapToLong(RequestStats::getCount).sum();
    }

    /** An assembler that sends every exchange whole (sample rate 1), so tests see each one. */
    static RequestAssembler everyExchange(CollectedEvents sink) {
        RequestAssembler assembler = new RequestAssembler(sink);
        assembler.configure(dev.nightjar.protocol.v1.Filter.newBuilder().setRequestSampleRate(1.0).build());
        return assembler;
    }
}
