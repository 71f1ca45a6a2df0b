package dev.nightjar.sensor.requests.http2;

/** gRPC status codes by name (grpc/doc/statuscodes.md). */
public final class GrpcStatusNames {

    private static final String[] NAMES = {"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED",
            "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
            "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"};

    private GrpcStatusNames() {
    }

    public static String name(int code) {
        return code >= 0 && code < NAMES.length ? NAMES[code] : "CODE" + code;
    }
}
