package dev.nightjar.desktop.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One kubeconfig user's credential from its exec plugin, kept while it is valid and fetched
 * again as kubectl does: when {@code expirationTimestamp} is reached (a little before, so a
 * request is not sent with a token that expires on the way) and when the API server answered
 * 401 to the token in hand. EKS tokens last about 15 minutes, GKE and AKS ones about an hour;
 * a session outlives several. One plugin run at a time: requests that need a fresh token
 * while one is being fetched wait for it.
 */
public final class ExecTokenSource {

    /** At most this long before expiry a token is refreshed; short-lived ones at a tenth of their life. */
    private static final Duration MAX_REFRESH_MARGIN = Duration.ofSeconds(30);

    private final ExecPluginSpec spec;
    private final ExecPluginRunner runner;
    private final PluginPrompts prompts;
    private final Clock clock;
    private PluginCredential current;
    private Instant refreshAt;
    private int runs;

    public ExecTokenSource(ExecPluginSpec spec, ExecPluginRunner runner, PluginPrompts prompts, Clock clock) {
        this.spec = spec;
        this.runner = runner;
        this.prompts = prompts;
        this.clock = clock;
    }

    /** The credential to use now, running the plugin first if there is none or it is about to expire. */
    public synchronized PluginCredential credential() {
        if (current == null || (refreshAt != null && !clock.instant().isBefore(refreshAt))) {
            PluginCredential fresh = runner.run(spec, prompts);
            runs++;
            Instant now = clock.instant();
            current = fresh;
            refreshAt = fresh.expires().map(exp -> exp.minus(margin(now, exp))).orElse(null);
        }
        return current;
    }

    /** The bearer token to send now (empty when the plugin gives a client certificate). */
    public String token() {
        return credential().token();
    }

    /**
     * The API server refused {@code rejected} (401): forget it so the next call runs the plugin.
     * A token that was already replaced (another request got the 401 first) is not fetched twice.
     */
    public synchronized void rejected(String rejected) {
        if (current != null && Objects.equals(current.token(), rejected)) {
            current = null;
        }
    }

    /** How many times the plugin ran. */
    public synchronized int runs() {
        return runs;
    }

    public ExecPluginSpec spec() {
        return spec;
    }

    private static Duration margin(Instant now, Instant expires) {
        Duration life = Duration.between(now, expires);
        if (life.isNegative()) {
            return Duration.ZERO;
        }
        Duration tenth = life.dividedBy(10);
        return tenth.compareTo(MAX_REFRESH_MARGIN) < 0 ? tenth : MAX_REFRESH_MARGIN;
    }
}
