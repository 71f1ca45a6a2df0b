package dev.nightjar.sensor.security;

import dev.nightjar.protocol.v1.SecurityProcess;
import dev.nightjar.sensor.proc.ProcFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The processes the sensor knows, by pid, from fork/exec/exit records; a process seen first in
 * another record (it started before the sensor) is read from /proc once, except at its exec, whose
 * record holds all the tree keeps. Bounded: the oldest entries go first when full. Not
 * thread-safe: the collector uses it under its lock, on the enrichment thread (never the ring's
 * drain: the /proc reads may be slow).
 */
final class ProcessTree {

    static final int MAX_PROCESSES = 32_768;
    /** Ancestors listed at most (the container's init is usually within a few). */
    static final int MAX_ANCESTORS = 16;

    /** What the tree keeps per process. */
    static final class Node {
        final int pid;
        int ppid;
        String binary = "";
        List<String> argv = List.of();
        boolean argvTruncated;
        String comm = "";
        int uid;
        int euid;
        long capEffective;
        long capPermitted;
        long startTimeNs;
        long[] namespaces = new long[SecurityRecords.NAMESPACES];

        Node(int pid) {
            this.pid = pid;
        }

        SecurityProcess.Builder toProto() {
            return SecurityProcess.newBuilder().setPid(pid).setPpid(ppid).setBinary(binary).addAllArgv(argv)
                    .setArgvTruncated(argvTruncated).setComm(comm).setUid(uid).setEuid(euid)
                    .setCapEffective(capEffective).setCapPermitted(capPermitted).setStartTimeNs(startTimeNs);
        }
    }

    private final Path procRoot;
    private final Map<Integer, Node> nodes = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Node> eldest) {
            return size() > MAX_PROCESSES;
        }
    };

    ProcessTree(Path procRoot) {
        this.procRoot = procRoot;
    }

    int size() {
        return nodes.size();
    }

    /** The node for a record's process, updated with what the record says (creds, namespaces, comm). */
    Node observe(SecurityRecords.Event e) {
        Node node = nodes.get(e.pid());
        if (node == null) {
            node = fromProc(e.pid());
            nodes.put(e.pid(), node);
        }
        return update(node, e);
    }

    private static Node update(Node node, SecurityRecords.Event e) {
        node.ppid = e.ppid();
        node.comm = e.comm();
        node.uid = e.uid();
        node.euid = e.euid();
        node.capEffective = e.capEffective();
        node.capPermitted = e.capPermitted();
        node.startTimeNs = e.startTimeNs();
        node.namespaces = e.namespaces().clone();
        return node;
    }

    /** A new process: a copy of its parent's binary and argv (it runs the parent's image until it execs). */
    void fork(SecurityRecords.Event e) {
        Node parent = nodes.get(e.ppid());
        Node child = new Node(e.pid());
        if (parent != null) {
            child.binary = parent.binary;
            child.argv = parent.argv;
            child.argvTruncated = parent.argvTruncated;
        }
        nodes.put(e.pid(), child);
        observe(e);
    }

    /** The node before an exec updates it: a copy of what it was (for privilege comparisons). */
    Node snapshot(int pid) {
        Node node = nodes.get(pid);
        if (node == null) {
            return null;
        }
        Node copy = new Node(pid);
        copy.uid = node.uid;
        copy.euid = node.euid;
        copy.capEffective = node.capEffective;
        copy.capPermitted = node.capPermitted;
        copy.binary = node.binary;
        return copy;
    }

    /** The process runs a new image: the record says all of it, so an unknown process costs no /proc read. */
    void exec(SecurityRecords.Event e) {
        Node node = nodes.get(e.pid());
        if (node == null) {
            node = new Node(e.pid());
            nodes.put(e.pid(), node);
        }
        update(node, e);
        node.binary = e.path();
        node.argv = e.argv();
        node.argvTruncated = e.argvTruncated();
    }

    void exit(int pid) {
        nodes.remove(pid);
    }

    Node get(int pid) {
        return nodes.get(pid);
    }

    /**
     * The parent, its parent, ... nearest first: up to the first ancestor in another pid namespace
     * (the container's init's parent, the runtime, is left out), pid 1, or {@link #MAX_ANCESTORS}.
     */
    List<SecurityProcess> ancestors(Node of) {
        List<SecurityProcess> chain = new ArrayList<>();
        Node current = of;
        for (int i = 0; i < MAX_ANCESTORS && current.ppid > 0; i++) {
            Node parent = nodes.get(current.ppid);
            if (parent == null) {
                parent = fromProc(current.ppid);
                if (parent.comm.isEmpty()) {
                    break; // gone
                }
                nodes.put(parent.pid, parent);
            }
            if (parent.namespaces[1] != 0 && of.namespaces[1] != 0 && parent.namespaces[1] != of.namespaces[1]) {
                break;
            }
            chain.add(parent.toProto().build());
            if (parent.pid == 1) {
                break;
            }
            current = parent;
        }
        return chain;
    }

    /** The current working directory, read now (best effort: "" when the process is gone). */
    String cwd(int pid) {
        try {
            return Files.readSymbolicLink(procRoot.resolve(pid + "/cwd")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    /** What /proc says of a process the tree has not seen start. */
    private Node fromProc(int pid) {
        Node node = new Node(pid);
        Path dir = procRoot.resolve(Integer.toString(pid));
        try {
            node.binary = Files.readSymbolicLink(dir.resolve("exe")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            // kernel threads and processes of other users' namespaces have no readable exe
        }
        try {
            byte[] cmdline = ProcFiles.readBounded(dir.resolve("cmdline"), 4096);
            node.argv = SecurityRecords.argv(cmdline);
            node.comm = ProcFiles.readString(dir.resolve("comm"), 64).strip();
            for (String line : ProcFiles.readString(dir.resolve("status"), 8192).split("\n")) {
                String[] f = line.split("\\s+");
                switch (f[0]) {
                    case "PPid:" -> node.ppid = Integer.parseInt(f[1]);
                    case "Uid:" -> {
                        node.uid = Integer.parseInt(f[1]);
                        node.euid = Integer.parseInt(f[2]);
                    }
                    case "CapEff:" -> node.capEffective = Long.parseUnsignedLong(f[1], 16);
                    case "CapPrm:" -> node.capPermitted = Long.parseUnsignedLong(f[1], 16);
                    default -> { }
                }
            }
            node.namespaces = NamespaceInodes.of(procRoot, pid);
        } catch (IOException | RuntimeException e) {
            // gone meanwhile: what was read stays
        }
        return node;
    }

    @Override
    public String toString() {
        return "ProcessTree" + Arrays.toString(nodes.keySet().stream().limit(5).toArray());
    }
}
