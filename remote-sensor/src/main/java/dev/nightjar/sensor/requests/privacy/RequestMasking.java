package dev.nightjar.sensor.requests.privacy;

import dev.nightjar.protocol.text.ErrorTexts;
import dev.nightjar.protocol.v1.Request;

/**
 * Masks a Request's literals: the path's query values, the statement's SQL literals, the
 * Redis key, and the values quoted or written into the servers' error texts (PostgreSQL's
 * message, Redis's error reply, grpc-message; see {@link ErrorTexts}), whose SQLSTATE, status
 * and wording are kept. Idempotent, so a stream that did not ask for unmasked literals can
 * re-apply it to an event made unmasked for another stream.
 */
public final class RequestMasking {

    /** What a masked Redis key reads as. */
    public static final String MASKED_KEY = "?";

    private RequestMasking() {
    }

    public static Request mask(Request request) {
        Request.Builder masked = request.toBuilder().setLiteralsUnmasked(false);
        switch (request.getDetailCase()) {
            case HTTP -> masked.getHttpBuilder().setPath(HttpPaths.maskQuery(request.getHttp().getPath()))
                    .setGrpcMessage(ErrorTexts.mask(request.getHttp().getGrpcMessage()));
            case POSTGRES -> masked.getPostgresBuilder().setStatement(SqlLiterals.mask(request.getPostgres().getStatement()))
                    .setErrorMessage(ErrorTexts.mask(request.getPostgres().getErrorMessage()));
            case REDIS -> {
                if (!request.getRedis().getFirstKey().isEmpty()) {
                    masked.getRedisBuilder().setFirstKey(MASKED_KEY);
                }
                masked.getRedisBuilder().setError(ErrorTexts.mask(request.getRedis().getError()));
            }
            default -> {
                // DNS names are not literals: they are what a reader asks about
            }
        }
        return masked.build();
    }
}
