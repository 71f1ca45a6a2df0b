package dev.nightjar.sensor.syscalls;

import dev.nightjar.sensor.proc.ProcFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a process's file descriptor refers to, read from the proc root while
 * the process (probably) still has it open: a file path, a pipe, or a socket
 * with its TCP/UDP tuple when the process's network namespace lists it.
 * Best effort: when it cannot tell, it says why ("fd 7: process gone").
 */
final class FdTargets {

    private static final Pattern SOCKET = Pattern.compile("socket:\\[(\\d+)]");
    /** /proc/PID/net/tcp is one line per socket; a busy server's table is not read past this. */
    private static final int MAX_NET_TABLE_BYTES = 1 << 20;
    private static final List<String> NET_TABLES = List.of("tcp", "tcp6", "udp", "udp6");

    private final Path procRoot;

    FdTargets(Path procRoot) {
        this.procRoot = procRoot;
    }

    String describe(int pid, int fd) {
        if (fd < 0) {
            return "";
        }
        Path process = procRoot.resolve(Integer.toString(pid));
        String link;
        try {
            link = Files.readSymbolicLink(process.resolve("fd").resolve(Integer.toString(fd))).toString();
        } catch (NoSuchFileException e) {
            return Files.exists(process) ? "fd " + fd + ": closed before it could be read" : "fd " + fd + ": process gone";
        } catch (AccessDeniedException e) {
            return "fd " + fd + ": not readable (the sensor needs CAP_SYS_PTRACE)";
        } catch (IOException | UnsupportedOperationException e) {
            return "fd " + fd + ": unreadable (" + e.getMessage() + ")";
        }
        Matcher socket = SOCKET.matcher(link);
        if (socket.matches()) {
            return socketTuple(process, socket.group(1)).orElse(link);
        }
        return link;
    }

    /** "tcp 10.0.0.1:80->10.0.0.2:5000" for a socket listed in the process's namespace tables. */
    private Optional<String> socketTuple(Path process, String inode) {
        for (String table : NET_TABLES) {
            String text;
            try {
                text = ProcFiles.readString(process.resolve("net").resolve(table), MAX_NET_TABLE_BYTES);
            } catch (IOException e) {
                continue;
            }
            for (String line : text.split("\n")) {
                String[] f = line.trim().split("\\s+");
                // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...
                if (f.length > 9 && f[9].equals(inode)) {
                    return Optional.of(table.replace("6", "") + " " + endpoint(f[1]) + "->" + endpoint(f[2]));
                }
            }
        }
        return Optional.empty();
    }

    /** "0100007F:1F90" (address in the kernel's byte order, 32-bit words) to "127.0.0.1:8080". */
    static String endpoint(String hex) {
        int colon = hex.indexOf(':');
        String addr = hex.substring(0, colon);
        int port = Integer.parseInt(hex.substring(colon + 1), 16);
        byte[] bytes = new byte[addr.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            long value = Long.parseLong(addr.substring(word * 8, word * 8 + 8), 16);
            for (int b = 0; b < 4; b++) { // each 32-bit word is printed as a little-endian number
                bytes[word * 4 + b] = (byte) (value >>> (8 * b));
            }
        }
        try {
            String host = InetAddress.getByAddress(bytes).getHostAddress();
            return (bytes.length == 16 ? "[" + host + "]" : host) + ":" + port;
        } catch (UnknownHostException e) {
            return hex;
        }
    }
}
