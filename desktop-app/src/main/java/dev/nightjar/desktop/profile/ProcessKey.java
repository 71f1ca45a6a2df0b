package dev.nightjar.desktop.profile;

/** A process as the profiler names it: pid plus command name (pids are reused, so both). */
public record ProcessKey(int pid, String comm) {

    public String label() {
        return comm + " (" + pid + ")";
    }
}
