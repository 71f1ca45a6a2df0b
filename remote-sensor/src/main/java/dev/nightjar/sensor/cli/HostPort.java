package dev.nightjar.sensor.cli;

/**
 * {@code HOST:PORT} as typed on a command line: {@code 127.0.0.1:5000},
 * {@code localhost:0}, {@code [::1]:5000}. An IPv6 literal needs the brackets.
 */
record HostPort(String host, int port) {

    static HostPort parse(String text) throws CliFailure {
        String value = text.strip();
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new CliFailure(CliFailure.USAGE, "'" + text + "' is not HOST:PORT (e.g. 127.0.0.1:5000, [::1]:5000)");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new CliFailure(CliFailure.USAGE, "'" + text + "': put an IPv6 address in brackets, e.g. [::1]:5000");
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65_535 || host.isEmpty()) {
            throw new CliFailure(CliFailure.USAGE, "'" + text + "' is not HOST:PORT with a port from 0 to 65535");
        }
        return new HostPort(host, port);
    }

    /** Brackets an IPv6 host again, so the text can be pasted back as an argument. */
    static String format(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return format(host, port);
    }
}
