package dev.nightjar.sensor.libbpf;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;

/** getppid and gettid through FFM: real syscalls the test producer program reacts to. */
final class TestSyscalls {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle GETPPID = LINKER.downcallHandle(
            LINKER.defaultLookup().find("getppid").orElseThrow(), FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle GETTID = LINKER.downcallHandle(
            LINKER.defaultLookup().find("gettid").orElseThrow(), FunctionDescriptor.of(JAVA_INT));

    private TestSyscalls() {
    }

    static int getppid() {
        try {
            return (int) GETPPID.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static int gettid() {
        try {
            return (int) GETTID.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
