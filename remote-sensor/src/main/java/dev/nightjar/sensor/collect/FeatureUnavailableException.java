package dev.nightjar.sensor.collect;

/** A kernel feature a collector needs is missing; the message says which and what to do. */
public final class FeatureUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FeatureUnavailableException(String message) {
        super(message);
    }
}
