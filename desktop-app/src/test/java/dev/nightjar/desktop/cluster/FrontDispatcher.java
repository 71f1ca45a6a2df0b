package dev.nightjar.desktop.cluster;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.function.Function;

/**
 * A dispatcher in front of the mock API server's own (CRUD and expectations): it answers the
 * requests its function answers and passes the rest (null) on, and forwards the server's
 * shutdown, as {@link MockApiServer}'s {@code around} argument needs.
 */
public final class FrontDispatcher extends Dispatcher {

    private final Dispatcher behind;
    private final Function<RecordedRequest, MockResponse> answer;

    private FrontDispatcher(Dispatcher behind, Function<RecordedRequest, MockResponse> answer) {
        this.behind = behind;
        this.answer = answer;
    }

    /** @param answer the response for a request this dispatcher takes, or null to pass it on */
    public static Dispatcher before(Dispatcher behind, Function<RecordedRequest, MockResponse> answer) {
        return new FrontDispatcher(behind, answer);
    }

    /** A failure Status response as the API server sends it (401, 403, …). */
    public static MockResponse status(int code, String reason, String message) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody(Serialization.asJson(new StatusBuilder().withApiVersion("v1").withKind("Status")
                        .withStatus("Failure").withCode(code).withReason(reason).withMessage(message).build()));
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        MockResponse mine = answer.apply(request);
        return mine != null ? mine : behind.dispatch(request);
    }

    @Override
    public void shutdown() {
        behind.shutdown();
    }

    @Override
    public void releaseResources() {
        behind.releaseResources();
    }
}
