package dev.nightjar.desktop.ui.workbench;

/** The views of an open capture, in navigation order. */
public enum WorkbenchPage {
    OVERVIEW("Overview", "mdi2v-view-dashboard-outline"),
    FLOWS("Flows", "mdi2s-swap-horizontal"),
    DROPS("Drops", "mdi2p-package-variant-remove"),
    SYSCALLS("Syscalls", "mdi2t-timeline-clock-outline"),
    FLAME_GRAPH("Flame graph", "mdi2f-fire"),
    // Newer pages last, so the older pages keep their Ctrl+digit.
    REQUESTS("Requests", "mdi2w-web"),
    SECURITY("Security", "mdi2s-shield-alert-outline");

    private final String title;
    private final String icon;

    WorkbenchPage(String title, String icon) {
        this.title = title;
        this.icon = icon;
    }

    public String title() {
        return title;
    }

    public String icon() {
        return icon;
    }

    public WorkbenchPage next() {
        return values()[(ordinal() + 1) % values().length];
    }
}
