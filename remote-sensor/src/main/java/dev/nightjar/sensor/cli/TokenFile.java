package dev.nightjar.sensor.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Reads the session token: one line of printable ASCII (it travels in a gRPC
 * header), trailing newline optional.
 *
 * <p>A file that every user on the machine can read is refused, by {@code serve}
 * and {@code observe} alike: anyone on the node could then talk to the sensor.
 * Group-readable is accepted, because granting a group is a deliberate act (a
 * Kubernetes Secret volume with fsGroup and mode 0440 is a common shape), while
 * world-readable is usually an accident of the umask.
 */
final class TokenFile {

    private static final int MAX_BYTES = 4096;

    private TokenFile() {
    }

    static String read(Path file) throws CliFailure {
        if (Files.isDirectory(file)) {
            throw new CliFailure(CliFailure.USAGE, "token file " + file + " is a directory; give the file inside it");
        }
        refuseIfWorldReadable(file);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new CliFailure(CliFailure.USAGE, "token file " + file + " does not exist");
        } catch (AccessDeniedException e) {
            throw new CliFailure(CliFailure.USAGE, "cannot read token file " + file + ": permission denied");
        } catch (IOException e) {
            throw new CliFailure(CliFailure.USAGE, "cannot read token file " + file + ": " + e.getMessage());
        }
        if (bytes.length > MAX_BYTES) {
            throw new CliFailure(CliFailure.USAGE, "token file " + file + " is larger than " + MAX_BYTES
                    + " bytes; it should hold one line, the session token");
        }
        String token = new String(bytes, StandardCharsets.US_ASCII);
        if (token.endsWith("\r\n")) {
            token = token.substring(0, token.length() - 2);
        } else if (token.endsWith("\n")) {
            token = token.substring(0, token.length() - 1);
        }
        if (token.isEmpty()) {
            throw new CliFailure(CliFailure.USAGE, "token file " + file + " is empty; write the session token into it");
        }
        for (int i = 0; i < bytes.length && i < token.length(); i++) {
            int b = bytes[i] & 0xff;
            if (b < 0x21 || b > 0x7e) {
                throw new CliFailure(CliFailure.USAGE, "token file " + file + " has a " + describe(b) + " at byte " + i
                        + "; a token is one line of printable ASCII without spaces");
            }
        }
        return token;
    }

    private static void refuseIfWorldReadable(Path file) throws CliFailure {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return; // not a POSIX file system: nothing to check
        } catch (NoSuchFileException e) {
            throw new CliFailure(CliFailure.USAGE, "token file " + file + " does not exist");
        } catch (IOException e) {
            throw new CliFailure(CliFailure.USAGE, "cannot read token file " + file + ": " + e.getMessage());
        }
        if (permissions.contains(PosixFilePermission.OTHERS_READ)) {
            throw new CliFailure(CliFailure.USAGE, "token file " + file + " is readable by every user ("
                    + PosixFilePermissions.toString(permissions) + "); run chmod 600 " + file
                    + " (for a Kubernetes Secret volume, set defaultMode: 0400)");
        }
    }

    private static String describe(int b) {
        return switch (b) {
            case ' ' -> "space";
            case '\n', '\r' -> "line break (more than one line)";
            case '\t' -> "tab";
            default -> String.format("byte 0x%02x", b);
        };
    }
}
