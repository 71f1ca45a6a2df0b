package dev.nightjar.desktop.cluster;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.net.HttpURLConnection;
import java.util.concurrent.CompletableFuture;

/**
 * Puts the exec plugin's token on every request, and on a 401 runs the plugin again and
 * retries once with the new token. It takes the place of fabric8's own token interceptor
 * (named {@link #NAME}, as fabric8's is), which for exec users re-reads a kubeconfig file and
 * re-runs the plugin at most once a minute, blind to {@code expirationTimestamp}. A plugin
 * that fails makes the request fail with its {@link CredentialPluginException}, so the user
 * reads what the plugin said instead of a 401 or an RBAC message about system:anonymous.
 */
final class ExecTokenInterceptor implements Interceptor {

    /** fabric8's name for the token interceptor ({@code TokenRefreshInterceptor.NAME}): the one this replaces. */
    static final String NAME = "TOKEN";
    private static final String AUTHORIZATION = "Authorization";
    private static final String BEARER = "Bearer ";

    private final ExecTokenSource tokens;

    ExecTokenInterceptor(ExecTokenSource tokens) {
        this.tokens = tokens;
    }

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        String token = tokens.token();
        if (!token.isEmpty()) {
            builder.setHeader(AUTHORIZATION, BEARER + token);
        }
    }

    @Override
    public CompletableFuture<Boolean> afterFailure(BasicBuilder builder, HttpResponse<?> response, RequestTags tags) {
        if (response.code() != HttpURLConnection.HTTP_UNAUTHORIZED) {
            return CompletableFuture.completedFuture(false);
        }
        String sent = bearer(response.request() == null ? null : response.request().header(AUTHORIZATION));
        try {
            tokens.rejected(sent);
            String fresh = tokens.token();
            if (fresh.isEmpty() || fresh.equals(sent)) {
                return CompletableFuture.completedFuture(false);
            }
            builder.setHeader(AUTHORIZATION, BEARER + fresh);
            return CompletableFuture.completedFuture(true);
        } catch (CredentialPluginException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static String bearer(String header) {
        return header != null && header.startsWith(BEARER) ? header.substring(BEARER.length()) : "";
    }
}
