package dev.nightjar.sensor.security.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The policies a stream runs when it names none (resources security-policies/*.yaml). */
public final class DefaultPolicies {

    public static final List<String> NAMES = List.of("sensitive-kernel-paths", "service-account-token",
            "shell-in-container", "setuid-to-root", "namespace-changes", "kernel-module-loads");

    private DefaultPolicies() {
    }

    /** Their YAML documents, in the order of {@link #NAMES}. */
    public static List<String> yaml() {
        List<String> documents = new ArrayList<>();
        for (String name : NAMES) {
            try (InputStream in = DefaultPolicies.class.getResourceAsStream("/security-policies/" + name + ".yaml")) {
                if (in == null) {
                    throw new IllegalStateException("default policy " + name + " is missing from the sensor's jar");
                }
                documents.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return documents;
    }
}
