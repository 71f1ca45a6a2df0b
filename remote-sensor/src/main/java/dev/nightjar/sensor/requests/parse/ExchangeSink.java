package dev.nightjar.sensor.requests.parse;

/** Where a connection's parser hands each exchange it completed. */
@FunctionalInterface
public interface ExchangeSink {
    void exchange(Exchange exchange);
}
