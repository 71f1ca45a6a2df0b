package dev.nightjar.desktop.ui.workbench;

/** The views of an open capture, in navigation order, each with its Ctrl+digit. */
public enum WorkbenchPage {
    OVERVIEW("Overview", "mdi2v-view-dashboard-outline", 1),
    FLOWS("Flows", "mdi2s-swap-horizontal", 2),
    DROPS("Drops", "mdi2p-package-variant-remove", 3),
    SYSCALLS("Syscalls", "mdi2t-timeline-clock-outline", 4),
    FLAME_GRAPH("Flame graph", "mdi2f-fire", 5),
    // New pages go last with the next digit, so the older pages keep theirs.
    REQUESTS("Requests", "mdi2w-web", 6),
    SECURITY("Security", "mdi2s-shield-alert-outline", 7),
    SERVICE_MAP("Service map", "mdi2s-sitemap", 8);

    private final String title;
    private final String icon;
    private final int digit;

    WorkbenchPage(String title, String icon, int digit) {
        this.title = title;
        this.icon = icon;
        this.digit = digit;
    }

    /** Ctrl+this digit shows the page (1 … 9, each used once). */
    public int digit() {
        return digit;
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
