package dev.nightjar.desktop.session;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a real API server does and fabric8's CRUD mock does not, added around the mock's
 * dispatcher so the session code meets it in tests:
 * <ul>
 * <li>a {@code Date} header on every response, from a clock the test holds (the server's time);</li>
 * <li>NamespaceLifecycle admission: nothing can be created in a namespace that is terminating
 *     (403 with the API server's own message);</li>
 * <li>delete preconditions: a DELETE whose body carries {@code preconditions.resourceVersion}
 *     fails with 409 Conflict when the object has changed since;</li>
 * <li>an authorizer for SelfSubjectAccessReviews, answering from RBAC rules (as the API
 *     server's RBAC authorizer does).</li>
 * </ul>
 * Each part is off until the test turns it on, except the two admission rules.
 */
final class ApiServerBehaviour {

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final Pattern CREATE_IN_NAMESPACE = Pattern.compile("/api/v1/namespaces/([^/?]+)/([^/?]+)(\\?.*)?");
    private static final String SSAR = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";

    private volatile Clock serverClock;
    private volatile RbacRules authorizer;
    private volatile RbacRules enforced;
    private volatile java.time.Duration latency = java.time.Duration.ZERO;

    /** The server's clock for the Date header; null sends none (as fabric8's mock does). */
    ApiServerBehaviour serverClock(Clock clock) {
        this.serverClock = clock;
        return this;
    }

    /** Answers SelfSubjectAccessReviews from these rules; null leaves them to the CRUD mock. */
    ApiServerBehaviour authorizer(RbacRules rules) {
        this.authorizer = rules;
        return this;
    }

    /**
     * Authorizes the desktop's requests (everything but the simulator's) against these rules
     * only, as an API server bound to nothing else would: a request they do not allow gets the
     * API server's 403. Also answers reviews from them.
     */
    ApiServerBehaviour enforce(RbacRules rules) {
        this.enforced = rules;
        this.authorizer = rules;
        return this;
    }

    /** Holds every plain answer this long, like an API server a VPN hop away (watches are not held). */
    ApiServerBehaviour latency(java.time.Duration perRequest) {
        this.latency = perRequest;
        return this;
    }

    Dispatcher around(Dispatcher inner) {
        return new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                MockResponse response;
                try {
                    response = answer(inner, request);
                } catch (RuntimeException e) {
                    // a bug here must fail the test with a message, not leave the request unanswered
                    e.printStackTrace();
                    response = status(500, "InternalError", "test API server behaviour failed: " + e);
                }
                if (!latency.isZero() && response.getWebSocketListener() == null) {
                    response.setBodyDelay(latency);
                }
                Clock clock = serverClock;
                if (clock != null) {
                    response.setHeader("Date", HTTP_DATE.format(clock.instant()));
                }
                return response;
            }

            @Override
            public void shutdown() {
                inner.shutdown();
            }

            @Override
            public void releaseResources() {
                inner.releaseResources();
            }
        };
    }

    private MockResponse answer(Dispatcher inner, RecordedRequest request) {
        String path = request.getPath();
        RbacRules rules = enforced;
        if (rules != null && !dev.nightjar.desktop.cluster.MockApiServer.fromSimulator(request)) {
            for (ApiRequestAttributes check : ApiRequestAttributes.of(request.getMethod(), path).checks()) {
                if (!rules.allows(check)) {
                    return status(403, "Forbidden", forbidden(check));
                }
            }
        }
        if (request.getMethod().equals("POST") && path.startsWith(SSAR) && authorizer != null) {
            return review(request);
        }
        Matcher create = CREATE_IN_NAMESPACE.matcher(path);
        if (request.getMethod().equals("POST") && create.matches()) {
            HasMetadata ns = get(inner, "/api/v1/namespaces/" + create.group(1));
            if (ns != null && ns.getMetadata().getDeletionTimestamp() != null) {
                return status(403, "Forbidden", create.group(2) + " is forbidden: unable to create new content in"
                        + " namespace " + create.group(1) + " because it is being terminated");
            }
        }
        if (request.getMethod().equals("DELETE")) {
            String wanted = preconditionVersion(request.getUtf8Body());
            if (wanted != null) {
                HasMetadata current = get(inner, path);
                if (current != null && !wanted.equals(current.getMetadata().getResourceVersion())) {
                    return status(409, "Conflict", "Operation cannot be fulfilled on " + path.replaceAll(".*/", "")
                            + ": the ResourceVersion in the precondition (" + wanted + ") does not match the"
                            + " ResourceVersion in record (" + current.getMetadata().getResourceVersion()
                            + "). The object might have been modified");
                }
            }
        }
        return inner.dispatch(request);
    }

    private MockResponse review(RecordedRequest request) {
        SelfSubjectAccessReview review = Serialization.unmarshal(request.getUtf8Body(), SelfSubjectAccessReview.class);
        ResourceAttributes a = review.getSpec().getResourceAttributes();
        ApiRequestAttributes asked = new ApiRequestAttributes("POST", SSAR, true, a.getVerb(),
                a.getGroup() == null ? "" : a.getGroup(), a.getResource(), emptyToNull(a.getSubresource()),
                emptyToNull(a.getNamespace()), emptyToNull(a.getName()));
        boolean allowed = authorizer.allows(asked);
        review.setStatus(new SubjectAccessReviewStatusBuilder().withAllowed(allowed)
                .withReason(allowed ? "RBAC: allowed by the test's roles" : "").build());
        return new MockResponse().setResponseCode(201).setBody(Serialization.asJson(review));
    }

    /** The API server's words: {@code pods is forbidden: User "x" cannot list resource "pods" in API group "" …}. */
    private static String forbidden(ApiRequestAttributes a) {
        if (!a.resourceRequest()) {
            return "forbidden: User \"alice@example.com\" cannot " + a.verb() + " path \"" + a.path() + "\"";
        }
        String resource = a.resource() + (a.subresource() == null ? "" : "/" + a.subresource());
        return resource + (a.name() == null ? "" : " \"" + a.name() + "\"") + " is forbidden: User \"alice@example.com\""
                + " cannot " + a.verb() + " resource \"" + resource + "\" in API group \"" + a.apiGroup() + "\""
                + (a.namespace() == null ? " at the cluster scope" : " in the namespace \"" + a.namespace() + "\"");
    }

    private static HasMetadata get(Dispatcher inner, String path) {
        String plain = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        MockResponse r = inner.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.GET, plain,
                new Headers.Builder().build(), new Buffer()));
        if (r.code() != 200 || r.getBody() == null) {
            return null;
        }
        return Serialization.unmarshal(r.getBody().readUtf8(), GenericKubernetesResource.class);
    }

    @SuppressWarnings("unchecked")
    private static String preconditionVersion(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        Map<String, Object> options = Serialization.unmarshal(body, Map.class);
        Object pre = options.get("preconditions");
        return pre instanceof Map<?, ?> m && m.get("resourceVersion") != null ? String.valueOf(m.get("resourceVersion"))
                : null;
    }

    private static MockResponse status(int code, String reason, String message) {
        return new MockResponse().setResponseCode(code)
                .setBody(Serialization.asJson(ClusterFixtures.status(code, reason, message)));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
