package dev.nightjar.installer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * .ci/run's check that it installs everything the build uses. The build runs under strace; this
 * reads the trace and judges each program the build and its tests executed and each shared
 * library they opened, when a Debian package ships it: it must come from a package .ci/run
 * installs (or one those depend on), or from one every Debian system has (Essential, or Priority
 * required or important). One from any other package is there only because someone installed it
 * by hand, and a fresh CI machine will not have it. Other opened files are not judged: programs
 * open many a configuration file only if it exists (locale aliases, say). Nor are files no
 * package ships (the JDK, ~/.m2, the checkout), or what ran chrooted into another root
 * (InstalledDebIT judges its own root).
 *
 * <p>Run with the JDK's source launcher (it compiles the classes this one uses from the same
 * directory): {@code java HostUseAudit.java STRACE_LOG CI_SCRIPT}. Exit status 1 and a list of
 * packages to add when something is missing.
 */
public final class HostUseAudit {

    /** What debootstrap installs by default: present on any Debian system CI could start from. */
    private static final Set<String> BASE_PRIORITIES = Set.of("required", "important");
    private static final Pattern MODULE = Pattern.compile("(/[^\\s:]+)/target/");
    private static final Pattern SHARED_OBJECT = Pattern.compile("lib.*\\.so(\\.[0-9]+)*");

    private HostUseAudit() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java HostUseAudit.java STRACE_LOG CI_SCRIPT");
            System.exit(2);
        }
        Set<String> listed = listedPackages(Files.readString(Path.of(args[1])));
        DebianPackages installed = DebianPackages.parse(Command.run(Duration.ofMinutes(1),
                "dpkg-query", "-W", "-f", DebianPackages.QUERY_FORMAT).output());
        StraceLog log;
        try (Stream<String> lines = Files.lines(Path.of(args[0]))) {
            log = StraceLog.parse(lines.toList());
        }
        List<String> report = audit(log, listed, installed, DpkgFiles.read(Path.of("/var/lib/dpkg/info")));
        if (report.isEmpty()) {
            System.out.println("host-use audit: every packaged program and library the build used comes from .ci/run's packages"
                    + " or a base Debian system (" + log.uses().size() + " uses checked)");
            return;
        }
        System.err.println("host-use audit FAILED: the build used files from Debian packages that " + args[1]
                + " does not install,\nso it passed here only because they were installed by hand; a fresh CI"
                + " machine lacks them.\nAdd each package (or one that depends on it) to the packages list in "
                + args[1] + ", with a comment saying which test needs it:");
        report.forEach(line -> System.err.println("  " + line));
        System.exit(1);
    }

    /** One line per missing package: the package, what of it was used, and by whom. */
    static List<String> audit(StraceLog log, Set<String> listed, DebianPackages installed, DpkgFiles files) {
        Set<String> roots = new TreeSet<>(listed);
        roots.addAll(installed.essential());
        roots.addAll(installed.withPriority(BASE_PRIORITIES));
        Set<String> allowed = installed.closure(roots);
        Map<String, Set<String>> missing = new LinkedHashMap<>();
        for (StraceLog.Use use : log.uses()) {
            Path path = Path.of(use.path());
            if (path.getFileName() == null) {
                continue; // "/" itself, opened as a directory (by the JDK's file walks and chroot tools)
            }
            String name = path.getFileName().toString();
            if (!(use.executed() || SHARED_OBJECT.matcher(name).matches()) || !Files.isRegularFile(path)) {
                continue; // other files; directories, devices, files gone since, paths of failed calls
            }
            if (name.startsWith("libnss_")) {
                continue; // NSS modules: whatever looks up a user loads those the host's nsswitch.conf names
            }
            Set<String> owners = new TreeSet<>(files.owners(use.path()));
            owners.addAll(files.owners(realPath(path)));
            if (owners.isEmpty() || owners.stream().anyMatch(allowed::contains)) {
                continue;
            }
            String example = use.path() + (use.executed() ? " executed" : " opened") + " by " + who(use);
            missing.computeIfAbsent(String.join(" or ", owners), k -> new LinkedHashSet<>()).add(example);
        }
        List<String> report = new ArrayList<>();
        missing.forEach((pkg, examples) -> report.add(pkg + ": " + examples.iterator().next()
                + (examples.size() > 1 ? " (and " + (examples.size() - 1) + " more)" : "")));
        for (String pkg : listed) {
            if (!installed.isInstalled(pkg)) {
                report.add(pkg + ": listed in .ci/run but not installed here, so this audit cannot vouch for it");
            }
        }
        return report;
    }

    /** The packages in .ci/run's {@code packages=( ... )} list; comments in the list are allowed. */
    static Set<String> listedPackages(String script) {
        Set<String> packages = new LinkedHashSet<>();
        boolean inList = false;
        for (String line : script.lines().toList()) {
            String code = line.replaceAll("#.*$", "").strip();
            if (!inList && code.startsWith("packages=(")) {
                inList = true;
                code = code.substring("packages=(".length());
            }
            if (inList) {
                boolean end = code.endsWith(")");
                for (String word : code.replace(")", " ").split("\\s+")) {
                    if (!word.isEmpty()) {
                        packages.add(word);
                    }
                }
                if (end) {
                    return packages;
                }
            }
        }
        throw new IllegalArgumentException("no packages=( ... ) list found");
    }

    /** The command line, shortened, and the module whose tests ran it when its ancestry shows one. */
    private static String who(StraceLog.Use use) {
        String command = String.join(" ", use.commandLine());
        String shortened = command.length() > 100 ? command.substring(0, 97) + "..." : command;
        Matcher module = MODULE.matcher(String.join(" ", use.testProcess()));
        return "'" + shortened + "'" + (module.find() ? " under " + module.group(1) : "");
    }

    private static String realPath(Path path) {
        try {
            return path.toRealPath().toString();
        } catch (IOException e) {
            return path.toString();
        }
    }
}
