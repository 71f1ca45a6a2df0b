package dev.nightjar.installer;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Who is connected to whom over TCP, from /proc: a process's sockets and the kernel's table of them. */
final class TcpConnections {

    private static final String LISTEN = "0A";
    private static final String ESTABLISHED = "01";

    private TcpConnections() {
    }

    /** Whether CLIENT holds an established connection to a port SERVER listens on. */
    static boolean connected(long client, long server) throws IOException {
        Set<Long> serverSockets = sockets(server);
        Set<Long> clientSockets = sockets(client);
        Set<Integer> listening = new HashSet<>();
        List<String[]> table = table(server);
        for (String[] row : table) {
            if (row[3].equals(LISTEN) && serverSockets.contains(Long.parseLong(row[9]))) {
                listening.add(port(row[1]));
            }
        }
        for (String[] row : table) {
            if (row[3].equals(ESTABLISHED) && clientSockets.contains(Long.parseLong(row[9]))
                    && listening.contains(port(row[2]))) {
                return true;
            }
        }
        return false;
    }

    /** The inodes of PID's open sockets. */
    private static Set<Long> sockets(long pid) throws IOException {
        Set<Long> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                    }
                } catch (IOException closedMeanwhile) {
                    // the fd went away while we listed them
                }
            }
        }
        return inodes;
    }

    /** Rows of /proc/PID/net/tcp and tcp6 (PID's network namespace), split into fields. */
    private static List<String[]> table(long pid) throws IOException {
        List<String[]> rows = new java.util.ArrayList<>();
        for (String file : List.of("tcp", "tcp6")) {
            Path path = Path.of("/proc", Long.toString(pid), "net", file);
            if (Files.exists(path)) {
                Files.readAllLines(path).stream().skip(1).map(l -> l.strip().split("\\s+")).filter(f -> f.length > 9)
                        .forEach(rows::add);
            }
        }
        return rows;
    }

    /** "0100007F:1F90" → 8080. */
    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1), 16);
    }
}
