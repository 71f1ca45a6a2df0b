package dev.nightjar.sensor.libbpf;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;

/**
 * Finds the system's libbpf before anything binds to it, so a missing or old
 * library becomes one clear {@link LibBpfUnavailableException} instead of a
 * class initialisation error.
 */
final class LibBpfLoader {

    static final String LIBRARY = "libbpf.so.1";
    private static final int MIN_MAJOR = 1;
    private static final int MIN_MINOR = 1;

    private static volatile LibBpf instance;

    private LibBpfLoader() {
    }

    static LibBpf system() {
        LibBpf lib = instance;
        if (lib != null) {
            return lib;
        }
        synchronized (LibBpfLoader.class) {
            if (instance == null) {
                instance = load();
            }
            return instance;
        }
    }

    private static LibBpf load() {
        try {
            SymbolLookup.libraryLookup(LIBRARY, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new LibBpfUnavailableException("dlopen", LIBRARY + " not found (" + e.getMessage()
                    + "); install libbpf 1.1 or newer: apt-get install libbpf1, dnf install libbpf");
        }
        LibBpf lib;
        try {
            lib = NativeLibBpf.INSTANCE;
        } catch (ExceptionInInitializerError | NoClassDefFoundError e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new LibBpfUnavailableException("dlsym", LIBRARY + " lacks a function the sensor needs ("
                    + cause.getMessage() + "); install libbpf 1.1 or newer");
        }
        String[] version = lib.version().split("\\.");
        int major = Integer.parseInt(version[0]);
        int minor = Integer.parseInt(version[1]);
        if (major < MIN_MAJOR || (major == MIN_MAJOR && minor < MIN_MINOR)) {
            throw new LibBpfUnavailableException("libbpf_major_version", LIBRARY + " is version " + lib.version()
                    + "; the sensor needs " + MIN_MAJOR + "." + MIN_MINOR + " or newer");
        }
        return lib;
    }
}
