package dev.nightjar.desktop.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Credential plugins for tests: real shell scripts run as real processes, each writing what a
 * real plugin would (an ExecCredential on standard output; warnings, device codes and errors
 * on standard error) and leaving a trace in its directory (how often it ran, its pid).
 */
public final class PluginScripts {

    public static final String API_VERSION = "client.authentication.k8s.io/v1";

    private PluginScripts() {
    }

    /**
     * A plugin whose n-th run prints token {@code tok-n} valid for {@code lifeSeconds} from now,
     * and records "n expiryEpochSeconds" in {@code current} (what {@link TokenGate} accepts) and n in {@code count}.
     */
    static Path expiring(Path dir, int lifeSeconds) throws IOException {
        return script(dir, "expiring-plugin", """
                d="$(dirname "$0")"
                n=$(( $(cat "$d/count" 2>/dev/null || echo 0) + 1 ))
                echo "$n" > "$d/count"
                exp=$(( $(date +%%s) + %d ))
                echo "$n $exp" > "$d/current.tmp" && mv "$d/current.tmp" "$d/current"
                printf '{"apiVersion":"%s","kind":"ExecCredential","status":{"token":"tok-%%s","expirationTimestamp":"%%s"}}\\n' \\
                    "$n" "$(date -u -d "@$exp" +%%Y-%%m-%%dT%%H:%%M:%%SZ)"
                """.formatted(lifeSeconds, API_VERSION));
    }

    /** A plugin that prints a token, after {@code stderr} on standard error (a warning, say). */
    static Path withStderr(Path dir, String token, String stderr) throws IOException {
        return script(dir, "chatty-plugin", """
                echo '%s' >&2
                printf '{"apiVersion":"%s","kind":"ExecCredential","status":{"token":"%s"}}\\n'
                """.formatted(stderr, API_VERSION, token));
    }

    /**
     * A device-code login: prints its instructions on standard error, then waits (up to
     * {@code waitSeconds}) until the file {@code signed-in} appears in its directory, then prints a token.
     */
    public static Path deviceCode(Path dir, String code, String token, int waitSeconds) throws IOException {
        return script(dir, "kubelogin", """
                d="$(dirname "$0")"
                echo "$$" > "$d/pid"
                echo 'To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code %s to authenticate.' >&2
                i=0
                while [ ! -f "$d/signed-in" ] && [ $i -lt %d ]; do sleep 0.1; i=$((i+1)); done
                [ -f "$d/signed-in" ] || exit 1
                printf '{"apiVersion":"%s","kind":"ExecCredential","status":{"token":"%s"}}\n'
                """.formatted(code, waitSeconds * 10, API_VERSION, token));
    }

    /** A plugin that never answers: it starts a child that sleeps ten minutes and waits for it. */
    static Path hanging(Path dir) throws IOException {
        return script(dir, "hanging-plugin", """
                d="$(dirname "$0")"
                sleep 600 &
                echo "$$ $!" > "$d/pids"
                wait
                """);
    }

    /** A plugin that fails the way a logged-out CLI does. */
    static Path failing(Path dir, String stderr, int status) throws IOException {
        return script(dir, "failing-plugin", """
                echo '%s' >&2
                exit %d
                """.formatted(stderr, status));
    }

    /** A plugin that succeeds on its first run and fails (exit 1) on every later one. */
    static Path failsAfterFirst(Path dir, int lifeSeconds) throws IOException {
        return script(dir, "fails-later-plugin", """
                d="$(dirname "$0")"
                if [ -f "$d/ran" ]; then echo 'error: the SSO session has expired, run aws sso login' >&2; exit 1; fi
                touch "$d/ran"
                exp=$(( $(date +%%s) + %d ))
                echo "1 $exp" > "$d/current"
                printf '{"apiVersion":"%s","kind":"ExecCredential","status":{"token":"tok-1","expirationTimestamp":"%%s"}}\\n' \\
                    "$(date -u -d "@$exp" +%%Y-%%m-%%dT%%H:%%M:%%SZ)"
                """.formatted(lifeSeconds, API_VERSION));
    }

    /** A plugin that prints whatever {@code body} prints (for malformed output and the environment it is given). */
    static Path printing(Path dir, String body) throws IOException {
        return script(dir, "printing-plugin", body);
    }

    static int count(Path dir) throws IOException {
        Path f = dir.resolve("count");
        return Files.exists(f) ? Integer.parseInt(Files.readString(f).strip()) : 0;
    }

    private static Path script(Path dir, String name, String body) throws IOException {
        Files.createDirectories(dir);
        Path f = dir.resolve(name);
        Files.writeString(f, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwx------"));
        return f;
    }
}
