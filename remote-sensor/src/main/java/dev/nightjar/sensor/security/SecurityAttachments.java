package dev.nightjar.sensor.security;

import dev.nightjar.sensor.libbpf.BpfAttachException;
import dev.nightjar.sensor.libbpf.BpfLink;
import dev.nightjar.sensor.libbpf.BpfObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The security programs' links: attached only while some stream runs a policy. A syscall
 * tracepoint attached puts every task of the node on the kernel's traced syscall path, so
 * nothing stays attached for nobody. A syscall tracepoint this kernel does not have
 * (init_module without CONFIG_MODULES) is left out and named in {@link #missing()}.
 *
 * <p>Not thread-safe: its collector calls it under its filter lock.
 */
final class SecurityAttachments {

    private final BpfObject object;
    private final Set<String> unloaded;
    private final List<BpfLink> links = new ArrayList<>();
    private final List<String> missing = new ArrayList<>();

    /** @param unloaded programs not loaded (the file-open hooks not in use) */
    SecurityAttachments(BpfObject object, Set<String> unloaded) {
        this.object = object;
        this.unloaded = Set.copyOf(unloaded);
    }

    boolean attached() {
        return !links.isEmpty();
    }

    void attach() {
        if (attached()) {
            return;
        }
        missing.clear();
        try {
            for (String program : object.programNames()) {
                if (!unloaded.contains(program)) {
                    attach(program);
                }
            }
        } catch (RuntimeException e) {
            detach();
            throw e;
        }
    }

    private void attach(String program) {
        try {
            links.add(object.program(program).attach());
        } catch (BpfAttachException e) {
            if (!program.startsWith("nj_sec_enter_") && !program.startsWith("nj_sec_exit_")) {
                throw e;
            }
            missing.add(program.replaceFirst("^nj_sec_(enter|exit)_", "") + " (" + e.errorText() + ")");
        }
    }

    void detach() {
        for (BpfLink link : links) {
            link.close();
        }
        links.clear();
    }

    /** The syscalls whose tracepoint could not be attached at the last attach. */
    List<String> missing() {
        return List.copyOf(missing);
    }
}
