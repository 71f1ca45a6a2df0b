package dev.nightjar.sensor.security.policy;

/** A policy outside the subset this sensor runs, or not valid YAML: the message names the line and field. */
public final class PolicyException extends IllegalArgumentException {

    public PolicyException(String message) {
        super(message);
    }
}
