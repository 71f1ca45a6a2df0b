package dev.nightjar.sensor.requests.http2;

/** One HTTP/2 stream's request and response as far as they were read. */
final class H2Stream {
    final int id;
    final long startNs;
    String method = "";
    String path = "";
    String authority = "";
    String contentType = "";
    String userAgent = "";
    int status;
    int grpcStatus = -1;
    String grpcMessage = "";
    long requestBytes;
    long responseBytes;
    boolean responseStarted;
    String incomplete;

    H2Stream(int id, long startNs, String incomplete) {
        this.id = id;
        this.startNs = startNs;
        this.incomplete = incomplete;
    }

    boolean grpc() {
        return contentType.startsWith("application/grpc");
    }
}
