package dev.nightjar.desktop.security;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the policy files a person chose and checks what the desktop can check without the
 * sensor's parser (which lives in the sensor, with its YAML library): the file is readable UTF-8
 * text within the sensor's size bound, holds one YAML document, and says it is a TracingPolicy.
 * Everything else (fields, operators, calls) the sensor checks when the session asks for the
 * policies, refusing a bad one with its line and field. Blocking file I/O: off the UI thread.
 */
public final class PolicyFiles {

    /** The sensor refuses larger documents (its PolicyParser.MAX_BYTES); refused here before reading. */
    public static final int MAX_BYTES = 256 * 1024;
    /** More than this many is not a choice anyone makes by hand; the sensor's rule table is bounded too. */
    public static final int MAX_FILES = 32;

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
    private static final Pattern KIND = Pattern.compile("(?m)^kind:\\s*[\"']?([^\"'#\\s]*)[\"']?\\s*(#.*)?$");

    private PolicyFiles() {
    }

    /** The files as policies to run, in order. @throws IllegalArgumentException the first file refused, and why */
    public static SecurityEvents read(List<Path> files) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("No policy file chosen: choose one or more TracingPolicy YAML files.");
        }
        if (files.size() > MAX_FILES) {
            throw new IllegalArgumentException(files.size() + " policy files chosen; at most " + MAX_FILES
                    + " can run in one session.");
        }
        List<PolicyFile> read = new ArrayList<>();
        for (Path file : files) {
            read.add(read(file));
        }
        return SecurityEvents.of(read);
    }

    static PolicyFile read(Path file) {
        String name = String.valueOf(file.getFileName());
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw refused(name, String.format(Locale.ROOT, "it is %,d bytes; a sensor accepts at most %,d"
                        + " (a TracingPolicy is a few kilobytes). Choose the policy itself", size, MAX_BYTES));
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw refused(name, "cannot read " + file + " (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + ")");
        }
        return new PolicyFile(name, check(name, bytes));
    }

    /** The document as text, if it passes what can be checked here. */
    static String check(String name, byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw refused(name, String.format(Locale.ROOT, "it is %,d bytes; a sensor accepts at most %,d",
                    bytes.length, MAX_BYTES));
        }
        String yaml;
        try {
            yaml = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw refused(name, "it is not UTF-8 text; a TracingPolicy is YAML");
        }
        if (yaml.isBlank()) {
            throw refused(name, "it is empty");
        }
        long documents = DOCUMENT_SEPARATOR.splitAsStream(yaml).filter(d -> !d.isBlank()).count();
        if (documents > 1) {
            throw refused(name, "it holds " + documents + " YAML documents; put each policy in a file of its own");
        }
        Matcher kind = KIND.matcher(yaml);
        if (!kind.find()) {
            throw refused(name, "it has no top-level 'kind: TracingPolicy' line; Nightjar runs Tetragon TracingPolicy"
                    + " documents (docs/SECURITY-EVENTS.md)");
        }
        String value = kind.group(1);
        if (!value.equals("TracingPolicy") && !value.equals("TracingPolicyNamespaced")) {
            throw refused(name, "line " + lineOf(yaml, kind.start()) + ": kind: '" + value + "' is not TracingPolicy");
        }
        return yaml;
    }

    private static int lineOf(String text, int offset) {
        return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
    }

    private static IllegalArgumentException refused(String name, String why) {
        return new IllegalArgumentException("Policy file " + name + " refused: " + why + ".");
    }
}
