package dev.nightjar.desktop.security;

import java.util.Objects;

/**
 * One TracingPolicy document the user chose, as read from its file.
 *
 * @param name the file's name, for messages ("sensitive.yaml")
 * @param yaml the document, sent to the sensor as is
 */
public record PolicyFile(String name, String yaml) {

    public PolicyFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(yaml, "yaml");
    }
}
