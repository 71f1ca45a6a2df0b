package dev.nightjar.desktop.session;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A request through the client's own HTTP client (its authentication, token refresh, TLS
 * and proxy settings), for the few calls whose response headers matter: the API server's
 * {@code Date} is how {@link ServerClock} learns the server's time. Everything else goes
 * through fabric8's DSL.
 */
final class ServerRequests {

    /** What came back: the status code, the body, and the server's Date header if it sent one. */
    record Response(int code, String body, Optional<String> date, Instant receivedAt) {
        boolean ok() {
            return code >= 200 && code < 300;
        }
    }

    private ServerRequests() {
    }

    /**
     * @param path    from the API root, e.g. {@code /version} or {@code /api/v1/namespaces/ns/secrets/name}
     * @param timeout how long to wait for the answer
     * @throws KubernetesClientException when no answer came (with code 0) or the call was interrupted
     */
    static Response send(KubernetesClient client, Clock local, String method, String path, String contentType,
                         String body, Duration timeout) {
        String master = client.getMasterUrl().toString();
        String url = (master.endsWith("/") ? master.substring(0, master.length() - 1) : master) + path;
        HttpRequest.Builder b = client.getHttpClient().newHttpRequestBuilder().uri(url)
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (body != null) {
            b.method(method, contentType, body);
        } else if (!method.equals("GET")) {
            b.method(method, contentType, "");
        }
        Future<HttpResponse<String>> pending = client.getHttpClient().sendAsync(b.build(), String.class);
        try {
            HttpResponse<String> r = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Response(r.code(), r.body() == null ? "" : r.body(), Optional.ofNullable(r.header("Date")),
                    local.instant());
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("interrupted while waiting for " + method + " " + path, e);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new KubernetesClientException("no answer to " + method + " " + path + " within "
                    + timeout.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new KubernetesClientException(method + " " + path + " failed: " + cause.getMessage(), cause);
        }
    }

    /** The API server's error for a non-2xx response, as fabric8's DSL would have thrown it. */
    static KubernetesClientException failure(Response r, String what) {
        Status status = null;
        try {
            status = Serialization.unmarshal(r.body(), Status.class);
        } catch (RuntimeException notAStatus) {
            // a proxy's HTML page, say: the code alone has to do
        }
        String message = status != null && status.getMessage() != null ? status.getMessage()
                : "HTTP " + r.code() + " for " + what;
        return new KubernetesClientException(message, r.code(), status);
    }
}
