package dev.nightjar.desktop.session;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Instant;

/**
 * The Secret that carries a session's token to its sensor pods, and the session's lease.
 * It is created before the pods (the kubelet must find it to mount it, and the lease must
 * exist before anything a sweep could remove) and then given the pods as owners (see
 * {@link SecretOwnership}), so Kubernetes' garbage collector deletes it when the last pod is
 * gone, even if the desktop is not there to do it. {@code immutable} covers its data only;
 * the lease annotation stays writable.
 */
public final class SensorTokenSecret {

    /** The key inside the Secret and the file name under {@link SensorPodSpec#TOKEN_DIR}. */
    public static final String TOKEN_KEY = "token";

    private SensorTokenSecret() {
    }

    public static Secret build(SessionId session, String namespace, SessionToken token, Instant leaseExpires) {
        return new SecretBuilder()
                .withMetadata(SessionObjectMeta.leaseHolder(SensorObjectNames.secret(session), namespace, session,
                        leaseExpires))
                .withType("Opaque")
                .withImmutable(true)
                // stringData: the API server stores it base64-encoded under data; readable in a printed manifest.
                .addToStringData(TOKEN_KEY, token.value())
                .build();
    }
}
