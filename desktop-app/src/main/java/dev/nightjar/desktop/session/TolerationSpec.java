package dev.nightjar.desktop.session;

import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A toleration as a person types it, in {@code kubectl taint}'s notation:
 * {@code key=value:Effect} (Equal), {@code key:Effect} or {@code key} (Exists; any effect
 * when none is given), and {@code *} for the catch-all toleration that lets the sensor
 * run on every tainted node (the default: the nodes being debugged are often the tainted
 * ones). The sensor is bound to its node by name, so a toleration is the only thing
 * that decides whether a tainted node admits it.
 */
public final class TolerationSpec {

    public static final String ALL = "*";
    private static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");
    private static final Pattern FORM = Pattern.compile("(?<key>[^=:\\s]+)(=(?<value>[^:\\s]*))?(:(?<effect>\\S+))?");

    private TolerationSpec() {
    }

    public static Toleration parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.equals(ALL)) {
            return new TolerationBuilder().withOperator("Exists").build();
        }
        Matcher m = FORM.matcher(t);
        if (t.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("\"" + t + "\" is not a toleration: write key=value:Effect,"
                    + " key:Effect, key, or * for every taint.");
        }
        String effect = m.group("effect");
        if (effect != null && !EFFECTS.contains(effect)) {
            throw new IllegalArgumentException("\"" + effect + "\" in toleration \"" + t + "\" is not a taint effect:"
                    + " use NoSchedule, PreferNoSchedule or NoExecute.");
        }
        TolerationBuilder b = new TolerationBuilder().withKey(m.group("key")).withEffect(effect);
        return m.group("value") == null ? b.withOperator("Exists").build()
                : b.withOperator("Equal").withValue(m.group("value")).build();
    }

    public static List<Toleration> parseAll(List<String> texts) {
        return texts.stream().map(TolerationSpec::parse).toList();
    }
}
