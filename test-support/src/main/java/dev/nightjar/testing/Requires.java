package dev.nightjar.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The project's one rule for tests that need something of the machine (root, kernel BTF, a
 * tool, a built artifact): when it is missing the test is skipped with the reason, except
 * under {@code CI=true}, where every test must run and so fails with that reason instead. A
 * skipped test is never counted as passing in CI.
 *
 * <p>Call these first in a test or its {@code @BeforeAll}/{@code @BeforeEach}. Each returns
 * normally only when the requirement is met. For a condition of your own use
 * {@link #that(boolean, String)}; never JUnit's {@code Assumptions} directly, which skip
 * under CI too.
 */
public final class Requires {

    static final String BTF = "/sys/kernel/btf/vmlinux";

    /** Where the CI variable is read from; only RequiresTest replaces it, to try both modes. */
    static volatile UnaryOperator<String> environment = System::getenv;

    private Requires() {
    }

    /** True under {@code CI=true}: a requirement that is not met fails the test. */
    public static boolean underCi() {
        return "true".equalsIgnoreCase(environment.apply("CI"));
    }

    /**
     * Skips the test with {@code reason}, or fails it under CI. Never returns; typed so that
     * {@code return Requires.unavailable(...)} and {@code throw}-like use both compile.
     */
    public static <T> T unavailable(String reason) {
        if (underCi()) {
            Assertions.fail("CI=true requires this test to run, but: " + reason);
        }
        return Assumptions.abort(reason);
    }

    /** Goes on when {@code condition} holds; otherwise {@link #unavailable(String) unavailable(reason)}. */
    public static void that(boolean condition, String reason) {
        if (!condition) {
            unavailable(reason);
        }
    }

    /** The effective uid is 0. */
    public static void root() {
        that(isRoot(), "needs root (uid is not 0)");
    }

    /** The effective uid is 0; {@code toDoWhat} says why, e.g. "load eBPF programs". */
    public static void root(String toDoWhat) {
        that(isRoot(), "needs root to " + toDoWhat + " (uid is not 0)");
    }

    /** Kernel BTF is readable: CO-RE programs can be loaded and kernel types read. */
    public static void btf() {
        that(Files.isReadable(Path.of(BTF)), "needs kernel BTF at " + BTF + " (CONFIG_DEBUG_INFO_BTF)");
    }

    /** Each tool is an executable on PATH (or in /usr/sbin, /sbin, which a user's PATH may lack). */
    public static void tool(String... names) {
        for (String name : names) {
            that(onPath(name), "needs '" + name + "' on PATH");
        }
    }

    /** As {@link #tool(String...)}, naming the Debian packages that provide the tools. */
    public static void toolsFrom(String debianPackages, String... names) {
        for (String name : names) {
            that(onPath(name), "needs '" + name + "' on PATH (apt-get install " + debianPackages + ")");
        }
    }

    /** A regular file exists; {@code howToMakeIt} tells the reader how to get it. Returns it. */
    public static Path file(Path file, String howToMakeIt) {
        that(Files.isRegularFile(file), "needs " + file + " (" + howToMakeIt + ")");
        return file;
    }

    /**
     * This checkout's sensor jar, {@code remote-sensor/target/nightjar-sensor.jar} with its
     * {@code lib/} beside it, as built by the remote-sensor module's {@code package} phase.
     * Modules whose tests start it declare a dependency on {@code nightjar-remote-sensor} so the
     * reactor builds it first ({@code ./mvnw -pl desktop-app -am verify}).
     */
    public static Path sensorJar() {
        Path checkout = checkoutRoot();
        Path jar = checkout.resolve("remote-sensor/target/nightjar-sensor.jar");
        return file(jar, "build it first: ./mvnw -pl remote-sensor -am package, or run this module's tests"
                + " with -am through verify");
    }

    /** The directory holding remote-sensor/pom.xml, searched from the working directory upwards. */
    private static Path checkoutRoot() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("remote-sensor/pom.xml"))) {
                return dir;
            }
        }
        return unavailable("needs a Nightjar checkout (remote-sensor/pom.xml) above " + start);
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0"); // effective uid
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    private static boolean onPath(String name) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"));
        for (String dir : dirs) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }
}
