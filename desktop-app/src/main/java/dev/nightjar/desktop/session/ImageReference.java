package dev.nightjar.desktop.session;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container image reference split the way a registry reads it: {@code name[:tag][@digest]}.
 * A reference with a digest is pinned: the node runs exactly those bytes, whatever the tag
 * points to later (a registry mirror re-pushing a tag, a compromised tag).
 *
 * @param name   registry and repository, e.g. {@code registry.corp.example/mirror/nightjar-sensor}
 * @param tag    the tag, or empty
 * @param digest {@code sha256:} and 64 hex digits, or empty
 */
public record ImageReference(String name, String tag, String digest) {

    private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final String DOMAIN =
            "[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?";
    private static final Pattern NAME =
            Pattern.compile("(?:" + DOMAIN + "/)?" + COMPONENT + "(?:/" + COMPONENT + ")*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");
    private static final Pattern REFERENCE = Pattern.compile("(?<name>[^@]+?)(:(?<tag>[^:/@]+))?(@(?<digest>.+))?");

    public ImageReference {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("\"" + name + "\" is not an image name: expected something like"
                    + " registry.example.com/team/nightjar-sensor.");
        }
        tag = tag == null ? "" : tag;
        digest = digest == null ? "" : digest.toLowerCase(Locale.ROOT);
        if (!tag.isEmpty() && !TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("\"" + tag + "\" is not an image tag: letters, digits, '_', '.', '-',"
                    + " at most 128, not starting with '.' or '-'.");
        }
        if (!digest.isEmpty() && !DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException("\"" + digest + "\" is not an image digest: expected sha256: and 64"
                    + " hex digits (docker buildx imagetools inspect IMAGE shows it).");
        }
        if (tag.isEmpty() && digest.isEmpty()) {
            throw new IllegalArgumentException("The image " + name + " has neither a tag nor a digest: add :TAG"
                    + " or @sha256:DIGEST, so every node runs the same sensor.");
        }
    }

    /** Reads {@code name[:tag][@sha256:…]}; the message says what part is wrong. */
    public static ImageReference parse(String reference) {
        String r = reference == null ? "" : reference.strip();
        if (r.isEmpty()) {
            throw new IllegalArgumentException("The sensor image reference is empty.");
        }
        Matcher m = REFERENCE.matcher(r);
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + r + "\" is not an image reference: expected NAME:TAG or"
                    + " NAME@sha256:DIGEST.");
        }
        return new ImageReference(m.group("name"), m.group("tag"), m.group("digest"));
    }

    /** The same image pinned to {@code newDigest}, or unpinned when it is blank. */
    public ImageReference withDigest(String newDigest) {
        return new ImageReference(name, tag, newDigest == null ? "" : newDigest.strip());
    }

    public boolean pinned() {
        return !digest.isEmpty();
    }

    /** Name and tag without the digest: what a person recognises. */
    public String withoutDigest() {
        return tag.isEmpty() ? name : name + ":" + tag;
    }

    public Optional<String> digestIfPinned() {
        return digest.isEmpty() ? Optional.empty() : Optional.of(digest);
    }

    @Override
    public String toString() {
        return withoutDigest() + (digest.isEmpty() ? "" : "@" + digest);
    }
}
