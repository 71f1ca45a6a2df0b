package dev.nightjar.desktop.session;

/** Deploying the sensor failed; the message says why and what to do, ready to show. */
public final class SensorDeploymentException extends Exception {

    private static final long serialVersionUID = 1L;

    public SensorDeploymentException(String message, Throwable cause) {
        super(message, cause);
    }

    public SensorDeploymentException(String message) {
        super(message);
    }
}
