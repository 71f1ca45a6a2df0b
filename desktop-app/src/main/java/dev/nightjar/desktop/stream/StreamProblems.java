package dev.nightjar.desktop.stream;

import io.grpc.Status;

/** Turns a gRPC status into words, and says whether trying again can help. */
final class StreamProblems {

    private StreamProblems() {
    }

    static boolean retryable(Status status) {
        return switch (status.getCode()) {
            case UNAUTHENTICATED, PERMISSION_DENIED, INVALID_ARGUMENT, UNIMPLEMENTED, FAILED_PRECONDITION -> false;
            default -> true;
        };
    }

    static String describe(Status status, SensorAddress address) {
        String why = status.getDescription() == null || lowLevel(status.getDescription()) ? ""
                : " (" + status.getDescription() + ")";
        String causeText = inWords(status.getCause());
        return switch (status.getCode()) {
            case UNAUTHENTICATED -> "the sensor at " + address + " rejected the session token" + why
                    + ". Check the token file; for a cluster session, stop and start the session again.";
            case PERMISSION_DENIED -> "the sensor at " + address + " refused the stream" + why + ".";
            case UNIMPLEMENTED -> "the program at " + address + " is not a Nightjar sensor, or a much older one" + why + ".";
            case RESOURCE_EXHAUSTED -> "the sensor at " + address + " has too many clients" + why + ".";
            // E.g. a policy file outside the sensor's subset, chosen in the session settings: its line and field.
            case INVALID_ARGUMENT -> "the sensor at " + address + " refused what the session asked for" + why
                    + ". Fix or drop what it names (a security policy: in the session settings) and start again.";
            case UNAVAILABLE -> "cannot reach the sensor at " + address + causeText + why;
            default -> "the stream from " + address + " failed: " + status.getCode() + why + causeText;
        };
    }

    /**
     * What went wrong on the network, in words: the networking library's own text (e.g.
     * "finishConnect(..) failed with error(-111)") means nothing to a person, so known
     * errors are named and the rest is described by what kind of failure it was.
     */
    static String inWords(Throwable cause) {
        if (cause == null) {
            return "";
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage();
            if (m.contains("Connection refused") || m.contains("error(-111)")) {
                return ": nothing accepts connections there (connection refused). Is the sensor running,"
                        + " and are the address and port right?";
            }
            if (m.contains("No route to host") || m.contains("error(-113)")) {
                return ": there is no network route to that host (no route to host)";
            }
            if (m.contains("timed out") || m.contains("error(-110)")) {
                return ": the connection timed out; a firewall may drop it, or the host is down";
            }
            if (m.contains("Connection reset") || m.contains("error(-104)")) {
                return ": the other side reset the connection";
            }
            if (m.contains("Network is unreachable") || m.contains("error(-101)")) {
                return ": the network is unreachable from this machine";
            }
            if (t instanceof java.net.UnknownHostException) {
                return ": the host name does not resolve (" + m + ")";
            }
        }
        String m = cause.getMessage();
        return m == null || lowLevel(m) ? ": the connection failed (" + cause.getClass().getSimpleName() + ")"
                : ": " + m;
    }

    /** Text from inside the networking library that would not help a person. */
    private static boolean lowLevel(String text) {
        return text.contains("(..)") || text.contains("error(-") || text.contains("io exception");
    }
}
