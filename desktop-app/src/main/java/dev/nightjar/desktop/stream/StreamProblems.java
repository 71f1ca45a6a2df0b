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
        String why = status.getDescription() == null ? "" : " (" + status.getDescription() + ")";
        Throwable cause = status.getCause();
        String causeText = cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage();
        return switch (status.getCode()) {
            case UNAUTHENTICATED -> "the sensor at " + address + " rejected the session token" + why
                    + ". Check the token file; for a cluster session, stop and start the session again.";
            case PERMISSION_DENIED -> "the sensor at " + address + " refused the stream" + why + ".";
            case UNIMPLEMENTED -> "the program at " + address + " is not a Nightjar sensor, or a much older one" + why + ".";
            case RESOURCE_EXHAUSTED -> "the sensor at " + address + " has too many clients" + why + ".";
            case UNAVAILABLE -> "cannot reach the sensor at " + address + causeText + why;
            default -> "the stream from " + address + " failed: " + status.getCode() + why + causeText;
        };
    }
}
