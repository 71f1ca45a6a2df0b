package dev.nightjar.desktop.stream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a session token file the way the sensor writes and reads it: one line, printable ASCII. */
public final class TokenFiles {

    private static final int MAX_BYTES = 4096;

    private TokenFiles() {
    }

    public static String read(Path file) throws IOException {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IOException(file + " is larger than a session token can be (" + MAX_BYTES + " bytes)");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException("token file " + file + " does not exist", e);
        }
        String token = new String(bytes, StandardCharsets.US_ASCII).strip();
        if (token.isEmpty()) {
            throw new IOException("token file " + file + " is empty");
        }
        for (char c : token.toCharArray()) {
            if (c < 0x21 || c > 0x7e) {
                throw new IOException("token file " + file + " holds more than one line of printable text;"
                        + " it should hold only the session token");
            }
        }
        return token;
    }
}
