package dev.nightjar.sensor.server;

import dev.nightjar.protocol.grpc.SensorService;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/** Closes every call that does not carry the session token, before it reaches a handler. */
final class TokenInterceptor implements ServerInterceptor {

    private static final System.Logger LOG = System.getLogger(TokenInterceptor.class.getName());

    private final SessionToken token;

    TokenInterceptor(SessionToken token) {
        this.token = token;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        String presented = headers.get(SensorService.TOKEN_HEADER);
        if (presented == null) {
            return reject(call, "missing " + SensorService.TOKEN_HEADER.name() + " header");
        }
        if (!token.matches(presented)) {
            return reject(call, "wrong session token");
        }
        return next.startCall(call, headers);
    }

    private static <Q, R> ServerCall.Listener<Q> reject(ServerCall<Q, R> call, String why) {
        LOG.log(System.Logger.Level.WARNING, "rejected {0}: {1}", call.getMethodDescriptor().getBareMethodName(), why);
        call.close(Status.UNAUTHENTICATED.withDescription(why), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
