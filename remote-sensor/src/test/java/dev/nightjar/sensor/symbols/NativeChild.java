package dev.nightjar.sensor.symbols;

import dev.nightjar.testing.Requires;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A small C program with distinctive function names, compiled with {@code cc} as a PIE and as a
 * non-PIE executable, linked against a shared library of its own; a second library can be
 * dlopen'ed on command. It prints the addresses of its functions (as the running process sees
 * them) and waits on stdin.
 */
final class NativeChild implements AutoCloseable {

    private static final String MAIN = """
            #include <dlfcn.h>
            #include <stdio.h>
            #include <string.h>
            extern int nj_lib_work(int n);
            extern void *nj_lib_address(void);
            volatile int nj_sink;
            __attribute__((noinline)) int nj_main_alpha(int n) {
                int s = 0;
                for (int i = 0; i < n; i++) { s += i * i; nj_sink = s; }
                return s;
            }
            __attribute__((noinline)) int nj_main_beta(int n) {
                return nj_main_alpha(n) + nj_lib_work(n) + 1;
            }
            int main(void) {
                char line[4096];
                nj_main_beta(3);
                /* The library names its own function: an address taken here would be a PLT stub. */
                printf("alpha %p\\nbeta %p\\nlib %p\\nready\\n", (void *) nj_main_alpha, (void *) nj_main_beta,
                       nj_lib_address());
                fflush(stdout);
                while (fgets(line, sizeof line, stdin)) {
                    line[strcspn(line, "\\n")] = 0;
                    if (!strncmp(line, "dlopen ", 7)) {
                        void *h = dlopen(line + 7, RTLD_NOW);
                        printf("plugin %p\\n", h ? dlsym(h, "nj_plugin_work") : NULL);
                        fflush(stdout);
                    } else if (!strcmp(line, "exit")) {
                        return 0;
                    }
                }
                return 0;
            }
            """;

    private static final String LIB = """
            volatile int nj_lib_sink;
            __attribute__((noinline)) int nj_lib_work(int n) {
                int s = 1;
                for (int i = 0; i < n; i++) { s *= 3; nj_lib_sink = s; }
                return s;
            }
            void *nj_lib_address(void) { return (void *) nj_lib_work; }
            """;

    private static final String PLUGIN = """
            volatile int nj_plugin_sink;
            __attribute__((noinline)) int nj_plugin_work(int n) {
                int s = 7;
                for (int i = 0; i < n; i++) { s ^= i * 31; nj_plugin_sink = s; }
                return s;
            }
            """;

    /** The compiled programs in one directory. */
    record Binaries(Path dir, Path pie, Path noPie, Path lib, Path plugin) {}

    static Binaries compile(Path dir) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of("/usr/bin/cc"))) {
            Requires.unavailable("needs a C compiler at /usr/bin/cc (apt-get install gcc)");
        }
        Files.writeString(dir.resolve("main.c"), MAIN);
        Files.writeString(dir.resolve("lib.c"), LIB);
        Files.writeString(dir.resolve("plugin.c"), PLUGIN);
        Path lib = dir.resolve("libnjlib.so");
        Path plugin = dir.resolve("libnjplugin.so");
        Path pie = dir.resolve("nj_pie");
        Path noPie = dir.resolve("nj_nopie");
        run(dir, "cc", "-O1", "-shared", "-fPIC", "-o", lib.toString(), "lib.c");
        run(dir, "cc", "-O1", "-shared", "-fPIC", "-o", plugin.toString(), "plugin.c");
        String rpath = "-Wl,-rpath," + dir;
        run(dir, "cc", "-O1", "-fPIE", "-pie", "-o", pie.toString(), "main.c", "-L" + dir, "-lnjlib", rpath, "-ldl");
        run(dir, "cc", "-O1", "-fno-pie", "-no-pie", "-o", noPie.toString(), "main.c", "-L" + dir, "-lnjlib", rpath,
                "-ldl");
        return new Binaries(dir, pie, noPie, lib, plugin);
    }

    static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    /** {@code nm -S}: symbol name → size, for the functions of a binary. */
    static Map<String, Long> sizes(Path binary) throws IOException, InterruptedException {
        Map<String, Long> sizes = new HashMap<>();
        for (String line : run(binary.getParent(), "nm", "-S", binary.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 4) {
                sizes.put(f[3], Long.parseLong(f[1], 16));
            }
        }
        return sizes;
    }

    private final Process process;
    private final BufferedReader out;
    private final OutputStream in;
    final Map<String, Long> addresses = new HashMap<>();

    NativeChild(Path executable) throws Exception {
        process = new ProcessBuilder(List.of(executable.toString())).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        in = process.getOutputStream();
        for (int i = 0; i < 10; i++) {
            String line = readLine();
            if (line.equals("ready")) {
                return;
            }
            String[] f = line.split(" ");
            addresses.put(f[0], Long.parseUnsignedLong(f[1].replaceFirst("^0x", ""), 16));
        }
        throw new IllegalStateException("the child never said ready: " + addresses);
    }

    int pid() {
        return (int) process.pid();
    }

    long address(String what) {
        return addresses.get(what);
    }

    /** dlopen's a library in the child; the address of its nj_plugin_work. */
    long dlopen(Path library) throws Exception {
        command("dlopen " + library);
        String line = readLine();
        if (!line.startsWith("plugin 0x")) {
            throw new IllegalStateException("dlopen failed in the child: " + line);
        }
        return Long.parseUnsignedLong(line.substring("plugin 0x".length()), 16);
    }

    /** Tells the child to exit and waits until it has. */
    void exit() throws Exception {
        command("exit");
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the child did not exit");
        }
    }

    /** The child's executable mapping of a file whose path ends with {@code suffix}. */
    MappedRegion executableRegion(String suffix) {
        return ProcMaps.read(Path.of("/proc"), pid()).orElseThrow().regions().stream()
                .filter(r -> r.path().endsWith(suffix)).findFirst().orElseThrow();
    }

    private void command(String line) throws IOException {
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    private String readLine() throws Exception {
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        if (line == null) {
            throw new IllegalStateException("the child closed its output");
        }
        return line;
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
