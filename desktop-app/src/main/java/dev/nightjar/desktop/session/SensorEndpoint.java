package dev.nightjar.desktop.session;

/**
 * A running sensor pod, for a port-forward to {@code 127.0.0.1:port} inside it.
 */
public record SensorEndpoint(String node, String namespace, String pod, int port) {
}
