package dev.nightjar.sensor.flows;

import dev.nightjar.sensor.libbpf.BpfMap;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The TCP listeners that exist when the sensor starts, in every network
 * namespace a process is in, written into {@code nj_listeners}
 * (bpf/flows.bpf.c). The kernel records listen() calls it sees; these are the
 * ones made before. They decide the role of connections older than the
 * sensor: a socket whose local port is a listener's in its namespace was
 * accepted. {@code /proc/PID/task/TID/net/tcp} shows the namespace of that
 * thread, so one thread per namespace is read.
 */
final class ListeningPorts {

    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final String TCP_LISTEN = "0A";
    /** Bounds the scan on a node with very many threads. */
    private static final int MAX_TASKS = 262_144;

    private ListeningPorts() {
    }

    /**
     * Writes each listener into {@code listeners} (by netns, port, family) and counts it in
     * {@code listenPorts} (by port, node-wide).
     *
     * @return listeners written; what cannot be read (a process gone meanwhile) is skipped
     */
    static int seed(Path procRoot, BpfMap listeners, BpfMap listenPorts, int capacity) {
        Set<Long> namespaces = new HashSet<>();
        int written = 0;
        int tasks = 0;
        try (Arena arena = Arena.ofConfined(); DirectoryStream<Path> pids = Files.newDirectoryStream(procRoot,
                ListeningPorts::isNumber)) {
            MemorySegment key = arena.allocate(8, 4);
            MemorySegment owner = arena.allocate(SocketOwner.SIZE, 4);
            // pid 0: which task listens is not in the table; the first one doing I/O takes over.
            owner.set(ValueLayout.JAVA_BYTE, SocketOwner.SOURCE, SocketOwner.SOURCE_LISTENER);
            for (Path pid : pids) {
                // Threads, not only processes: a thread can enter a namespace of its own (setns).
                try (DirectoryStream<Path> threads = Files.newDirectoryStream(pid.resolve("task"),
                        ListeningPorts::isNumber)) {
                    for (Path task : threads) {
                        if (++tasks > MAX_TASKS || written >= capacity) {
                            return written;
                        }
                        long netns = netnsInode(task);
                        if (netns == 0 || !namespaces.add(netns)) {
                            continue;
                        }
                        key.set(ValueLayout.JAVA_INT, 0, (int) netns);
                        written += write(task.resolve("net/tcp"), AF_INET, key, owner, listeners, listenPorts);
                        written += write(task.resolve("net/tcp6"), AF_INET6, key, owner, listeners, listenPorts);
                    }
                } catch (IOException | RuntimeException e) {
                    // the process exited meanwhile
                }
            }
        } catch (IOException e) {
            // no /proc to read: only the listen() calls seen from now on count
        }
        return written;
    }

    private static boolean isNumber(Path p) {
        String name = p.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }

    private static long netnsInode(Path pid) {
        try {
            String link = Files.readSymbolicLink(pid.resolve("ns/net")).toString(); // net:[4026531840]
            return Long.parseLong(link.substring(link.indexOf('[') + 1, link.indexOf(']')));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static int write(Path table, int family, MemorySegment key, MemorySegment owner, BpfMap listeners,
                             BpfMap listenPorts) {
        int written = 0;
        try (Arena arena = Arena.ofConfined(); BufferedReader in = Files.newBufferedReader(table)) {
            MemorySegment port = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment count = arena.allocate(ValueLayout.JAVA_INT);
            in.readLine(); // header
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] fields = line.trim().split("\\s+", 5);
                if (fields.length < 4 || !fields[3].equals(TCP_LISTEN)) {
                    continue;
                }
                String local = fields[1]; // hex address:port
                int number = Integer.parseInt(local.substring(local.indexOf(':') + 1), 16);
                key.set(ValueLayout.JAVA_SHORT, 4, (short) number);
                key.set(ValueLayout.JAVA_SHORT, 6, (short) family);
                listeners.update(key, owner, BpfMap.UpdateMode.ANY);
                port.set(ValueLayout.JAVA_INT, 0, number);
                int before = listenPorts.lookup(port, count) ? count.get(ValueLayout.JAVA_INT, 0) : 0;
                count.set(ValueLayout.JAVA_INT, 0, before + 1);
                listenPorts.update(port, count, BpfMap.UpdateMode.ANY);
                written++;
            }
        } catch (IOException | RuntimeException e) {
            // the process exited, or the table is unreadable: skip it
        }
        return written;
    }
}
