package dev.nightjar.desktop.profile;

import dev.nightjar.protocol.v1.FrameKind;

/** The colour groups of a flame graph: what kind of code a frame is. */
public enum FrameCategory {
    KERNEL("Kernel"),
    NATIVE("Native"),
    MANAGED("JIT / interpreted"),
    UNKNOWN("Unknown"),
    /** Not code: the frame a process's stacks hang under when the graph is grouped by process. */
    PROCESS("Process");

    private final String title;

    FrameCategory(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    public static FrameCategory of(FrameKind kind) {
        return switch (kind) {
            case FRAME_KIND_KERNEL -> KERNEL;
            case FRAME_KIND_NATIVE -> NATIVE;
            case FRAME_KIND_JIT, FRAME_KIND_INTERPRETED -> MANAGED;
            case FRAME_KIND_UNSPECIFIED, FRAME_KIND_UNKNOWN, UNRECOGNIZED -> UNKNOWN;
        };
    }

    /** The kind as a person reads it in a tooltip, e.g. "JIT". */
    public static String label(FrameKind kind) {
        return switch (kind) {
            case FRAME_KIND_KERNEL -> "kernel";
            case FRAME_KIND_NATIVE -> "native";
            case FRAME_KIND_JIT -> "JIT";
            case FRAME_KIND_INTERPRETED -> "interpreted";
            case FRAME_KIND_UNSPECIFIED, FRAME_KIND_UNKNOWN, UNRECOGNIZED -> "unknown";
        };
    }
}
