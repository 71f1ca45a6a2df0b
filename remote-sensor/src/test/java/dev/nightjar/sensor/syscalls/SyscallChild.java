package dev.nightjar.sensor.syscalls;

import dev.nightjar.testing.Requires;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A tiny C program, compiled once per test class with {@code cc}, that makes
 * known syscalls on command. It waits for "go" on stdin first, so a test can
 * put its pid into the filter before it does anything, then prints
 * "done ..." and holds its fds open until stdin closes.
 */
final class SyscallChild implements AutoCloseable {

    private static final String SOURCE = """
            #define _GNU_SOURCE
            #include <fcntl.h>
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            #include <arpa/inet.h>
            #include <netinet/in.h>
            #include <sys/socket.h>
            #include <sys/stat.h>
            #include <sys/wait.h>
            #include <time.h>
            #include <unistd.h>

            static void pause_ms(long ms) {
                struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
                nanosleep(&ts, NULL);
            }

            int main(int argc, char **argv) {
                char line[16];
                /* Loaded and linked: what follows "ready" is only the calls the test asks for. */
                printf("ready\\n");
                fflush(stdout);
                if (argc < 3 || !fgets(line, sizeof line, stdin)) return 2;
                long n = atol(argv[2]);
                if (!strcmp(argv[1], "sleep")) {            /* sleep MS COUNT */
                    for (long i = 0; i < atol(argv[3]); i++) pause_ms(n);
                    printf("done\\n");
                } else if (!strcmp(argv[1], "pipe")) {      /* pipe MS: read blocks until the child writes */
                    int fds[2];
                    struct stat st;
                    char c;
                    if (pipe(fds)) return 3;
                    pid_t child = fork();
                    if (child == 0) { pause_ms(n); if (write(fds[1], "x", 1) != 1) _exit(1); _exit(0); }
                    if (read(fds[0], &c, 1) != 1) return 4;
                    waitpid(child, NULL, 0);
                    fstat(fds[0], &st);
                    printf("done %d %lu\\n", fds[0], (unsigned long) st.st_ino);
                } else if (!strcmp(argv[1], "missing")) {   /* missing COUNT: openat of a file that is not there */
                    for (long i = 0; i < n; i++) {
                        if (openat(AT_FDCWD, "/nonexistent-nightjar/missing", O_RDONLY) >= 0) return 5;
                    }
                    printf("done\\n");
                } else if (!strcmp(argv[1], "udp")) {       /* udp MS: recvfrom times out on a bound socket */
                    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
                    socklen_t len = sizeof a;
                    struct timeval tv = { 0, n * 1000 };
                    char c;
                    int s = socket(AF_INET, SOCK_DGRAM, 0);
                    if (s < 0 || bind(s, (struct sockaddr *) &a, sizeof a)) return 6;
                    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
                    getsockname(s, (struct sockaddr *) &a, &len);
                    if (recvfrom(s, &c, 1, 0, NULL, NULL) >= 0) return 7;
                    printf("done %d %d\\n", s, ntohs(a.sin_port));
                } else if (!strcmp(argv[1], "busy")) {      /* busy COUNT: getppid and 2 ms sleeps */
                    for (long i = 0; i < n; i++) { getppid(); if (i % 100 == 0) pause_ms(2); }
                    printf("done\\n");
                }
                fflush(stdout);
                while (fgets(line, sizeof line, stdin)) { }
                return 0;
            }
            """;

    private static final long DONE_TIMEOUT_SECONDS = 20;

    private final Process process;
    private final BufferedReader out;
    private final OutputStream in;

    private SyscallChild(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = process.getOutputStream();
    }

    /** Compiles the program into {@code dir}; skips (or fails under CI) without a C compiler. */
    static Path compile(Path dir) {
        try {
            Path source = dir.resolve("sys_child.c");
            Path binary = dir.resolve("sys_child");
            Files.writeString(source, SOURCE);
            Process cc = new ProcessBuilder("cc", "-O1", "-o", binary.toString(), source.toString())
                    .redirectErrorStream(true).start();
            String output = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!cc.waitFor(60, TimeUnit.SECONDS) || cc.exitValue() != 0) {
                Requires.unavailable("cc could not build the syscall test program: " + output);
            }
            return binary;
        } catch (IOException e) {
            Requires.unavailable("needs a C compiler 'cc' for the syscall test program: " + e.getMessage());
            throw new AssertionError("unreachable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted compiling the syscall test program");
        }
    }

    static SyscallChild start(Path binary, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(List.of(args));
        SyscallChild child = new SyscallChild(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start());
        // The dynamic loader's own openat calls come before "ready"; a filter set after this never sees them.
        String first = child.readLine();
        if (!"ready".equals(first)) {
            child.process.destroyForcibly();
            throw new AssertionError("the syscall test program did not start: " + first);
        }
        return child;
    }

    private String readLine() throws IOException {
        java.util.concurrent.CompletableFuture<String> read = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            return read.get(DONE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
            throw new AssertionError("the syscall test program did not answer within " + DONE_TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    int pid() {
        return (int) process.pid();
    }

    /** Lets it run, and returns its "done ..." line once it has finished its calls. */
    String goAndAwaitDone() throws IOException {
        in.write("go\n".getBytes(StandardCharsets.US_ASCII));
        in.flush();
        String line = readLine();
        if (line == null || !line.startsWith("done")) {
            throw new AssertionError("the syscall test program ended without 'done' (exit "
                    + (process.isAlive() ? "still running" : process.exitValue()) + ")");
        }
        return line;
    }

    @Override
    public void close() {
        try {
            in.close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
