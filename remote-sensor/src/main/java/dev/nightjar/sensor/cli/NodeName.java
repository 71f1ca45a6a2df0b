package dev.nightjar.sensor.cli;

import dev.nightjar.sensor.proc.ProcFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The name the sensor stamps on events: {@code --node-name}, else the
 * {@code NODE_NAME} environment variable (the pod spec sets it from
 * {@code spec.nodeName}: inside a pod the host name is the pod's, not the
 * node's), else this machine's host name.
 */
final class NodeName {

    static final String ENV = "NODE_NAME";

    private NodeName() {
    }

    static String resolve(String option, Map<String, String> env, Path procSelfRoot) {
        if (option != null && !option.isBlank()) {
            return option.strip();
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip();
        }
        try {
            String host = ProcFiles.readString(procSelfRoot.resolve("sys/kernel/hostname"), 256).strip();
            if (!host.isEmpty()) {
                return host;
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown-node";
    }
}
