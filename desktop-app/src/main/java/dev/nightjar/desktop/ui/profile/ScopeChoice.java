package dev.nightjar.desktop.ui.profile;

/** One entry of a scope choice box: what the user reads, and the value ({@code null} means "any"). */
public record ScopeChoice<T>(String label, T value) {

    public static <T> ScopeChoice<T> any(String label) {
        return new ScopeChoice<>(label, null);
    }

    public boolean isAny() {
        return value == null;
    }

    @Override
    public String toString() {
        return label;
    }
}
